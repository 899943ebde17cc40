"""Resolved sentences -> meetings: a sentence that speaks of talks (a
meeting noun or verb) and names a day makes one meeting per day, at the place
it names or the place of the talks so far; participants are the parties the
sentence names, or else the parties of the document's delegations; mediators
come from "vermittelt von", "unter (kenianischer) Vermittlung", "Vermittler war", "unter der
Schirmherrschaft", "moderierte", "Schlichter", and from who chairs the talks ("X
leitete die Gespräche", "Geleitet wurden die Beratungen von X"); "nicht Vermittler" names none.

In: a Resolution, the delegations' parties and the Lexicon. Out: Meetings
(nkg:Meeting with nkg:date, nkg:location, nkg:participant, nkg:mediator,
nkg:partOf a nkg:Negotiation)."""
from __future__ import annotations

from datetime import timedelta

from .dates import day_after, resolve_dates
from .entities import Resolution
from .lexicon import Lexicon, fold
from .records import Meeting, Span
from .syntax import clause_bounds, embedded, in_pp, pp_head


# "unter Vermittlung", "vermittelt von", "unter der Schirmherrschaft", "moderierte", "als Schlichter":
# who stands between the parties
MEDIATOR_STEMS = ("vermittel", "vermittl", "schirmherr", "agide", "moderier", "moderation", "schlichter",
                  "schlichtung")


def _meeting_words(res: Resolution, s: int, lex: Lexicon) -> list[int]:
    """Tokens of sentence s that speak of talks taking place."""
    nouns = lex.words("meeting_nouns")
    verbs = {v.split()[0] for v in lex.words("meeting_verbs")}
    # compounds ending in a long meeting noun ("Friedensgespräche"); one C-level test per token
    compounds = tuple(n for n in nouns if len(n) > 5)
    found = []
    for i, t in enumerate(res.sentences[s].tokens):
        w = fold(t.text)
        if w in nouns or (t.tag.startswith("VV") and fold(t.lemma) in verbs) or (w in ("zusammen", "zustande") and t.tag == "PTKVZ") \
                or (t.tag.startswith("NN") and w.endswith(compounds)):
            found.append(i)
    return found


REPORT_VERBS = ("mitteilen", "sagen", "erklären", "berichten", "melden", "bestätigen", "betonen", "bekanntgeben")


def _talk_days(sent, talk_at: list[int], lex: Lexicon, dated: list) -> list:
    """ "Die Einigung sei am Donnerstag erzielt worden, teilte die Sprecherin am Freitag mit": a day in a clause
    of reporting, apart from the talks, is when it was told, not when they met."""
    spans = [clause_bounds(sent, i) for i in talk_at]
    toks = sent.tokens

    def reported(i: int) -> bool:
        a, b = clause_bounds(sent, i)
        if any(a <= x < b for x in talk_at):
            return False
        lemmas = [fold(t.lemma) for t in toks[a:b]]
        words = [fold(t.text) for t in toks[a:b]]
        return any(l in REPORT_VERBS for l in lemmas) or "teilen" in lemmas and "mit" in words

    kept = [(i, d) for i, d in dated if not reported(i)]
    return kept if spans else dated


def _is_meeting_sentence(res: Resolution, s: int, lex: Lexicon) -> bool:
    return bool(_meeting_words(res, s, lex))


def _denied(sent, c: int) -> bool:
    """ "Gastgeberin, nicht Vermittlerin", "trat nicht als Vermittler auf", "sieht sich … als Vermittler":
    the cue says who is no mediator of the talks."""
    words = [fold(t.text) for t in sent.tokens]
    if any(w in ("nicht", "kein", "keine", "keinen") for w in words[max(c - 2, 0):c]):
        return True
    start = max((i for i in range(c) if words[i] in (",", ";", ":")), default=-1) + 1
    return "sich" in words[start:c] and "als" in words[start:c]


def _chairs(res: Resolution, s: int, lex: Lexicon) -> list[str]:
    """ "X leitete die Gespräche", "…, der die Verhandlungen leitete", "Geleitet wurden die Beratungen von X
    und Y": who chairs the talks stands between the parties (not who leads a delegation)."""
    sent = res.sentences[s]
    toks = sent.tokens
    words = [fold(t.text) for t in toks]
    talks = lex.words("meeting_nouns") - {"delegationen", "unterhandler", "verhandlungsfuhrer"}
    groups = lex.words("delegation_cues")
    found: list[str] = []
    for i, t in enumerate(toks):
        if not (t.tag.startswith("VV") and fold(t.lemma) == "leiten"):
            continue
        a, b = clause_bounds(sent, i)
        if not any(words[x] in talks or words[x] in ("es", "sie") and x == i + 2 for x in range(a, b)) \
                or any(any(words[x].startswith(g) for g in groups) for x in range(a, b)):
            continue
        von = next((x for x in range(a, b) if words[x] in ("von", "vom")), None)
        if von is not None and b < len(toks) and toks[b].text == ":":
            # "… von den drei Ko-Vorsitzenden: dem EU-Sonderbeauftragten …, der UN-Vertreterin …"
            b = len(toks)
        actors = [(m, k) for m, k in res.actors(s) if a <= m.tok_start < b]
        offices: dict[int, str] = {}
        if von is not None and t.tag in ("VVPP", "VV(PP)"):
            # the passive's agent: every party in the coordination after "von"
            # ("von Borrells Stellvertreter Enrique Mora": the person stands for the genitive's party; "vom
            # AU-Sondergesandten, dem früheren nigerianischen Staatschef X": for the party of the role word)
            after = [(m, k) for m, k in actors if m.tok_start > von]
            offices = {m.tok_start: _prefix_party(m.surface, lex) for m in res.mentions[s]
                       if m.kind == "role" and von < m.tok_start < b and _prefix_party(m.surface, lex)}
            chosen = list(offices.values())
            for n, (m, k) in enumerate(after):
                office = max((x for x in offices if x < m.tok_start), default=-1)
                if n and after[n - 1][0].surface.endswith("s") and all(
                        x.tag.startswith("NN") for x in toks[after[n - 1][0].tok_end:m.tok_start]) \
                        or office >= 0 and not any(words[x] in ("und", "sowie") for x in range(office, m.tok_start)):
                    continue
                chosen.append(k)
        elif a > 0 and toks[a - 1].text == "," and toks[a].tag.startswith("PREL"):
            # "Steven Mnuchin, der die Gespräche leitete": the antecedent
            chosen = [k for m, k in res.actors(s) if m.tok_end == a - 1][-1:]
        else:
            chosen = [k for m, k in actors if not in_pp(sent, m.tok_start)][:1]
        for k in chosen:
            party = res.party_of(k) or (k if k in offices.values() else "")
            if party and party not in found:
                found.append(party)
    return found


def _prefix_party(word: str, lex: Lexicon) -> str:
    """ "EU-Sonderbeauftragter", "UN-Vertreterin": the party the prefix names."""
    w = fold(word)
    if "-" not in w:
        return ""
    pre = w.split("-", 1)[0]
    return lex.prefixes.get(pre, "") or lex.actor_names.get(pre, "")


def mediators_in(res: Resolution, s: int, lex: Lexicon) -> list[str]:
    sent = res.sentences[s]
    cues = [i for i, t in enumerate(sent.tokens) if fold(t.text).startswith(MEDIATOR_STEMS)
            and not _denied(sent, i)]
    found = _chairs(res, s, lex)
    actors = res.actors(s)
    for t in sent.tokens:
        # "der EU-Vermittler Miroslav Lajčák"
        if "-vermittl" in fold(t.text):
            party = _prefix_party(t.text, lex)
            if party and party not in found:
                found.append(party)
    for c in cues:
        # "unter kenianischer Vermittlung", "mit ägyptischen und katarischen Vermittlern": the countries of the
        # adjectives before the cue
        adjectives = _adjectives_before(res, s, c)
        if adjectives:
            found += [p for p in adjectives if p not in found]
            continue
        # "unter Vermittlung Katars und Ägyptens": every party in the coordination after the cue
        j = c + 1
        # "Als Vermittler sitzen die OSZE, Russland und die Ukraine mit am Tisch": the verb comes first
        if c and fold(sent.tokens[c - 1].text) == "als" and j < len(sent.tokens) \
                and sent.tokens[j].tag.startswith(("VV", "VA")):
            j += 1
        j = _passive_agent_start(sent, c, j)
        affil = {m.tok_start: m.key for m in res.mentions[s] if m.kind == "affil"}
        chain = []
        while j < len(sent.tokens):
            here = [(m, k) for m, k in actors if m.tok_start == j]
            if here:
                chain.append(res.party_of(here[0][1]))
                j = here[0][0].tok_end
                continue
            # "vom chinesischen Sondergesandten": the party of the adjective before the agent's noun
            if j in affil and j + 1 < len(sent.tokens) and sent.tokens[j + 1].tag.startswith("NN") \
                    and j > 0 and fold(sent.tokens[j - 1].text) in ("von", "vom", "durch", "den", "dem", "der"):
                chain.append(affil[j])
                j += 2
                continue
            if fold(sent.tokens[j].text) in ("und", ",", "der", "des", "von", "den", "dem", "die", "sowie", "(", ")"):
                j += 1
                continue
            break
        chain = [p for p in chain if p]
        if chain:
            found += [p for p in chain if p not in found]
            continue
        best = None
        for m, k in res.actors(s):
            party = res.party_of(k)
            if not party or _genitive_of_noun(sent, m.tok_start, c):
                continue
            dist = min(abs(m.tok_start - c), abs(m.tok_end - 1 - c))
            if dist <= 5 and (best is None or dist < best[0]):
                best = (dist, party)
        if best and best[1] not in found:
            found.append(best[1])
    return found


PASSIVE_AUX = ("wurde", "wurden", "wird", "werden", "worden", "ist", "sind", "war", "waren")


def _passive_agent_start(sent, c: int, j: int) -> int:
    """ "Vermittelt wurde das Treffen von den USA": after a fronted participle and its auxiliary, the agent
    starts at "von"/"durch" later in the clause; elsewhere j stays."""
    toks = sent.tokens
    if j >= len(toks) or fold(toks[j].text) not in PASSIVE_AUX or not fold(toks[c].text).endswith("t"):
        return j
    k = j + 1
    while k < len(toks) and k - j <= 10 and toks[k].text not in (",", ";", ":", "."):
        if fold(toks[k].text) in ("von", "vom", "durch"):
            return k + 1
        k += 1
    return j


def _adjectives_before(res: Resolution, s: int, cue: int) -> list[str]:
    """ "ägyptischen und katarischen Vermittlern": the parties of the coordinated adjectives before the cue."""
    sent = res.sentences[s]
    affil = {m.tok_start: m.key for m in res.mentions[s] if m.kind == "affil" and m.tok_end == m.tok_start + 1}
    found = []
    j = cue - 1
    while j >= 0 and j in affil:
        found.insert(0, affil[j])
        j -= 1
        if j >= 1 and fold(sent.tokens[j].text) in ("und", ",", "sowie") and j - 1 in affil:
            j -= 1
    return found


def _genitive_of_noun(sent, i: int, cue: int) -> bool:
    """ "die Kämpfer der Taliban": an attribute of another noun mediates nothing."""
    return i > 1 and i - 2 != cue and sent.tokens[i - 1].text in ("der", "des") and sent.tokens[i - 2].tag == "NN"


def _reported_by(sent, i: int) -> bool:
    """ ", wie die Vermittler … mitteilten": a clause that names the source, not another event."""
    j = i
    while j > 0 and sent.tokens[j - 1].text != ",":
        j -= 1
    return j > 0 and fold(sent.tokens[j].text) == "wie"


def _at_the_table(sent) -> bool:
    """ "Mit am Tisch saßen …", "An den Gesprächen nahm … teil", "Er war gemeinsam mit X angereist"."""
    words = [fold(t.text) for t in sent.tokens]
    return "nicht" not in words and ("tisch" in words or "teil" in words and any(
        fold(t.lemma) == "nehmen" for t in sent.tokens) or "mit" in words and any(
        fold(t.lemma) in ("anreisen", "mitreisen", "eintreffen") for t in sent.tokens))


def _names_delegation(sent, lex: Lexicon) -> bool:
    cues = tuple(lex.words("delegation_cues"))
    return any(fold(t.text).endswith(cues) or fold(t.lemma) == "vertreten" for t in sent.tokens)


def visited_capital(res: Resolution, s: int, lex: Lexicon) -> str:
    """ "hat China besucht", "besuchte Norwegen": the capital of the country visited."""
    sent = res.sentences[s]
    for i, t in enumerate(sent.tokens):
        if not (t.tag.startswith("VV") and fold(t.lemma) == "besuchen"):
            continue
        for m, k in res.actors(s):
            entry = lex.actors.get(k)
            if entry and entry.type == "Country" and entry.metonyms and (m.tok_end == i or m.tok_start == i + 1):
                capital = lex.place_names.get(fold(entry.metonyms[0]))
                if capital:
                    return capital
    return ""


def sentence_parties(res: Resolution, s: int, partners: bool = False) -> list[str]:
    parties = []
    sent = res.sentences[s]
    for m, k in res.actors(s):
        party = res.party_of(k)
        if not party or party in parties:
            continue
        # "Kaja Kallas traf …": an official of an organisation stands for it, as the organisation itself does,
        # also as the partner of the talks ("mit Nato-Generalsekretär X beraten")
        if res.kind(party) == "Country" or (
                res.kind(k) in ("Organization", "Person") and (not in_pp(sent, m.tok_start) or res.kind(k) == "Person"
                                                               and _partner(res, s, m.tok_start, partners))):
            parties.append(party)
    return parties


def _partner(res: Resolution, s: int, i: int, partners: bool) -> bool:
    """The name at i stands in a "mit" phrase of a sentence that names the place of the talks ("in Brüssel mit
    Generalsekretär X beraten") or that tells who came along to them (partners)."""
    sent = res.sentences[s]
    head = pp_head(sent, i)
    return head is not None and fold(sent.tokens[head].text) == "mit" and (partners or any(
        m.kind == "place" for m in res.mentions[s]))


def _sides(res: Resolution, s: int) -> list[str]:
    """Parties the sentence names as sides of talks: not "für die Ukraine" or "in der Ukraine", but
    "zwischen Peru und Chile", "von Trump und Kim"."""
    sent = res.sentences[s]
    free = set()
    for m, k in res.actors(s):
        head = pp_head(sent, m.tok_start)
        if head is None or fold(sent.tokens[head].text) in ("zwischen", "von", "vom", "mit"):
            free.add(res.party_of(k))
    return [p for p in sentence_parties(res, s) if p in free]


def extract_meetings(res: Resolution, lex: Lexicon, delegation_parties: list[str]) -> list[Meeting]:
    doc = res.doc
    doc_mediators: list[str] = []
    for s in res.sentences:
        # "unter Vermittlung … zustande gekommen" about an earlier deal names no mediator of these talks
        cues = [i for i, t in enumerate(s.tokens) if (fold(t.text).startswith(MEDIATOR_STEMS)
                or "-vermittl" in fold(t.text)) and not _denied(s, i)]
        inside = embedded(s)
        if s.index not in res.skip and (cues and not all(i in inside and not _reported_by(s, i) for i in cues)
                                        or _chairs(res, s.index, lex)):
            for p in mediators_in(res, s.index, lex):
                if p not in doc_mediators:
                    doc_mediators.append(p)
    doc_parties = list(delegation_parties)
    for s in res.sentences:
        if s.index in res.skip or not _is_meeting_sentence(res, s.index, lex):
            continue
        dated = resolve_dates(s, doc.date)
        if not delegation_parties and (any(m.kind == "place" for m in res.mentions[s.index]) or dated):
            doc_parties += [p for p in sentence_parties(res, s.index) if p not in doc_parties]
            continue
        # "Das Treffen von Trump und Kim …" without a day: the sides of the talks the text is about; a dated
        # sentence tells a meeting of its own
        sides = [p for p in _sides(res, s.index) if p not in doc_mediators]
        # "Die UN und die AU begrüßten den Beginn der Gespräche": who comments on the talks is no side of them
        commenting = lex.words("commenting_verbs")
        if any(t.tag.startswith("VV") and fold(t.lemma) in commenting for t in s.tokens):
            sides = []
        if len(sides) >= 2 and not dated:
            doc_parties += [p for p in sides if p not in doc_parties]
    meetings: dict[tuple[str, object], Meeting] = {}
    last_place = ""
    last_key: tuple[int, tuple[str, object]] | None = None
    last_keys: list[tuple[str, object]] = []    # every meeting the sentence of last_key named
    topic = -1                                  # the last sentence still speaking of those talks
    # meetings whose sentence names too few parties to say who sat at the table
    unnamed: set[tuple[str, object]] = set()
    for s in res.sentences:
        if s.index in res.skip:
            continue
        talk_at = _meeting_words(res, s.index, lex)
        talk = bool(talk_at)
        # a place counts where the talks are spoken of, not in "…, sagte Putin im Kreml"
        spans = [clause_bounds(s, i) for i in talk_at]
        places = [m for m in res.mentions[s.index] if m.kind == "place"
                  and any(a <= m.tok_start < b for a, b in spans)]
        if places and talk:
            place_here = places[0].key
        else:
            place_here = ""
        days = _talk_days(s, talk_at, lex, resolve_dates(s, doc.date)) if talk else []
        after = day_after(s) if talk and not days and last_key else None
        if after is not None:
            days = [(after, last_key[1][1] + timedelta(days=1))]
        if not days and last_key and s.index - topic <= 2 and _at_the_table(s):
            # "Mit am Tisch saßen …", "An den Gesprächen nahmen … teil": more parties of the meeting just named,
            # on every day the sentence that named it gave
            # ("Als Vermittler sitzen … mit am Tisch": those are mediators)
            here = tuple(mediators_in(res, s.index, lex))
            for key in last_keys:
                old = meetings[key]
                meetings[key] = Meeting(old.place, old.day, tuple(dict.fromkeys(
                    old.participants + tuple(p for p in sentence_parties(res, s.index, partners=True)
                                             if p not in old.mediators))),
                    tuple(dict.fromkeys(old.mediators + here)),
                    old.evidence + (Span(doc.slug, s.start, s.end, s.text),))
            continue
        if not days and last_key and s.index - topic <= 1:
            # "Gastgeber war X, der die Gespräche leitete", "Geleitet wurde die Runde von X": the chair or
            # mediator of the meeting just named, on every day the sentence that named it gave
            here = tuple(p for p in mediators_in(res, s.index, lex) if p in doc_mediators)
            for key in last_keys if here else []:
                old = meetings[key]
                meetings[key] = Meeting(old.place, old.day, tuple(dict.fromkeys(old.participants + here)),
                                        tuple(dict.fromkeys(old.mediators + here)), old.evidence)
        if talk and last_key and s.index - topic <= 1:
            topic = s.index     # the talks are still what the text speaks of
        elif last_key and s.index - topic <= 2 and not days and _names_delegation(s, lex):
            topic = s.index     # "Tiflis war durch … vertreten. Die Delegation Moskaus führte …": still the talks
        if not days:
            place_here = place_here or visited_capital(res, s.index, lex)
            if place_here and not last_place:
                last_place = place_here
            continue
        place = place_here or last_place or next(
            (m.key for x in res.sentences for m in res.mentions[x.index] if m.kind == "place"), "")
        if not place:
            continue
        last_place = place
        named = sentence_parties(res, s.index)
        here_mediators = mediators_in(res, s.index, lex)
        if len([p for p in named if p not in here_mediators]) >= 2:
            participants = named
            # the document's mediator, when it sits at this table between at least two others
            mediators = here_mediators or [p for p in doc_mediators if p in named and len(named) >= 3]
        else:
            mediators = here_mediators or doc_mediators
            participants = list(dict.fromkeys(doc_parties + named + mediators))
        span = Span(doc.slug, s.start, s.end, s.text)
        for _, day in days:
            key = (place, day)
            if participants is not named:   # taken from the document, not from this sentence
                unnamed.add(key)
            old = meetings.get(key)
            if old:
                meetings[key] = Meeting(place, day, tuple(dict.fromkeys(old.participants + tuple(participants))),
                                        tuple(dict.fromkeys(old.mediators + tuple(mediators))),
                                        old.evidence + (span,))
            else:
                meetings[key] = Meeting(place, day, tuple(participants), tuple(mediators), (span,))
            if not last_key or last_key[0] != s.index:
                last_keys = []
            last_keys.append(key)
            last_key = (s.index, key)
            topic = s.index
    # "Zum Abschluss der Gespräche in Wien …": another day of the same talks, with the parties named for them
    for key in unnamed:
        old = meetings[key]
        same = [m for k, m in meetings.items() if k[0] == key[0] and k not in unnamed]
        if same:
            meetings[key] = Meeting(old.place, old.day, tuple(dict.fromkeys(
                old.participants + tuple(p for m in same for p in m.participants))), old.mediators, old.evidence)
    # "unter Vermittlung Norwegens" said of one day of the talks at a place holds for their other days
    for key, old in list(meetings.items()):
        if not old.mediators:
            mediators = tuple(dict.fromkeys(p for k, m in meetings.items() if k[0] == key[0] for p in m.mediators))
            meetings[key] = Meeting(old.place, old.day, tuple(dict.fromkeys(old.participants + mediators)),
                                    mediators, old.evidence)
    return list(meetings.values())
