"""Resolved sentences -> positions: demands, rejections, threats and offers
with holder, addressee, content, issues, precondition, rejected target and
triggering position.

Cue words come from the lexicon (kg/data/cues.toml). The rules cover the
forms German news uses: verb-second and verb-final clauses, separable verbs
("lehnt … ab"), the perfect ("hatte … ausgeschlossen"), passive ("wird von
der Ukraine abgelehnt"), Konjunktiv I ("Russland verlange"), relative
clauses ("der eine Waffenruhe anmahnte", "was Moskau zurückwies"),
coordinated verbs ("…, forderte aber …"), prepositional cues ("drängt auf",
"droht mit"), topicalised objects ("Einen Rückzug lehnt Kiew ab"), negated
acceptance ("werde … nicht anerkennen"), readiness ("Wir sind bereit") and
"für X stehen … im Fokus". Coordinated objects become separate positions.

In: a Resolution, the speakers of quotes, the Lexicon. Out: Positions
(nkg:Demand, nkg:Rejection, nkg:Threat, nkg:Offer with nkg:holder,
nkg:addressee, nkg:content, nkg:about, nkg:conditionFor, nkg:condition,
nkg:target, nkg:triggeredBy, nkg:evidence)."""
from __future__ import annotations

from dataclasses import dataclass, replace

from .entities import Resolution
from .dates import MONTHS
from .lexicon import Lexicon, fold
from .mentions import _issue_stem, issue_index
from .quotes import _last_subject, speaker_in
from .records import Position, Sentence, Span
from .syntax import (ARTICLES, CONDITIONALS, FILLERS, SUBORDINATORS, clause_bounds, condition_end, embedded,
                     finite_verb_before, in_pp, is_finite, is_verb, lower, opens_subclause, text_of, trim_np)

MUST = {"müsse", "müssten", "müsste", "muss", "müssen"}
# the finite verb after the subject of a reported obligation ("Russland müsse", "Tiflis solle")
OBLIGED = MUST | {"solle", "sollten", "möge", "mögen", "dürfe"}
PRONOMINAL = {"darauf", "daran", "dazu", "damit", "dafür", "dagegen", "davon", "darum", "drauf", "es"}
TIME_NOUNS = {"woche", "monat", "jahr", "tag", "abend", "morgen", "nacht", "wochenende", "vortag", "sommer", "winter",
              "herbst", "frühjahr", "frühling", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag",
              "sonntag", "mittwochabend", "vorwoche", "vorjahr"}
TIME_ADJECTIVES = {"vergangene", "vergangenen", "letzte", "letzten", "vorige", "vorigen", "diese", "diesen",
                   "jeden", "kommende", "kommenden", "am", "im"}
RELATIVES = {"der", "die", "das", "dem", "den", "deren", "dessen", "denen", "welcher", "welche", "welches"}
KINDS = {"demand": "Demand", "rejection": "Rejection", "threat": "Threat", "offer": "Offer"}
ARTEFACTS = ("plan", "papier", "memorandum", "entwurf", "vorschlag", "erklarung")
DETERMINERS = ARTICLES | {"ihre", "ihren", "seine", "seinen", "alle", "keine", "keinen", "neue", "neuen"}


@dataclass(frozen=True)
class Cue:
    kind: str
    index: int           # token of the cue verb or word
    prep: str = ""       # content after this preposition
    particle: int = -1   # token of a separated particle
    style: str = "verb"  # verb | focus | negated | ready | deadline | announce


@dataclass(frozen=True)
class _CueTables:
    """cues.toml's verb entries, folded once per lexicon. `verbs`: lemma ->
    [(kind, particle, prep)] for joined and split forms; `idioms`: entries of
    several words, "ins Spiel bringen", as (kind, the words before the verb,
    the verb's lemma); `negated_phrases`: rejection.negated entries of several
    words ("nicht in Betracht"; one word is a verb lemma, see
    Lexicon.cue_words)."""

    verbs: dict[str, list[tuple[str, str, str]]]
    idioms: tuple[tuple[str, tuple[str, ...], str], ...]
    negated_phrases: tuple[list[str], ...]


_CUE_TABLES: dict[int, _CueTables] = {}


def _cue_tables(lex: Lexicon) -> _CueTables:
    hit = _CUE_TABLES.get(id(lex))
    if hit is not None:
        return hit
    verbs: dict[str, list[tuple[str, str, str]]] = {}
    idioms = []
    for kind in ("demand", "rejection", "threat", "offer"):
        for entry in lex.cues.get(kind, {}).get("verbs", []):
            verb, _, prep = (x.strip() for x in entry.partition(">"))
            if " " in verb:
                *before, last = verb.split()
                idioms.append((kind, [fold(w) for w in before], fold(last)))
                continue
            particle, _, stem = verb.rpartition("+")
            verbs.setdefault(fold(particle + stem), []).append((kind, "", prep))
            if particle:
                verbs.setdefault(fold(stem), []).append((kind, fold(particle), prep))
    negated = tuple([fold(w) for w in e.split()] for e in lex.cues.get("rejection", {}).get("negated", [])
                    if " " in e.strip())
    hit = _CUE_TABLES[id(lex)] = _CueTables(verbs, tuple(idioms), negated)
    return hit


def find_cues(sent: Sentence, lex: Lexicon) -> list[Cue]:
    tables = _cue_tables(lex)
    table, idioms, negated_phrases = tables.verbs, tables.idioms, tables.negated_phrases
    toks = sent.tokens
    cues: list[Cue] = []
    words = [fold(t.text) for t in toks]
    refusing = lex.cue_words("rejection", "judgements")
    negated_lemmas = lex.cue_words("rejection", "negated")
    for i, t in enumerate(toks):
        lemma = fold(t.lemma)
        if t.tag.startswith("VV") or (t.tag.startswith("ADJ") and lemma in table):
            for kind, particle, prep in sorted(table.get(lemma, []), key=lambda e: not e[1]):
                if particle:
                    _, end = clause_bounds(sent, i)
                    part = next((j for j in range(i + 1, end) if words[j] == particle and
                                 (toks[j].tag == "PTKVZ" or j == end - 1 or toks[j + 1].tag.startswith("$"))), -1)
                    if part < 0:
                        continue
                    cues.append(Cue(kind, i, prep, part))
                else:
                    cues.append(Cue(kind, i, prep))
                break
        for kind, phrase, light in idioms:
            if words[i:i + len(phrase)] == phrase:
                # "brachte … ins Spiel", "stellte … in Aussicht", "hat … in Aussicht gestellt", "wies … von sich"
                cs, ce = clause_bounds(sent, i)
                verb = next((j for j in range(i - 1, cs - 1, -1) if toks[j].tag.startswith("VV")
                             and fold(toks[j].lemma) == light), None)
                if verb is None:
                    verb = next((j for j in range(i + len(phrase), ce) if toks[j].tag.startswith("VV")
                                 and fold(toks[j].lemma) == light), None)
                if verb is not None and not (verb + 1 < len(toks) and fold(toks[verb + 1].lemma) in
                                             ("bekommen", "erhalten", "kriegen")):
                    # not the recipient's passive: "soll … in Aussicht gestellt bekommen haben"
                    cues.append(Cue(kind, verb, "", i))
        if t.tag.startswith("NN") and t.text in lex.cues.get("demand", {}).get("nouns", []) \
                and "nach" in words[i + 1:i + 5]:
            cues.append(Cue("demand", i, "nach", -1, "noun"))
        if t.tag.startswith(("VV", "VM", "VA")) and t.text.lower() in lex.cues.get("demand", {}).get("needs", []) \
                and not _in_condition(sent, i):
            cues.append(Cue("demand", i, "", -1, "verb"))
        if t.tag.startswith("NN") and t.text in lex.cues.get("rejection", {}).get("support_nouns", []):
            light = lex.cue_words("rejection", "support_verbs")
            cs, ce = clause_bounds(sent, i)
            verb = next((j for j in range(cs, ce) if toks[j].tag.startswith("VV") and fold(toks[j].lemma) in light),
                        None)
            if verb is not None:
                cues.append(Cue("rejection", verb, "", i, "support"))
        if words[i] in ("bedingung", "voraussetzung") and i and words[i - 1] == "zur" \
                and any(fold(x.lemma) in ("machen", "erklaren") for x in toks):
            cues.append(Cue("demand", i, "", -1, "make-condition"))
        if t.tag.startswith("NN") and t.text in lex.cues.get("offer", {}).get("nouns", []) \
                and i + 2 < len(toks) and (toks[i + 1].text == "," or words[i + 1] in ("fur", "zu", "zur", "zum")):
            cues.append(Cue("offer", i, "", -1, "noun"))
        if words[i] in ("bereit", "offen") and (t.tag.startswith("ADJ") or t.tag == "PTKVZ") and \
                (words[i] == "bereit" or i + 1 < len(toks) and words[i + 1] == "fur"):
            cs, _ = clause_bounds(sent, i)
            negated = any(words[j] in ("nicht", "keineswegs", "keinesfalls", "nie", "niemals") for j in range(cs, i))
            cues.append(Cue("rejection" if negated else "offer", i, "", -1, "ready"))
        if words[i] in refusing and i > 1 and words[i - 1] == "als":
            verb = next((j for j in range(i - 2, -1, -1) if toks[j].tag.startswith("VV")), None)
            if verb is not None and fold(toks[verb].lemma) in ("bezeichnen", "nennen", "werten", "zuruckweisen"):
                cues.append(Cue("rejection", verb, "", i - 1, "verb"))
        if words[i] in refusing and i > 1 and words[i - 1] == "fur":
            # "hält einen Verzicht für inakzeptabel", "erachtet … für ausgeschlossen"
            cs, _ = clause_bounds(sent, i)
            verb = next((j for j in range(i - 2, cs - 1, -1) if toks[j].tag.startswith("VV")
                         and fold(toks[j].lemma) in ("halten", "erachten")), None)
            if verb is not None:
                cues.append(Cue("rejection", verb, "", i - 1, "verb"))
        if t.tag.startswith("NN") and t.text in lex.cues.get("offer", {}).get("support_nouns", []) \
                and i + 2 < len(toks) and (toks[i + 1].text == "," or words[i + 1] in ("zu", "zum", "zur", "fur")):
            # "signalisierte Bereitschaft zu Gesprächen", "bekundete seine Bereitschaft, … zu vermitteln"
            light = lex.cue_words("offer", "support_verbs")
            cs, ce = clause_bounds(sent, i)
            if any(toks[j].tag.startswith("VV") and fold(toks[j].lemma) in light for j in range(cs, i)):
                negated = any(words[j] in ("nicht", "keine", "keinerlei") for j in range(cs, i))
                cues.append(Cue("rejection" if negated else "offer", i, "", -1, "ready"))
        hinge = lex.cues.get("demand", {})
        if lemma in lex.cue_words("demand", "hinge_adjectives") and t.tag.startswith("ADJ"):
            # "macht die Öffnung der Grenze von Fortschritten abhängig": the demand after "von", the condition before
            cs, ce = clause_bounds(sent, i)
            von = next((j for j in range(i - 1, cs, -1) if words[j] == "von"), None)
            if von is not None and any(fold(toks[j].lemma) == "machen" for j in range(cs, ce)):
                cues.append(Cue("demand", i, "von", von, "hinge"))
        if t.tag.startswith("VV") and lemma in lex.cue_words("demand", "hinge_verbs"):
            # "knüpfte seine Zustimmung an die Zulassung …", "an die Zulassung geknüpft"
            cs, ce = clause_bounds(sent, i)
            an = next((j for j in range(cs, ce) if words[j] == "an" and j != i - 1 and j + 1 < ce
                       and toks[j + 1].tag.startswith(("ART", "PPOSAT", "NN", "ADJ", "PIAT"))), None)
            head = next((j for j in range(an + 1, ce) if toks[j].tag.startswith("NN")), None) if an is not None else None
            if head is not None and not words[head].startswith(("bedingung", "voraussetzung", "vorbedingung")):
                # not "knüpfte die Lockerung an klare Bedingungen": the conditions follow, or are none
                cues.append(Cue("demand", i, "an", an, "hinge"))
        if t.tag.startswith("NN") and t.text in hinge.get("claims", []) and i + 2 < len(toks) and words[i + 1] == "auf":
            # "erhebt Anspruch auf die Inseln": the demand after "auf", no condition
            light = lex.cue_words("demand", "claim_verbs")
            cs, ce = clause_bounds(sent, i)
            verb = next((j for j in range(cs, ce) if toks[j].tag.startswith("VV") and fold(toks[j].lemma) in light),
                        None)
            if verb is not None:
                cues.append(Cue("demand", verb, "auf", i + 1, "hinge"))
        if words[i] in ("fokus", "mittelpunkt", "vordergrund") and i and words[i - 1] == "im":
            cues.append(Cue("demand", i - 1, "", -1, "focus"))
        if words[i] in ("frist", "ultimatum") and any(fold(x.lemma) in ("setzen", "stellen") for x in toks):
            # an ultimatum threatens what follows if it runs out; a deadline demands
            cues.append(Cue("threat" if words[i] == "ultimatum" else "demand", i, "", -1, "deadline"))
        if words[i] == "keine" and i + 1 < len(toks) and words[i + 1] in ("option", "alternative"):
            # "Eine Teilung sei keine Option"
            cues.append(Cue("rejection", i + 1, "", -1, "negated"))
        if words[i] == "nicht":
            for j in range(i + 1, min(i + 4, len(toks))):
                if fold(toks[j].lemma) in negated_lemmas or any(
                        words[j:j + len(ph)] == ph for ph in negated_phrases) or \
                        words[j] == "an" and (j + 1 == len(toks) or toks[j + 1].tag.startswith("$")) and any(
                            fold(toks[x].lemma) == "erkennen" for x in range(clause_bounds(sent, i)[0], i)) or \
                        (words[j] == "zur" and j + 1 < len(toks) and words[j + 1] == "debatte") or \
                        words[j] == "infrage" or (words[j] == "in" and j + 1 < len(toks) and words[j + 1] == "frage"):
                    # "… komme nicht infrage", "stehe nicht zur Debatte"
                    cues.append(Cue("rejection", j, "", -1, "negated"))
                    break
        if fold(t.lemma) in ("ankundigen",) or (fold(t.lemma) == "kundigen" and "an" in words[i:]):
            if any(w in CONDITIONALS for w in words):
                cues.append(Cue("threat", i, "", -1, "announce"))
    return cues


AUXILIARIES = {"wird", "werde", "wurde", "würde", "werden", "worden", "hat", "habe", "hatte", "ist", "sei", "war",
               "haben", "sein", "kann", "könne", "soll", "solle"}


def _inside(sent: Sentence, i: int, content: str) -> bool:
    at = sent.text.find(content) if content else -1
    offset = sent.tokens[i].start - sent.start
    return at >= 0 and at <= offset < at + len(content)


def _after_von(sent: Sentence, i: int) -> bool:
    """ "von der Ukraine", "von Präsident Volodymyr Zelensky": the agent of a passive."""
    j = i - 1
    while j >= 0 and (lower(sent, j) in ARTICLES or sent.tokens[j].tag.startswith(("ADJ", "NN"))
                      and i - j <= 3):
        j -= 1
    return j >= 0 and lower(sent, j) in ("von", "vom")


def _verb_final(sent: Sentence, i: int, end: int) -> bool:
    """Whether the cue ends its clause, perhaps followed by auxiliaries ("zurückgewiesen wird")."""
    j = i + 1
    while j < end and lower(sent, j) in AUXILIARIES:
        j += 1
    return j >= end or sent.tokens[j].tag.startswith("$")


def _in_condition(sent: Sentence, i: int) -> bool:
    """Inside "…, falls Kiew nicht einlenke" or a leading "Sollte Pristina weiter blockieren, …"."""
    start, _ = clause_bounds(sent, i)
    if start > 0 and lower(sent, start) in CONDITIONALS:
        return True
    return i < condition_end(sent)


def _in_quote(sent: Sentence, i: int) -> bool:
    depth = 0
    for t in sent.tokens[:i]:
        if t.text in ("„", "»"):
            depth += 1
        elif t.text in ("“", "«") and depth:
            depth -= 1
    return depth > 0


def _zu_infinitive(sent: Sentence, lo: int) -> bool:
    _, hi = clause_bounds(sent, lo)
    return any("IZU" in t.tag or t.text == "zu" and i + 1 < hi and sent.tokens[i + 1].tag.startswith("VV")
               for i, t in enumerate(sent.tokens[lo:hi], lo))


class PositionFinder:
    def __init__(self, res: Resolution, lex: Lexicon, speakers: dict[int, str]):
        self.res = res
        self.lex = lex
        self.speakers = speakers
        self.positions: list[Position] = []
        self.owners = self._artefact_owners()
        self.meeting_words = lex.words("meeting_nouns")

    # ------------------------------------------------------------ helpers
    def _artefact_owners(self) -> dict[str, str]:
        """ "der 28-Punkte-Plan aus Washington": whose plan a later "der Plan" is."""
        owners = {}
        res = self.res
        for s in res.sentences:
            toks = s.tokens
            for i, t in enumerate(toks):
                w = fold(t.text)
                head = next((a for a in ARTEFACTS if w.endswith(a)), None)
                if not head or not t.tag.startswith("NN"):
                    continue
                for m, k in res.actors(s.index):
                    if m.tok_start in (i + 2, i + 3) and lower(s, i + 1) in ("aus", "von", "der", "des"):
                        owners[head] = res.party_of(k) or k
    
        return owners

    def _holder(self, sent: Sentence, cue: Cue, cs: int, ce: int, finite: int | None) -> str:
        self.where = "other"
        res = self.res
        toks = sent.tokens
        actors = [(m, k) for m, k in self._actors(sent) if cs <= m.tok_start < ce]
        words = [lower(sent, i) for i in range(len(toks))]
        if cue.style == "noun" and cue.kind == "demand":
            # the holder is a genitive next to the noun: "Kiews Forderung nach", "die Forderung der Ukraine nach"
            nach = cue.index + 1 + words[cue.index + 1:].index("nach")
            for m, k in self._actors(sent):
                if m.tok_end == cue.index and m.surface.endswith("s") or cue.index < m.tok_start < nach:
                    return k
            # "Auch die Forderung nach Neuwahlen hält die EU aufrecht": the subject of the clause, also
            # past a relative clause on the demanded thing ("Neuwahlen in Orten, in denen …, hält die EU aufrecht")
            inserted = embedded(sent)
            after = [(m, k) for m, k in self._actors(sent) if m.tok_start not in inserted and m.tok_start >= ce] \
                if ce < len(toks) and opens_subclause(sent, ce) else []
            subj = [(m, k) for m, k in actors + after if not in_pp(sent, m.tok_start) and m.tok_start > nach]
            return subj[0][1] if subj else ""
        if cue.style == "negated" and (words[cue.index] in ("zur", "option", "alternative", "infrage", "in") or any(
                fold(words[cue.index]) == ph[0] for ph in _cue_tables(self.lex).negated_phrases)
                or toks[cue.index].tag.startswith("ADJ")):
            # "eine Räumung stehe für Moskau nicht zur Debatte": for whom, else who says so
            for m, k in actors:
                if m.tok_start and words[m.tok_start - 1] in ("für", "fur") or m.tok_start > 1 \
                        and words[m.tok_start - 1] in ARTICLES and words[m.tok_start - 2] in ("für", "fur"):
                    return k
            return speaker_in(res, sent.index, self.lex)
        if cue.style == "focus":
            for m, k in actors:
                if m.tok_start and words[m.tok_start - 1] in ("für", "fur") or \
                        m.tok_start > 1 and words[m.tok_start - 2] == "für":
                    return k
        if _in_quote(sent, cue.index) and any(w in ("wir", "ich") for w in words[cs:cue.index + 1]):
            return self.speakers.get(sent.index, "")
        # passive: "wird von der Ukraine abgelehnt"
        if any(words[i] in ("wird", "wurde", "werden", "wurden") for i in range(cs, ce)) and \
                toks[cue.index].tag.endswith("(PP)") or toks[cue.index].tag == "VVPP":
            for m, k in actors:
                if _after_von(sent, m.tok_start):
                    if m.tok_start < cue.index:
                        self.where = "passive"
                        return k
        # relative clause: "…, der eine Waffenruhe anmahnte" / "…, was Moskau zurückwies"
        if cs > 0 and toks[cs - 1].text == "," and words[cs] in ("der", "die", "das", "welcher", "welche") \
                and opens_subclause(sent, cs - 1):
            before = [(m, k) for m, k in self._actors(sent) if m.tok_end <= cs - 1 and cs - 1 - m.tok_end <= 1]
            if before:
                return before[-1][1]
        if cs < len(toks) and words[cs] == "was":
            after = [(m, k) for m, k in actors if m.tok_start > cs and not in_pp(sent, m.tok_start)]
            if after:
                return after[0][1]
        verb = finite if finite is not None else cue.index
        inserted = embedded(sent)
        if cue.index in inserted:
            inserted = set()
        before = [(m, k) for m, k in actors if m.tok_end <= verb and not in_pp(sent, m.tok_start)
                  and not self._genitive_attr(sent, m) and m.tok_start not in inserted]
        # "Eine Anerkennung Somalilands lehnt Mogadischu ab": a genitive after its noun, when another can hold
        own = [(m, k) for m, k in before if not (m.surface.endswith("s") and m.tok_start > cs and m.kind != "anaphor"
                                                  and toks[m.tok_start - 1].tag.startswith("NN"))]
        if own and len(own) < len(before):
            before = own
        elif before and not own and any(verb < m.tok_start <= verb + 4 and not in_pp(sent, m.tok_start)
                                        for m, k in actors):
            before = []
        # "…, auch die Europäer forderten …": the subject stands next to its verb
        comma = max((i for i in range(cs, verb) if toks[i].text == ","), default=-1)
        near = [(m, k) for m, k in before if m.tok_start > comma]
        if comma >= 0 and near:
            before = near
        elif verb and toks[verb - 1].text == "," and not before:
            # "Ali Akbar Welajati, ein Berater des Revolutionsführers, drohte, …"
            head = [(m, k) for m, k in self._actors(sent) if m.tok_end <= verb and res.kind(k) == "Person"
                    and not in_pp(sent, m.tok_start) and m.tok_start not in inserted and m.tok_start >= condition_end(sent)]
            if head and (head[0][0].tok_end < len(toks) and toks[head[0][0].tok_end].text == ","):
                return head[0][1]
        if before:
            persons = [k for m, k in before if res.kind(k) == "Person"]
            return persons[0] if persons else before[0][1]
        # subject NP is an artefact: "Der ursprüngliche Plan verlangt …"
        for i in range(cs, verb):
            w = fold(toks[i].text)
            head = next((a for a in ARTEFACTS if w.endswith(a)), None)
            if head and head in self.owners and toks[i].tag.startswith("NN"):
                return self.owners[head]
        after = [(m, k) for m, k in actors if m.tok_start > verb and not in_pp(sent, m.tok_start)
                 and m.tok_start - verb <= 4 and words[m.tok_start - 1] != "des"]   # "die Zuständigkeit des IGH"
        if after:
            self.where = "after"
            return after[0][1]
        # coordinated verb: "…, forderte aber …" / "… und verlangte …": the sentence's subject
        prev = toks[verb - 1].text if verb else ""
        if prev in (",", "und") or (verb >= 1 and lower(sent, verb - 1) == "und"):
            subj = [(m, k) for m, k in self._actors(sent) if m.tok_end <= verb and not in_pp(sent, m.tok_start)]
            if subj:
                persons = [k for m, k in subj if res.kind(k) == "Person"]
                return persons[0] if persons else subj[0][1]
        return ""

    def _actors(self, sent: Sentence):
        """Actor mentions that can hold a position: not those of a leading conditional clause."""
        cond = condition_end(sent)
        return [(m, k) for m, k in self.res.actors(sent.index) if m.tok_start >= cond]

    def _genitive_attr(self, sent: Sentence, m) -> bool:
        toks = sent.tokens
        return (m.surface.endswith("s") and m.tok_end < len(toks) and toks[m.tok_end].tag.startswith("NN")
                and toks[m.tok_end].text[:1].isupper() and m.kind != "anaphor")

    def _condition(self, sent: Sentence, lo: int, hi: int) -> tuple[str, tuple[int, int] | None]:
        """ "als Voraussetzung für einen Waffenstillstand": the issue key and the tokens to cut."""
        words = [lower(sent, i) for i in range(len(sent.tokens))]
        for i in range(lo, hi):
            if words[i] in ("voraussetzung", "vorbedingung", "bedingung") and i + 1 < hi and words[i + 1] == "für":
                start = i - 1 if i and words[i - 1] == "als" else i
                j = i + 2
                # "für jeden größeren Austausch", "für sämtliche Gespräche": quantifiers are no issue
                while j < hi and (words[j] in DETERMINERS
                                  or sent.tokens[j].tag.startswith(("ADJ", "CARD", "PIAT", "PIDAT"))):
                    j += 1
                end = j + 1 if j < hi else j
                while end < hi and (words[end] in ("der", "des") or sent.tokens[end].tag.startswith("NN")) \
                        and sent.tokens[end - 1].tag.startswith("NN") and words[end] in ("der", "des"):
                    end += 2
                return self._issue_for(sent, j, min(end, hi)), (start, min(end, hi))
        return "", None

    def _issue_for(self, sent: Sentence, i: int, j: int) -> str:
        for m in self.res.mentions[sent.index]:
            if m.kind == "issue" and i <= m.tok_start < j:
                return m.key
        nouns = [t.text for t in sent.tokens[i:j] if t.tag.startswith("NN")]
        return nouns[0] if nouns else ""

    def _issues(self, sent: Sentence, i: int, j: int, exclude: str, own: bool = True) -> tuple[str, ...]:
        inside = [m.key for m in self.res.mentions[sent.index] if m.kind == "issue" and i <= m.tok_start < j]
        if not inside:
            inside = self._verbal_issues(sent, i, j)
        if not inside:
            # "deren Rückkehr": the issue is what the pronoun stands for, somewhere in the sentence
            pronoun = lower(sent, i) in ("deren", "dessen", "ihre", "seine", "ihren", "seinen")
            own = self._content_issue(sent, i, j) if own and not pronoun else ""
            nouns = any(sent.tokens[x].tag.startswith("NN") for x in range(i, j))
            inside = [own] if own else ([m.key for m in self.res.mentions[sent.index] if m.kind == "issue"]
                                        if pronoun or not nouns else [])
        return tuple(dict.fromkeys(k for k in inside if k and k != exclude))

    def _verbal_issues(self, sent: Sentence, i: int, j: int) -> list[str]:
        """ "der Süden entmilitarisiert werde", "die Miliz entwaffnet werden": the action a participle or
        infinitive names is the lexicon's noun of it ("-iert" -> "-ierung", "-et" -> "-ung")."""
        single = issue_index(self.lex).single
        found = []
        for t in sent.tokens[i:j]:
            if not t.tag.startswith("VV"):
                continue
            w = fold(t.text)
            for cut, add in (("iert", "ierung"), ("ieren", "ierung"), ("net", "nung"), ("et", "ung"), ("en", "ung")):
                if w.endswith(cut) and len(w) > len(cut) + 4:
                    noun = w[:-len(cut)] + add
                    label = single.get(noun) or single.get(noun[:1].upper() + noun[1:])
                    if label:
                        found.append(label)
                        break
        return found

    def _content_issue(self, sent: Sentence, i: int, j: int, talks: bool = False) -> str:
        """An issue no lexicon names, read off the content: its first noun with a genitive
        complement ("Änderung der armenischen Verfassung", "Freilassung"); with talks, also a word for talks
        ("zu Verhandlungen bereit")."""
        toks = sent.tokens
        named = {x for m in self.res.mentions[sent.index] if m.kind in ("actor", "person", "role", "place", "anaphor")
                 for x in range(m.tok_start, m.tok_end)}
        for x in range(i, j):
            t = toks[x]
            if not t.tag.startswith("NN") or x in named or not t.text[:1].isupper() \
                    or fold(t.text) in self.lex.words("not_issue_nouns") or fold(t.text) in MONTHS \
                    or fold(t.text) in self.meeting_words and not talks \
                    or self._agent_word(t.text) \
                    or not t.text.replace("-", "").isalpha():
                continue
            end = x + 1
            # its object: a genitive ("Abzug der Truppen") or, without an article, "von" ("Einsätze von Wasserwerfern")
            if end + 1 < j and (lower(sent, end) in ("der", "des") or lower(sent, end) == "von"
                                and not toks[end + 1].tag.startswith("ART")):
                k = end + 1
                while k < j and toks[k].tag.startswith(("ADJ", "PIAT", "CARD")):
                    k += 1
                if k < j and toks[k].tag.startswith("NN") and k not in named:
                    end = k + 1
            # a name in apposition ("des Raketensystems Typhon", "der Mission Undof")
            if end < j and toks[end].tag == "NE" and end not in named and toks[end].text[:1].isupper() \
                    and toks[end].text.replace("-", "").isalpha():
                end += 1
            return text_of(sent, self.res.doc.text, x, end)
        return ""

    def _agent_word(self, word: str) -> bool:
        """ "dass kambodschanische Truppen sich … zurückziehen": a word that also names a party is
        the subject here, not what the position is about (as an object it is a lexicon issue already)."""
        label = _issue_stem(fold(word), issue_index(self.lex).single)
        return self.lex.issue_kinds.get(label) == "agent"

    def _addressee(self, sent: Sentence, i: int, j: int, holder: str) -> str:
        res = self.res
        holder_party = res.party_of(holder) or holder
        for m in res.mentions[sent.index]:
            if i <= m.tok_start < j and m.key != holder_party and not in_pp(sent, m.tok_start) and (
                    m.kind == "affil" or m.kind == "actor" and res.kind(m.key) == "Country"
                    and not m.surface[:1].isupper()):
                return m.key
        return ""

    # ------------------------------------------------------------ main
    def run(self) -> list[Position]:
        res = self.res
        for sent in res.sentences:
            if sent.index in res.skip:
                continue
            before = len(self.positions)
            self._must(sent)
            self._consequence(sent)
            self._warning(sent)
            conditional = self._only_then(sent) or self._only_if(sent)
            for cue in find_cues(sent, self.lex):
                if _in_condition(sent, cue.index) or conditional and cue.style == "ready":
                    # "Nur dann sei sie zu Verhandlungen bereit": a condition, no offer
                    continue
                if any(_inside(sent, cue.index, p.content) for p in self.positions[before:] if p.kind != "Rejection"):
                    continue
                if _in_quote(sent, cue.index) and cue.style != "ready":
                    continue
                self._one(sent, cue)
            self._proviso(sent)
        return self.positions

    def _proviso(self, sent: Sentence) -> None:
        """ "Man sei bereit, …, allerdings nur unter der Voraussetzung, dass die Straße offen bleibe": what
        the offer's holder asks for in return, a demand that is the precondition for what is offered."""
        toks = sent.tokens
        words = [lower(sent, i) for i in range(len(toks))]
        phrases = [[fold(w) for w in ph.split()] for ph in self.lex.cues.get("condition", {}).get("proviso", [])]
        folded = [fold(t.text) for t in toks]
        at = next((i + len(ph) for i in range(len(toks)) for ph in phrases
                   if folded[i:i + len(ph)] == ph and i + len(ph) + 1 < len(toks)
                   and toks[i + len(ph)].text == "," and words[i + len(ph) + 1] == "dass"
                   and not _in_quote(sent, i)), None)
        if at is None:
            return
        begin = self._sentence_start(sent.index - 1) if at - 1 <= 2 else sent.start
        offer = next((n for n in range(len(self.positions) - 1, -1, -1) if self.positions[n].kind == "Offer"
                      and self.positions[n].evidence.begin >= begin), None)
        if offer is None:
            return
        o = self.positions[offer]
        if o.evidence.begin == sent.start:
            # the offer ends before its proviso ("…, allerdings nur unter der Voraussetzung")
            cut = min((o.content.find(x) for x in (", allerdings", ", aber", ", jedoch", ", nur unter", ", unter der")
                       if x in o.content), default=-1)
            if cut > 0:
                o = replace(o, content=o.content[:cut])
                self.positions[offer] = o
        lo = at + 2
        _, hi = clause_bounds(sent, lo)
        # the clause ends where the verb of saying begins ("…, sagte er")
        hi = next((i for i in range(lo + 1, hi) if toks[i].text == "," and i + 1 < hi and is_finite(toks[i + 1].tag)),
                  hi)
        a, b = trim_np(sent, lo, hi)
        content = text_of(sent, self.res.doc.text, a, b).strip(" ,")
        if len(content) < 3:
            return
        condition = o.issues[0] if o.issues else ""
        span = Span(self.res.doc.slug, sent.start, sent.end, sent.text)
        self.positions.append(Position("Demand", o.holder, content, span, "",
                                       self._issues(sent, a, b, condition, own=False), condition))

    def _one(self, sent: Sentence, cue: Cue) -> None:
        res = self.res
        toks = sent.tokens
        words = [lower(sent, i) for i in range(len(toks))]
        cs, ce = clause_bounds(sent, cue.index)
        finite = None
        if is_finite(toks[cue.index].tag) and not (cue.style == "negated" and words[cue.index] == "infrage"):
            finite = cue.index
        else:
            # the auxiliary of "habe gedroht", "hatte … ausgeschlossen"
            finite = finite_verb_before(sent, cue.index - 1, cs) if cue.index > cs else None
            near_comma = max((i for i in range(cs, finite or cs) if toks[i].text == ","), default=-1)
            if near_comma >= 0 and any(m.tok_start > near_comma for m, _ in res.actors(sent.index)
                                       if m.tok_end <= (finite or 0)):
                cs = near_comma + 1
            elif near_comma >= 0 and cue.style == "negated" and near_comma + 1 < (finite or 0) \
                    and toks[near_comma + 1].tag.startswith(("ART", "NN", "ADJ", "PIAT")):
                # "…, hatte er erklärt, eine Räumung … stehe für Moskau nicht zur Debatte"
                cs = near_comma + 1
        holder = self._holder(sent, cue, cs, ce, finite)
        if self.where == "after" and cue.kind == "demand" and 0 < cue.particle < len(toks) - 2 \
                and toks[cue.particle + 1].text == "," and _zu_infinitive(sent, cue.particle + 2):
            # "X, der Chefdiplomat Pekings, forderte die USA auf, …": the object after the verb is the addressee
            earlier = [(m, k) for m, k in self._actors(sent) if m.tok_end <= (finite if finite is not None else cue.index)]
            if earlier:
                holder = next((k for _, k in earlier if res.kind(k) == "Person"), earlier[0][1])
        if self.where == "after" and words[cue.index] in self.lex.cues.get("demand", {}).get("needs", []):
            return   # a need is its subject's ("Die Gespräche bräuchten Zeit, sagte X" is none of X's)
        epithet = self._epithet(sent, cue)
        if not holder and epithet:
            # "…, drohte der Republikaner.": the person the text is about
            holder = _last_subject(res, sent.index, "f" if words[epithet[0]] == "die" else "m")
        if not holder and "man" in words[cs:cue.index]:
            # "Man sei bereit, …, erklärte er": the impersonal subject is the speaker's side,
            # also when the speaker was named in the sentence before
            holder = speaker_in(res, sent.index, self.lex) or (
                speaker_in(res, sent.index - 1, self.lex) or self.speakers.get(sent.index - 1, "")
                if sent.index and sent.index - 1 not in res.skip else "")
        if not holder:
            return
        holder_mentions = [m for m, k in res.actors(sent.index) if k == holder and cs <= m.tok_start < ce]
        addressee = ""
        p = None
        # the stretch that holds what is demanded, rejected, threatened or offered
        if cue.style == "noun" and cue.kind == "offer":
            if toks[cue.index + 1].text == ",":
                lo = cue.index + 2
                _, hi = clause_bounds(sent, lo)
            else:
                lo = cue.index + 2
                hi = next((i for i in range(lo, ce) if is_finite(toks[i].tag) or toks[i].text == ","), ce)
        elif cue.style == "noun":
            lo = cue.index + 1 + words[cue.index + 1:].index("nach") + 1
            hi = next((i for i in range(lo, ce) if is_finite(toks[i].tag) or toks[i].text == ","), ce)
        elif cue.style == "focus":
            lo, hi = (finite + 1 if finite is not None else cs), cue.index
        elif cue.style == "deadline":
            # "eine Frist von 50 Tagen gesetzt und mit … gedroht": up to the verb
            lo = cue.index
            hi = next((i for i in range(cue.index + 1, ce) if is_verb(toks[i].tag)), ce)
            for m, k in res.actors(sent.index):
                if finite is not None and finite < m.tok_start < cue.index:
                    addressee = k
        elif cue.style == "ready":
            # "zu jedem Format bereit" or "bereit, … zu arbeiten"
            zu = next((i for i in range(finite + 1 if finite is not None else cs, cue.index)
                       if words[i] in ("zu", "zum", "zur")), None)
            if (words[cue.index] == "offen" or words[cue.index + 1] in ("zu", "zum", "zur", "fur")
                    and toks[cue.index].tag.startswith("NN")) and cue.index + 2 < len(toks):
                # "offen für ein Treffen mit Putin"
                lo = cue.index + 2
                _, hi = clause_bounds(sent, lo)
            elif zu is not None:
                lo, hi = zu + 1, cue.index
            elif cue.index + 1 < len(toks) and toks[cue.index + 1].text == "," \
                    and not opens_subclause(sent, cue.index + 1):
                lo = cue.index + 2
                _, hi = clause_bounds(sent, lo)
            else:
                return
        elif cue.style == "support":
            # "erteilte dem Gericht eine Absage" / "eine Absage an den Plan" / "Dem erteilte X eine Absage"
            noun = cue.particle
            if noun + 1 < ce and words[noun + 1] == "an":
                lo, hi = noun + 2, ce
            elif finite is not None and finite > cs and not any(cs <= m.tok_start < finite for m in holder_mentions):
                lo, hi = cs, finite
            else:
                lo = (finite if finite is not None else cue.index) + 1
                hi = noun
                while hi > lo and (words[hi - 1] in ARTICLES or toks[hi - 1].tag.startswith("ADJ")
                                   or words[hi - 1] in FILLERS):
                    hi -= 1
        elif cue.style == "hinge":
            # what is made to depend (the condition) before the preposition, the demand after it
            prep = cue.particle
            start = finite + 1 if finite is not None and finite < prep else cs
            if cue.index < prep and cue.prep == "an":
                start = cue.index + 1
            if cue.prep == "von":
                lo, hi = prep + 1, cue.index
            else:
                lo = prep + 1
                hi = cue.index if cue.index > lo else next(
                    (x for x in range(lo, ce) if is_verb(toks[x].tag) or toks[x].text == "," and opens_subclause(sent, x)), ce)
            if cue.prep == "auf":
                hinge_issue = ""
            else:
                held = {x for m in holder_mentions for x in range(m.tok_start, m.tok_end)}
                a = next((x for x in range(start, prep) if x not in held and words[x] not in FILLERS), prep)
                hinge_issue = next((m.key for m in res.mentions[sent.index] if m.kind == "issue"
                                    and a <= m.tok_start < prep), "") or self._content_issue(sent, a, prep) \
                    or self._issue_for(sent, a, prep)
        elif cue.style == "make-condition":
            # "hatte dessen Freilassung zur Bedingung für jeden Austausch gemacht"
            lo = (finite + 1) if finite is not None else cs
            hi = cue.index - 1
        elif cue.style == "negated":
            lo, hi = self._topic(sent, cs, finite, holder_mentions) or (cs, cue.index)
            if fold(toks[cue.index].lemma) == "verhandeln" and (words[cs] not in ("über", "darüber")
                                                                 or cs > 0 and opens_subclause(sent, cs - 1)):
                return   # "Wir können nicht verhandeln, während …": a refusal of talks only about something fronted
            if words[cs] == "über" and finite is not None and cs + 1 < finite < cue.index:
                # "Über die Krim werde man nicht verhandeln": what is not negotiated is fronted after "über"
                lo, hi = cs + 1, finite
            neg = next((x for x in range(cue.index - 1, cs, -1) if words[x] == "nicht"), None)
            held = {x for m in holder_mentions for x in range(m.tok_start, m.tok_end)}
            if lo == cs and finite is not None and neg is not None and finite < neg \
                    and (cs in held or toks[cs].tag.startswith(("PPOSAT", "PPER"))
                         or words[cs] in ARTICLES and cs + 1 in held) \
                    and any(toks[x].tag.startswith("NN") and x not in held for x in range(finite + 1, neg)):
                # "Sein Land erkenne die Zuständigkeit des IGH nicht an": the object between verb and negation
                lo, hi = finite + 1, neg
        else:
            topic = self._topic(sent, cs, finite, holder_mentions) if self.where in ("after", "passive") else None
            p = None
            if cue.prep:
                rng = range(cue.index + 1, ce)
                if not is_finite(toks[cue.index].tag) and finite is not None and finite < cue.index:
                    rng = range(finite + 1, cue.index)
                stop = next((i for i in rng if toks[i].text in (",", "„", "»")), None)
                p = next((i for i in rng if words[i] == cue.prep and (stop is None or i < stop)), None)
            if p is not None:
                if cue.prep == "von":
                    addr = [k for m, k in res.actors(sent.index) if p < m.tok_start <= p + 2]
                    addressee = addr[0] if addr else ""
                    nxt = next((i for i in range(p, len(toks)) if toks[i].text == ","), None)
                    lo, hi = (nxt + 1, len(toks)) if nxt is not None else (p, ce)
                    if nxt is not None:
                        _, hi = clause_bounds(sent, nxt + 1)
                else:
                    hi = cue.particle if cue.particle > p else ce
                    if p < cue.index and not is_finite(toks[cue.index].tag):
                        hi = cue.index
                    lo = p + 1
            elif topic is not None:
                lo, hi = topic
            elif cs > 0 and _verb_final(sent, cue.index, ce) and (opens_subclause(sent, cs - 1) or words[cs] == "was"):
                # verb-final clause: "…, der eine rasche Waffenruhe anmahnte"
                lo, hi = cs + 1, cue.index
            else:
                lo = (finite if finite is not None and finite < cue.index else cue.index) + 1
                hi = cue.particle if cue.particle > lo else (cue.index if cue.index > lo else ce)
                if finite is not None and finite < cue.index and not is_finite(toks[cue.index].tag):
                    # "hat … in Aussicht gestellt": up to the idiom's words before the participle
                    hi = cue.particle if lo < cue.particle < cue.index else cue.index
                nxt = cue.index + 1
                while nxt < len(toks) and words[nxt] in FILLERS:
                    nxt += 1
                if cue.kind == "demand" and nxt + 2 < len(toks) and words[nxt] in ("von", "vom"):
                    # "verlangt von der Ukraine, Gebiete … abzutreten"
                    addr = [(m, k) for m, k in res.actors(sent.index) if nxt < m.tok_start <= nxt + 2]
                    if addr and addr[0][0].tok_end < len(toks) and toks[addr[0][0].tok_end].text == ",":
                        addressee = addr[0][1]
                        nxt = addr[0][0].tok_end
                        lo = hi = nxt
                if (lo >= hi or nxt > lo and all(words[x] in FILLERS for x in range(lo, nxt))) \
                        and nxt < len(toks) and toks[nxt].text == ",":
                    cue = Cue(cue.kind, nxt - 1, cue.prep, cue.particle, cue.style)
                if cue.particle == lo and lo + 2 < len(toks) and toks[lo + 1].text == ",":
                    # "Moskau bot an, Gefangene auszutauschen": the particle right after the verb
                    lo = hi = cue.particle
                    cue = Cue(cue.kind, cue.particle, cue.prep, -1, cue.style)
                if lo >= hi and cue.index + 1 < len(toks) and toks[cue.index + 1].text == ",":
                    lo = cue.index + 2
                    _, hi = clause_bounds(sent, lo)
                    if cue.kind == "threat" or cue.style == "announce":
                        hi = self._cut_condition(sent, lo, hi)
        if cue.kind == "demand" and 0 < cue.particle + 2 < len(toks) and toks[cue.particle + 1].text == "," \
                and p is None and _zu_infinitive(sent, cue.particle + 2):
            # "rief beide Seiten auf, die Waffenruhe einzuhalten": the addressee is the object, the
            # demand the infinitive clause after the particle
            addr = [k for m, k in res.actors(sent.index) if lo <= m.tok_start < hi and k != holder]
            addressee = addressee or (addr[0] if addr else "")
            lo = cue.particle + 2
            _, hi = clause_bounds(sent, lo)
            cue = Cue(cue.kind, cue.index, cue.prep, -1, "infinitive")
        if cue.style == "verb" and cue.index and toks[cue.index - 1].text == "," and cue.particle < 0 \
                and all(words[x] in FILLERS or toks[x].tag.startswith("$") or any(
                    m.tok_start <= x < m.tok_end for m in holder_mentions) or words[x] in ARTICLES
                        or epithet and epithet[0] <= x < epithet[1] for x in range(cue.index + 1, len(toks))):
            # "Sollte …, werde Russland „angemessen antworten“, drohte der Kremlchef."
            lo, hi = condition_end(sent) + (1 if condition_end(sent) else 0), cue.index - 1
        elif cue.style == "verb" and cue.particle < 0 and finite is not None and 1 < finite < cue.index \
                and toks[finite - 1].text == "," and self._only_subject(sent, finite, cue.index, holder_mentions) \
                and all(toks[x].tag.startswith("$") for x in range(cue.index + 1, len(toks))) \
                and not opens_subclause(sent, finite - 1):
            # the perfect of the clause of saying after what was said: "Sollte …, werde Caracas
            # Maßnahmen ergreifen, hatte die Ministerin am Vortag gedroht."
            lo, hi = condition_end(sent) + (1 if condition_end(sent) else 0), finite - 1
            kind = KINDS[cue.kind]
            if any(p.kind == kind and p.holder == holder and p.evidence.begin == sent.start for p in self.positions):
                return   # the reported clause was read already ("müssten …", "werde …")
        elif cue.style == "verb" and p is None:
            lo, hi, addressee = self._clause_object(sent, cue, lo, hi, holder, addressee)
        # skip the holder's own words and a leading addressee ("setzte Kiew eine Frist")
        for m in holder_mentions:
            if self._genitive_attr(sent, m):
                continue   # "Chinas Aufstieg zu bremsen": part of the content
            if m.tok_start == lo or (m.tok_start >= lo and all(words[x] in FILLERS | ARTICLES
                                                                for x in range(lo, m.tok_start))):
                if m.tok_end <= hi:
                    lo = m.tok_end
        # threats: the object named before "mit" is the addressee ("hatte er Moskau mit … gedroht")
        if cue.kind == "threat":
            for m, k in res.actors(sent.index):
                if finite is not None and finite < m.tok_start < lo and k != holder and not in_pp(sent, m.tok_start):
                    addressee = k
        condition_issue, cut = self._condition(sent, cs, ce)
        if cue.style == "hinge":
            condition_issue, cut = hinge_issue, None
        if cue.kind == "demand" and not condition_issue and hi + 1 < len(toks) and toks[hi].text == "," \
                and words[hi + 1] in ("bevor", "ehe"):
            # "verlangte, dass die Söldner abziehen, bevor eine Polizeitruppe aufgebaut wird"
            condition_issue = self._content_issue(sent, hi + 2, clause_bounds(sent, hi + 2)[1], talks=True)
        condition_text = self._conditional_clause(sent, cue.index)
        trigger_phrase = any(" ".join(words[i:i + 3]) in ("bei einem nein", "im falle einer", "bei einer ablehnung")
                             for i in range(len(words)))
        parts = self._split(sent, lo, hi, cut, cue.kind, cue.style)
        if cue.kind == "demand" and not addressee:
            addressee = self._reported_subject(sent, lo, hi, holder)
        additive = any(w in ("außerdem", "zudem", "ferner", "ebenfalls") for w in words[:lo + 2])
        if not addressee and additive and cue.kind == "demand":
            prev = [p for p in self.positions if p.kind == "Demand" and p.holder == holder and p.addressee]
            if prev and prev[-1].evidence.begin >= self._sentence_start(sent.index - 2):
                addressee = prev[-1].addressee
        span = Span(res.doc.slug, sent.start, sent.end, sent.text)
        if cue.kind == "rejection" and (cs > 0 and opens_subclause(sent, cs - 1) and words[cs] != "was"
                                        or self._demonstrative(sent, lo, hi)):
            # "– eine Forderung, die von Zelensky zurückgewiesen wird", "Medinsky wies das zurück":
            # what is rejected was said before
            parts = []
        if not parts and cue.kind == "rejection":
            target = self._target(sent, cs, lo, lo, holder)
            both = [n for n in range(lo, hi) if words[n] in ("beides", "beide")]
            if target is not None and both:
                # "Moskau lehnt beides ab": each of the last two things asked for
                earlier = [n for n, p in enumerate(self.positions[:target]) if p.kind == self.positions[target].kind
                           and p.evidence.begin >= self._sentence_start(sent.index - 3)]
                for n in earlier[-1:]:
                    self.positions.append(Position("Rejection", holder, self.positions[n].content, span, "",
                                                   self.positions[n].issues, "", n))
            if target is not None:
                self.positions.append(Position("Rejection", holder, self.positions[target].content, span, "",
                                               self.positions[target].issues, "", target))
            elif sent.index and sent.index - 1 not in res.skip and (self._demonstrative(sent, lo, hi) or (
                    words[cs] in ("das", "dies") and cs + 1 < len(toks) and is_finite(toks[cs + 1].tag))):
                # "Kiew warf Moskau vor, … gebrochen zu haben. Moskau wies das zurück": what the sentence before says
                prev = res.sentences[sent.index - 1]
                self.positions.append(Position("Rejection", holder, prev.text.strip(), span, "",
                                               self._issues(prev, 0, len(prev.tokens), "", own=False)))
            return
        complement = self._noun_infinitive(sent, cue, hi)
        for a, b in parts:
            content = text_of(sent, res.doc.text, a, b).strip(" ,„“\"»«")
            if complement and b == hi and toks[b - 1].tag.startswith("NN"):
                # "wiesen jeden Versuch zurück, über den Status … zu entscheiden": the noun's infinitive
                content += ", " + text_of(sent, res.doc.text, *complement).rstrip(" .;:")
                b = complement[1]
            if not content or len(content) < 3:
                continue
            addr = addressee or (self._addressee(sent, a, b, holder) if cue.kind == "demand" else "")
            target = triggered = None
            if cue.kind == "rejection":
                target = self._target(sent, cs, a, b, holder)
                if target is not None and a and lower(sent, a - 1) in ("dieses", "diese", "diesen", "dieser"):
                    # "Dieses Ansinnen … wird abgelehnt": say what the demonstrative points back to
                    content = self.positions[target].content
            if cue.kind == "threat" and (condition_text or trigger_phrase):
                triggered = self._trigger(holder)
            kind = KINDS[cue.kind]
            issues = self.positions[target].issues if target is not None and cue.kind == "rejection" else \
                self._issues(sent, a, b, condition_issue, own=cue.kind in ("demand", "offer", "rejection"))
            pos = Position(kind, holder, content, span, addr, issues,
                           condition_issue if cue.kind == "demand" else "", target, triggered,
                           condition_text)
            if any(p.kind == pos.kind and p.holder == holder and p.content == content and p.evidence == span
                   for p in self.positions):
                continue
            self.positions.append(pos)

    def _only_subject(self, sent: Sentence, lo: int, hi: int, holder_mentions) -> bool:
        """ "hatte Rodríguez am Vortag im Fernsehen", "hatte Berg den Nachbarn": between the auxiliary and
        the participle a subject (the holder, or a name the lexicon lacks) and no clause."""
        toks = sent.tokens
        held = {x for m in holder_mentions for x in range(m.tok_start, m.tok_end)}
        names = [x for x in range(lo + 1, hi) if x in held or toks[x].tag == "NE" and not in_pp(sent, x)]
        return bool(names) and not any(is_verb(toks[x].tag) or toks[x].text in (",", ":", ";")
                                       for x in range(lo + 1, hi))

    def _epithet(self, sent: Sentence, cue: Cue) -> tuple[int, int] | None:
        """ "…, drohte der Republikaner." / "…, forderte die 58-Jährige.": a definite noun phrase naming no
        actor after a verb of saying that ends the sentence: its token range, else None."""
        toks = sent.tokens
        i = cue.index + 1
        if not cue.index or toks[cue.index - 1].text != "," or i + 1 >= len(toks) or lower(sent, i) not in ("der", "die"):
            return None
        j = i + 1
        while j < len(toks) and toks[j].tag.startswith("ADJ"):
            j += 1
        if j >= len(toks) or not toks[j].tag.startswith("NN") or any(m.tok_start <= j < m.tok_end
                                                                     for m, _ in self.res.actors(sent.index)):
            return None
        if not all(t.tag.startswith("$") for t in toks[j + 1:]):
            return None
        return i, j + 1

    def _noun_infinitive(self, sent: Sentence, cue: Cue, hi: int) -> tuple[int, int] | None:
        """The zu-infinitive after a separated particle that completes the object noun before it
        ("lehnt den Plan ab, die Grenze zu schließen"): its token range, else None."""
        toks = sent.tokens
        if cue.particle < 0 or cue.particle != hi or hi + 2 >= len(toks) or toks[hi + 1].text != "," \
                or lower(sent, hi + 2) in SUBORDINATORS:
            return None
        _, end = clause_bounds(sent, hi + 2)
        end = self._cut_condition(sent, hi + 2, end)
        if any(is_finite(t.tag) for t in toks[hi + 2:end]) or not _zu_infinitive(sent, hi + 2):
            return None
        return hi + 2, end

    def _reported_subject(self, sent: Sentence, lo: int, hi: int, holder: str) -> str:
        """ "forderte, Russland müsse …", "verlangte, Tiflis solle …": the subject of the reported
        obligation is whom the demand is addressed to."""
        while lo < hi and (lower(sent, lo) in FILLERS or sent.tokens[lo].tag.startswith("$")):
            lo += 1
        # "verlangt, dass Algerien … teilnimmt": the subject of the dass-clause
        dass = lo < hi and lower(sent, lo) == "dass"
        lo += dass
        dass = dass or lo > 0 and lower(sent, lo - 1) == "dass"
        for m, k in self.res.actors(sent.index):
            if m.tok_start < lo or m.tok_start > lo + 1 or m.tok_end >= hi or k == holder:
                continue
            if m.tok_start == lo + 1 and lower(sent, lo) not in ARTICLES:
                continue
            if lower(sent, m.tok_end) in OBLIGED or dass and not in_pp(sent, m.tok_start):
                return self.res.party_of(k) or k
        return ""

    def _clause_object(self, sent: Sentence, cue: Cue, lo: int, hi: int, holder: str, addressee: str):
        """When the stretch holds no object of its own ("bestand darauf", "forderte die EU auf",
        "bot in Wien an"), what is meant follows after a comma: a dass-clause or an infinitive."""
        res = self.res
        toks = sent.tokens
        words = [lower(sent, i) for i in range(len(toks))]
        # "drängen darauf, an den Verhandlungen beteiligt zu werden": judge the stretch before the comma
        comma = next((i for i in range(lo, hi) if toks[i].text == ","), None)
        # "drohte am Montag, er werde …": only a time before the comma
        if comma is not None and (any(words[x] in PRONOMINAL for x in range(lo, comma)) or all(
                words[x] in FILLERS or toks[x].tag.startswith(("$", "ART", "APPR", "ADV")) or self._when(sent, x, comma)
                for x in range(lo, comma))):
            hi = comma
        mentions = [(m, k) for m, k in res.actors(sent.index) if lo <= m.tok_start < hi]
        places = {i for m in res.mentions[sent.index] if m.kind == "place" for i in range(m.tok_start, m.tok_end)}
        covered = {i for m, _ in mentions for i in range(m.tok_start, m.tok_end)} | places
        core = [x for x in range(lo, hi) if words[x] not in FILLERS and x not in covered
                and not toks[x].tag.startswith(("$", "ART", "APPR", "PTKVZ", "ADV", "PROAV"))
                and not (in_pp(sent, x) and words[x] not in PRONOMINAL) and not self._when(sent, x, hi)]
        # "hatte beiden Ländern damit gedroht, …": the pronominal adverb points past the object to the clause
        after_cue = cue.index + 1
        while after_cue < len(toks) and toks[after_cue].tag.startswith(("VA", "VM", "PTKVZ")):
            after_cue += 1
        pronominal = all(words[x] in PRONOMINAL for x in core) or any(
            words[x] in PRONOMINAL and words[x] != "es" for x in range(lo, hi)) and after_cue < len(toks) \
            and toks[after_cue].text == ","
        if core and not pronominal:
            return lo, hi, addressee
        start = max(hi, cue.index + 1, cue.particle + 1 if cue.particle >= 0 else 0)
        while start < len(toks) and (words[start] in FILLERS or words[start] in PRONOMINAL
                                     or toks[start].tag == "PTKVZ"):
            start += 1
        if start >= len(toks) or toks[start].text != ",":
            return lo, hi, addressee
        a = start + 1
        if a < len(toks) and words[a] == "dass":
            a += 1
        elif opens_subclause(sent, start):
            return lo, hi, addressee
        _, b = clause_bounds(sent, a)
        if cue.kind == "threat":
            b = self._cut_condition(sent, a, b)
        others = [k for m, k in mentions if k != holder]
        if others and not addressee and cue.kind == "demand":
            addressee = others[0]
        return a, b, addressee

    def _saying_relative(self, sent: Sentence) -> bool:
        """ "…, der Pekings Ansprüche für unbegründet erklärt hatte": the only verb of saying stands in a
        relative clause on a thing, so it names no speaker of the sentence."""
        speech = self.lex.cue_words("speech", "verbs")
        verbs = [i for i, t in enumerate(sent.tokens) if t.tag.startswith("VV") and fold(t.lemma) in speech]
        if not verbs:
            return False
        named = {i for m, _ in self.res.actors(sent.index) for i in range(m.tok_start, m.tok_end)}
        for v in verbs:
            cs = max((i + 1 for i in range(v) if sent.tokens[i].text == ","), default=0)
            if not (cs > 1 and lower(sent, cs) in RELATIVES
                    and cs - 2 not in named):
                return False
        return True

    def _when(self, sent: Sentence, x: int, hi: int) -> bool:
        """A time adverbial in the accusative ("vergangene Woche", "letzten Monat", "jeden Tag"): no object."""
        w = lower(sent, x)
        if w in TIME_NOUNS or w in MONTHS:
            return True
        return w in TIME_ADJECTIVES and x + 1 < hi and lower(sent, x + 1) in TIME_NOUNS

    def _must(self, sent: Sentence) -> None:
        """Reported obligation: "Die Hamas müsse entwaffnet werden, sagte er", "Für ein Ende des
        Krieges müssten alle Seiten Zugeständnisse machen, sagte er": a demand of the speaker."""
        toks = sent.tokens
        modal = next((i for i, t in enumerate(toks) if t.text.lower() in MUST and t.tag.startswith("VM")
                      and not _in_quote(sent, i) and not _in_condition(sent, i)), None)
        if modal is None:
            return
        # "Georgien forderte, Russland müsse …": the obligation is the object of a demand verb, which says it
        if any(c.kind == "demand" and c.index < modal for c in find_cues(sent, self.lex)):
            return
        speaker = speaker_in(self.res, sent.index, self.lex) if not self._saying_relative(sent) else ""
        if not speaker and toks[modal].text.lower() != "muss" and toks[modal].text.lower() != "müssen" \
                and sent.index and sent.index - 1 not in self.res.skip and not _in_quote(sent, 0):
            # "…, erklärte Amum. Die Wahlen müssten deshalb verschoben werden.": the Konjunktiv goes on
            # reporting the speaker of the sentence before
            speaker = speaker_in(self.res, sent.index - 1, self.lex)
        if not speaker:
            return
        cs, ce = clause_bounds(sent, modal)
        # the clause of the obligation ends where the verb of saying begins ("…, sagte er")
        ce = next((i for i in range(modal + 1, ce) if toks[i].text == "," and i + 1 < ce
                   and is_finite(toks[i + 1].tag)), ce)
        words = [lower(sent, i) for i in range(len(toks))]
        condition, cut = "", None
        if words[cs] == "für":
            j = next((i for i in range(cs, modal) if is_finite(toks[i].tag)), modal)
            condition, cut = self._issue_for(sent, cs + 1, j), (cs, j)
        lo = cut[1] if cut else cs
        subject = [(m, k) for m, k in self.res.actors(sent.index) if lo <= m.tok_start < modal and k != speaker]
        if not subject:
            # "Zudem müsse China den Schiedsspruch achten": the subject after the fronted adverb
            subject = [(m, k) for m, k in self.res.actors(sent.index) if m.tok_start == modal + 1 and k != speaker]
        # a relative clause on the last noun is no part of the obligation
        ce = next((i for i in range(modal + 2, ce) if toks[i].text == "," and i + 1 < ce and words[i + 1] in RELATIVES
                   and toks[i - 1].tag.startswith(("VV", "VA", "VM"))), ce)
        a, b = trim_np(sent, lo, ce)
        content = text_of(sent, self.res.doc.text, a, modal) + " " + text_of(sent, self.res.doc.text, modal + 1, b)
        content = content.strip(" ,")
        if len(content) < 3:
            return
        span = Span(self.res.doc.slug, sent.start, sent.end, sent.text)
        self.positions.append(Position("Demand", speaker, content, span, subject[0][1] if subject else "",
                                       self._issues(sent, a, b, condition), condition))

    def _consequence(self, sent: Sentence) -> None:
        """A reported consequence under a condition: "Sollte die Miliz angreifen, werde die Regierung
        die Gespräche abbrechen, sagte er", "Andernfalls würden Sanktionen verhängt, warnte er"."""
        toks = sent.tokens
        words = [lower(sent, i) for i in range(len(toks))]
        # "Der Minister drohte: Sollte China …, würden die Zölle steigen": the condition opens after the colon
        colon = next((i for i in range(len(toks) - 2) if toks[i].text == ":" and words[i + 1] in ("sollte", "sollten")
                      and not _in_quote(sent, i + 1)), None)
        cond_end = next((i for i in range(colon + 2, len(toks)) if toks[i].text == ","), 0) if colon is not None \
            else condition_end(sent)
        start = cond_end + 1 if cond_end else \
            next((i + 1 for i, w in enumerate(words) if w in ("andernfalls", "anderenfalls")), 0)
        if not start or start >= len(toks):
            self._trailing_condition(sent)
            return
        aux = next((i for i in range(start, len(toks)) if words[i] in ("werde", "werden", "würde", "würden")
                    and not _in_quote(sent, i)), None)
        otherwise = not cond_end and start == 1
        if aux is None and otherwise and start < len(toks) and toks[start].tag in ("VVFIN", "VV(FIN)") \
                and not _in_quote(sent, start):
            # "Andernfalls behalte sich die Armee einen Gegenschlag vor": the consequence in the verb itself
            aux = start
        if aux is None or any(w in ("drohen", "droht", "drohte", "drohten") for w in words[start:]):
            return
        speaker = speaker_in(self.res, sent.index, self.lex)
        if not speaker and otherwise and sent.index and sent.index - 1 not in self.res.skip:
            # "…, sagte er. Andernfalls …": the alternative goes on reporting the speaker before
            speaker = speaker_in(self.res, sent.index - 1, self.lex)
        if not speaker:
            return
        # the consequence ends where the verb of saying begins ("…, sagte er")
        hi = next((i for i in range(aux + 1, len(toks)) if toks[i].text == "," and i + 1 < len(toks)
                   and is_finite(toks[i + 1].tag)), len(toks))
        lo = aux + 1
        while lo < hi and words[lo] in {"sich", "man"} | FILLERS:
            lo += 1
        for m, _ in self.res.actors(sent.index):
            if m.tok_start == lo or m.tok_start == lo + 1 and words[lo] in ARTICLES:
                lo = m.tok_end
        if aux == start and lo + 2 < hi and words[lo] in ("der", "die", "das") and toks[lo + 1].tag.startswith("NN") \
                and (words[lo + 2] in ARTICLES or toks[lo + 2].tag.startswith(("NN", "ADJ"))):
            lo += 2   # the subject before the object ("behalte sich das Militär einen Gegenschlag vor")
        a, b = trim_np(sent, lo, hi)
        content = text_of(sent, self.res.doc.text, a, b).strip(" ,")
        if len(content) < 3:
            return
        cond = text_of(sent, self.res.doc.text, colon + 1 if colon is not None else 0, start - 1) if cond_end \
            else words[start - 1]
        span = Span(self.res.doc.slug, sent.start, sent.end, sent.text)
        self.positions.append(Position("Threat", speaker, content, span, "", self._issues(sent, a, b, ""),
                                       condition_text=cond))

    def _warning(self, sent: Sentence) -> None:
        """ "Farrell warnte, Australien werde lieber auf ein Abkommen verzichten": a warning that the speaker's
        own side will act (its name, "sein Land", "man", "wir" before "werde") is a threat."""
        toks = sent.tokens
        words = [lower(sent, i) for i in range(len(toks))]
        verbs = self.lex.cue_words("threat", "warnings")
        warn = next((i for i, t in enumerate(toks) if t.tag.startswith("VV") and fold(t.lemma) in verbs
                     and not _in_quote(sent, i)), None)
        if warn is None:
            return
        comma = next((i for i in range(warn + 1, len(toks)) if toks[i].text == ","), None)
        if comma is None or opens_subclause(sent, comma) or any(toks[x].tag.startswith(("VV", "VA", "VM"))
                                                                for x in range(warn + 1, comma)):
            return
        _, end = clause_bounds(sent, comma + 1)
        aux = next((i for i in range(comma + 1, end) if words[i] in ("werde", "werden", "würde", "würden")), None)
        if aux is None or aux - comma > 5 or any(toks[x].text == "," for x in range(comma + 1, aux)):
            return
        holder = speaker_in(self.res, sent.index, self.lex)
        if not holder:
            return
        # a person whose side the text never names may speak for the state named ("Farrell warnte, Australien …")
        party = self.res.party_of(holder) or (None if self.res.kind(holder) == "Person" else holder)
        own = {"man", "wir", "ich"} | {f"{p} land" for p in ("sein", "ihr", "unser")}
        subject = [k for m, k in self.res.actors(sent.index) if comma < m.tok_start < aux]
        said = " ".join(words[comma + 1:aux])
        if not (subject and all((self.res.party_of(k) or k) == party or party is None and self.res.kind(k) != "Person"
                                for k in subject) and len(set(subject)) == 1
                or said in own or said.endswith(tuple(" " + w for w in own)) and not subject):
            return
        if any(c.kind == "rejection" and comma < c.index < end for c in find_cues(sent, self.lex)):
            return   # "…, Athen werde eine Teilung niemals akzeptieren": a refusal, read as one
        # the threatened act ends before a comparison or a condition ("…, als einem Vertrag zuzustimmen")
        hi = next((i for i in range(aux + 1, end) if toks[i].text == "," and i + 1 < end
                   and (words[i + 1] in ("als", "statt", "anstatt") or words[i + 1] in CONDITIONALS)), end)
        lo = aux + 1
        while lo < hi and words[lo] in {"sich"} | FILLERS:
            lo += 1
        a, b = trim_np(sent, lo, hi)
        content = text_of(sent, self.res.doc.text, a, b).strip(" ,")
        if len(content) < 3 or any(p.kind == "Threat" and p.holder == holder and p.evidence.begin == sent.start
                                   for p in self.positions):
            return
        span = Span(self.res.doc.slug, sent.start, sent.end, sent.text)
        condition = self._conditional_clause(sent, aux)
        self.positions.append(Position("Threat", holder, content, span, "", self._issues(sent, a, b, "", own=False),
                                       "", None, self._trigger(holder) if condition else None, condition))

    def _trailing_condition(self, sent: Sentence) -> None:
        """ "X warnte, Kairo werde alle Optionen prüfen, sollte der Damm …", "Peking werde entschlossen
        reagieren, sollte Washington Waffen liefern": a consequence announced under a condition after it."""
        toks = sent.tokens
        words = [lower(sent, i) for i in range(len(toks))]
        comma = next((i for i in range(2, len(toks) - 2) if toks[i].text == "," and words[i + 1] in
                      ("sollte", "sollten", "falls") and not _in_quote(sent, i)), None)
        if comma is None or any(w in ("nur", "erst", "drohen", "droht", "drohte", "drohten") for w in words) \
                or any(c.kind == "threat" for c in find_cues(sent, self.lex)):
            return
        aux = next((i for i in range(comma - 1, 0, -1) if words[i] in ("werde", "werden", "würde", "würden")), None)
        if aux is None or any(toks[x].text in (",", ":") for x in range(aux, comma)) \
                or any(words[x] in CONDITIONALS for x in range(aux)):
            return
        cs, _ = clause_bounds(sent, aux)
        subject = [(m, k) for m, k in self.res.actors(sent.index) if cs <= m.tok_start < aux
                   and not in_pp(sent, m.tok_start)]
        if not subject:
            return
        speaker = speaker_in(self.res, sent.index, self.lex)
        if not speaker and cs == 0 and words[aux] in ("werde", "würden", "würde"):
            # the Konjunktiv goes on reporting the speaker of the sentence before
            speaker = speaker_in(self.res, sent.index - 1, self.lex) if sent.index and \
                sent.index - 1 not in self.res.skip else ""
            speaker = speaker if self.res.kind(speaker) == "Person" else ""
        speaker = speaker or subject[0][1]
        a, b = trim_np(sent, subject[-1][0].tok_end if subject[-1][0].tok_end > aux else aux + 1, comma)
        content = text_of(sent, self.res.doc.text, a, b).strip(" ,")
        if len(content) < 3:
            return
        _, end = clause_bounds(sent, comma + 1)
        cond = text_of(sent, self.res.doc.text, comma + 1, end).rstrip(" .")
        span = Span(self.res.doc.slug, sent.start, sent.end, sent.text)
        self.positions.append(Position("Threat", speaker, content, span, "", self._issues(sent, a, b, "", own=False),
                                       condition_text=cond))

    def _only_then(self, sent: Sentence) -> bool:
        """ "Erst dann könne man über X reden": the demand just made is the condition for X; "Erst wenn
        Chile die Zölle senke, könne über X gesprochen werden, sagte er": a demand of the speaker for X."""
        toks = sent.tokens
        words = [lower(sent, i) for i in range(len(toks))]
        if len(words) < 4 or words[0] not in ("erst", "nur") or _in_quote(sent, 0):
            return False
        if words[1] == "wenn":
            comma = next((i for i in range(2, len(toks)) if toks[i].text == ","), None)
        elif words[1] == "dann":
            comma = 1
        elif words[1:4] in (["unter", "dieser", "bedingung"], ["unter", "diesen", "bedingungen"]):
            # "Nur unter dieser Bedingung werde man einem Abkommen zustimmen"
            comma = 3
        else:
            return False
        if comma is None:
            return False
        # the main clause ends where the verb of saying begins ("…, sagte Ignatjew")
        hi = next((i for i in range(comma + 2, len(toks)) if toks[i].text == "," and i + 1 < len(toks)
                   and is_finite(toks[i + 1].tag)), len(toks))
        condition = self._content_issue(sent, comma + 1, hi, talks=True)
        if not condition:
            return False
        # "Erst wenn das geschehe", "Nur wenn diese gesichert sei": the pronoun stands for the demand before
        back = words[1] != "wenn" or comma <= 6 and words[2] in ("das", "dies", "diese", "dieser", "dieses")
        if back:
            # the demands of the sentence before, each of them ("verlangt ein Ende des Krieges und einen Abzug")
            prev = self._sentence_start(sent.index - 1)
            last = next((p for p in reversed(self.positions) if p.kind == "Demand" and p.evidence.begin >= prev
                         and not p.condition), None)
            for n, p in enumerate(self.positions):
                if last and p.kind == "Demand" and p.evidence == last.evidence and p.holder == last.holder \
                        and not p.condition:
                    self.positions[n] = replace(p, condition=condition)
            return last is not None
        # the speaker is named in the clause of saying after the main clause
        after = [k for m, k in self.res.actors(sent.index) if m.tok_start > hi]
        # "…, hieß es aus chinesischen Regierungskreisen": the state of the circles
        after += [m.key for m in self.res.mentions[sent.index] if m.kind == "affil" and m.tok_start > hi]
        speaker = next((k for k in after if self.res.kind(k) == "Person"), after[0] if after else "")
        if not speaker:
            return False
        content = text_of(sent, self.res.doc.text, 2, comma)
        span = Span(self.res.doc.slug, sent.start, sent.end, sent.text)
        self.positions.append(Position("Demand", speaker, content, span, "", self._issues(sent, 2, comma, condition),
                                       condition))
        return True

    def _only_if(self, sent: Sentence) -> bool:
        """ "Ruanda werde seine Truppen nur abziehen, wenn die Miliz entwaffnet sei, sagte X", "Man sei erst dann
        zu Gesprächen bereit, wenn …": the wenn-clause is a demand, the main clause what it is a condition for."""
        toks = sent.tokens
        words = [lower(sent, i) for i in range(len(toks))]
        only = next((i for i, w in enumerate(words) if w in ("nur", "erst") and i > 0 and not _in_quote(sent, i)), None)
        if only is None:
            return False
        comma = next((i for i in range(only + 1, len(toks) - 1) if toks[i].text in (",", ";", ":", "–")), None)
        if comma is None or toks[comma].text != "," or words[comma + 1] not in ("wenn", "sobald", "falls", "sofern"):
            return False
        cs, _ = clause_bounds(sent, only)
        if cs < 0 or any(words[x] in CONDITIONALS for x in range(cs, only)):
            return False
        # the demand ends where the verb of saying begins ("…, sagte Nduhungirehe", "…, hieß es aus seinem Büro")
        hi = next((i for i in range(comma + 2, len(toks)) if toks[i].text == "," and i + 1 < len(toks)
                   and is_finite(toks[i + 1].tag)), len(toks))
        condition = self._content_issue(sent, cs, comma, talks=True)
        if not condition:
            return False
        speaker = speaker_in(self.res, sent.index, self.lex)
        if not speaker:
            after = [k for m, k in self.res.actors(sent.index) if m.tok_start > hi]
            after += [m.key for m in self.res.mentions[sent.index] if m.kind == "affil" and m.tok_start > hi]
            subject = [k for m, k in self.res.actors(sent.index) if cs <= m.tok_start < only
                       and not in_pp(sent, m.tok_start)]
            subject += [m.key for m in self.res.mentions[sent.index] if m.kind == "affil" and cs <= m.tok_start < only]
            speaker = next((k for k in after if self.res.kind(k) == "Person"), (after or subject or [""])[0])
        if not speaker:
            return False
        a, b = trim_np(sent, comma + 2, hi)
        content = text_of(sent, self.res.doc.text, a, b)
        if len(content) < 3:
            return False
        # the subject of the wenn-clause is asked to act, not that of a passive ("wenn die Miliz zerschlagen sei")
        passive = any(t.tag in ("VVPP", "VV(PP)") for t in toks[a:b])
        addressee = "" if passive else next((k for m, k in self.res.actors(sent.index) if a <= m.tok_start < b
                                             and not in_pp(sent, m.tok_start) and k != speaker), "")
        span = Span(self.res.doc.slug, sent.start, sent.end, sent.text)
        self.positions.append(Position("Demand", speaker, content, span, self.res.party_of(addressee) or addressee,
                                       self._issues(sent, a, b, condition, own=False), condition))
        return True

    def _demonstrative(self, sent: Sentence, lo: int, hi: int) -> bool:
        core = [i for i in range(lo, hi) if lower(sent, i) not in FILLERS and not sent.tokens[i].tag.startswith("$")]
        return bool(core) and lower(sent, core[0]) in ("das", "dies", "diese", "dieses", "diesen", "beides", "dem",
                                                        "diesem", "darüber") and \
            (len(core) == 1 or not sent.tokens[core[1]].tag.startswith(("NN", "ADJ(A)", "ADJA")))

    def _sentence_start(self, s: int) -> int:
        return self.res.sentences[max(s, 0)].start

    def _topic(self, sent: Sentence, cs: int, finite: int | None, holder_mentions) -> tuple[int, int] | None:
        """A topicalised object before the finite verb ("Einen einseitigen Rückzug lehnt Kiew ab")."""
        if finite is None or finite <= cs:
            return None
        first = sent.tokens[cs]
        if first.tag.startswith(("APPR", "ADV", "KO", "PROAV", "PPER", "PREL", "PWAV", "PTK")) or \
                lower(sent, cs) in FILLERS or lower(sent, cs) in ("es", "so", "das", "dies"):
            if not (lower(sent, cs) in ("das", "dies") and sent.tokens[cs + 1].tag.startswith(("NN", "ADJ"))):
                return None
        if any(cs <= m.tok_start < finite for m in holder_mentions):
            return None
        end = finite
        for i in range(cs, finite):
            if sent.tokens[i].text == ",":
                end = i
                break
        return cs, end

    def _cut_condition(self, sent: Sentence, lo: int, hi: int) -> int:
        for i in range(lo, hi):
            if sent.tokens[i].text == "," and i + 1 < hi and lower(sent, i + 1) in CONDITIONALS:
                return i
        return hi

    def _conditional_clause(self, sent: Sentence, cue: int) -> str:
        toks = sent.tokens
        for i, t in enumerate(toks):
            if lower(sent, i) in CONDITIONALS and i > 0 and toks[i - 1].text == ",":
                _, end = clause_bounds(sent, i + 1)
                return text_of(sent, self.res.doc.text, i, end).rstrip(" .")
        return ""

    def _split(self, sent: Sentence, lo: int, hi: int, cut, kind: str, style: str) -> list[tuple[int, int]]:
        toks = sent.tokens
        words = [lower(sent, i) for i in range(len(toks))]
        cuts = set(range(*cut)) if cut else set()
        idx = [i for i in range(lo, hi) if i not in cuts]
        if not idx:
            return []
        # "neben X auch Y" names two things
        groups: list[list[int]] = [[]]
        for n, i in enumerate(idx):
            w = words[i]
            if w == "neben" and not groups[-1]:
                continue
            if w == "auch" and groups[-1] and kind == "demand" and any(words[x] == "neben" for x in idx[:n]):
                groups.append([])
                continue
            if kind == "demand" and style == "verb" and (w in (",", "und", "sowie")) and n + 1 < len(idx):
                nxt = words[idx[n + 1]]
                prev_tag = toks[idx[n - 1]].tag if n else ""
                infinitive = prev_tag in ("VV(INF)", "VVINF", "VVIZU", "VV(IZU)") or words[idx[n - 1]].endswith("zu")
                after = toks[idx[n + 2]].tag if n + 2 < len(idx) else ""
                if nxt in ("auf", "nach", "mit") and after in ("ART",) or after.startswith("ART"):
                    # "auf einem Abzug … sowie auf einer Verteilung …"
                    if any(toks[x].tag.startswith("NN") for x in groups[-1]) and nxt in ("auf", "nach", "mit"):
                        groups.append([])
                        continue
                if (nxt in DETERMINERS and after.startswith(("NN", "ADJ")) or infinitive) \
                        and any(toks[x].tag.startswith("NN") for x in groups[-1]):
                    groups.append([])
                    continue
            groups[-1].append(i)
        out = []
        for g in groups:
            if not g:
                continue
            a, b = trim_np(sent, g[0], g[-1] + 1)
            # stop at a relative clause or a second main clause inside the part
            for x in range(a, b):
                if toks[x].text == "," and x + 1 < b and (toks[x + 1].tag.startswith("PREL") or
                                                         words[x + 1] in CONDITIONALS or is_finite(toks[x + 1].tag)):
                    b = x
                    break
                # a second verb of the subject: "verlangte den Stopp … und hatte gedroht, …"
                if words[x] in ("und", "oder") and x + 2 < b and is_finite(toks[x + 1].tag) and x > a \
                        and toks[x - 1].tag.startswith(("NN", "NE")) and words[x + 1] not in ("ist", "sind", "sei"):
                    b = x
                    break
            a, b = trim_np(sent, a, b)
            # a leading time ("am Donnerstag jeden Versuch")
            while a + 1 < b and words[a] in ("am", "im", "seit") and self._when(sent, a + 1, b):
                a += 2
                a, b = trim_np(sent, a, b)
            if b > a:
                out.append((a, b))
        return out

    def _target(self, sent: Sentence, cs: int, a: int, b: int, holder: str = "") -> int | None:
        words = [lower(sent, i) for i in range(len(sent.tokens))]
        same = [n for n, p in enumerate(self.positions) if p.evidence.begin == sent.start and p.kind != "Rejection"]
        if cs > 0 and (words[cs] == "was" or opens_subclause(sent, cs - 1)) and same:
            return same[-1]
        if cs > 0 and words[cs] == "was":
            # "was" stands for the clause before it, never for an earlier sentence
            return None
        content = fold(text_of(sent, self.res.doc.text, a, b))
        inside = [n for n in same if fold(self.positions[n].content) in content]
        if inside:
            return inside[-1]
        if words[a] in ("das", "dies", "dieses", "diese", "diesen", "beides", "dem", "diesem", "darüber") \
                or (a and words[a - 1] in ("dieses", "diese", "diesen")) \
                or any(words[x] in ("solche", "solchen", "solcher", "solches") for x in range(max(a - 1, 0), min(a + 1, b))) \
                or words[max(cs, 0)] in ("dieses", "diese", "diesen", "dies") \
                or words[max(cs, 0)] == "das" and cs + 1 < len(words) and is_finite(sent.tokens[cs + 1].tag) \
                or (cs > 0 and opens_subclause(sent, cs - 1)):
            prev = [n for n, p in enumerate(self.positions) if p.kind in ("Demand", "Offer")
                    and p.evidence.begin >= self._sentence_start(sent.index - 3)]
            # what one rejects is what another side said: the last position of another holder
            party = self.res.party_of(holder) or holder
            others = [n for n in prev if (self.res.party_of(self.positions[n].holder) or self.positions[n].holder)
                      != party]
            prev = others or prev
            if prev:
                return prev[-1]
        heads = [fold(t.lemma or t.text) for t in sent.tokens[a:b] if t.tag.startswith("NN")]
        # "lehnt eine Einstellung ab" after "verlangt, dass Chişinău die Verfahren einstellt": the verb's stem
        stem = heads[0][:-3] if heads and heads[0].endswith("ung") and len(heads[0]) > 7 else ""
        for n in range(len(self.positions) - 1, -1, -1):
            p = self.positions[n]
            if p.kind == "Demand" and heads and (fold(heads[0]) in fold(p.content) or stem and any(
                    w.startswith(stem) for w in fold(p.content).split())):
                return n
        return None

    def _trigger(self, holder: str) -> int | None:
        party = self.res.party_of(holder) or holder
        for n in range(len(self.positions) - 1, -1, -1):
            p = self.positions[n]
            if p.kind == "Demand" and (self.res.party_of(p.holder) or p.holder) == party:
                return n
        return None


def extract_positions(res: Resolution, lex: Lexicon, speakers: dict[int, str]) -> list[Position]:
    return PositionFinder(res, lex, speakers).run()
