"""Resolved sentences -> delegations: who represents which party at the
talks. Reads "auf ukrainischer Seite … nehmen teil", "Zur russischen
Delegation gehörten …", "Zu ihr gehörten …", "Für die USA saßen … am Tisch",
"Russland wird von … vertreten" (also gapped: ", Athen von …"), "Washington schickte …", "die Delegation
Kiews anführte", "wurde von … geleitet", and negotiator roles with their
party ("Moskaus Verhandlungsführer").

In: a Resolution and the Lexicon. Out: Delegations (nkg:Delegation,
nkg:represents, nkg:hasMember, nkg:headedBy)."""
from __future__ import annotations

from .entities import Resolution
from .lexicon import Lexicon, fold
from .records import Delegation, Span
from .syntax import passive_agent

NEGOTIATOR_ROLES = ("verhandlungsfuhrer", "chefunterhandler", "unterhandler", "delegationschef", "delegationsleiter")
HEAD_VERBS = ("anfuhren", "leiten", "fuhren", "anfuhrte", "angefuhrt", "geleitet", "leitete", "fuhrte")
SEND_VERBS = ("schicken", "entsenden", "vertreten", "vertreten", "repräsentieren")
# words that say who belongs to a delegation (folded)
MEMBERSHIP = {"teilnehmen", "teil", "gehoren", "zahlen", "vertreten", "sitzen", "sassen", "sass", "tisch", "dabei",
              "anfuhren", "leiten", "fuhren", "begleiten", "stehen", "schicken", "entsenden", "reisen",
              "angehoren", "mitglied", "mitglieder", "geleitet", "angefuhrt", "anfuhrte", "leitete", "fuhrte",
              "zugehoren", "umfassen", "verhandeln"}
# "Mit ihm reiste X": who travels with a delegate belongs to his side
TRAVEL_VERBS = ("reisen", "anreisen", "kommen", "eintreffen", "mitreisen")
TABLE_WORDS = ("tisch", "dabei", "teil", "teilnehmen")
# "für X unterschrieb Y", "für X verhandelt Y": Y acts for X
SEGMENT_VERBS = ("begleiten", "sitzen", "sein", "unterschreiben", "unterzeichnen", "verhandeln")


def _genitive_attribute(res: Resolution, s: int, m) -> bool:
    """ "Trumps Schwiegersohn": a name in the genitive before a noun is no member, nor the one in "ein Berater
    von Präsident Salva Kiir"."""
    toks = res.sentences[s].tokens
    return (m.surface.endswith("s") and m.tok_end < len(toks) and toks[m.tok_end].tag == "NN"
            and m.kind != "anaphor") or _of_role(res, s, m)


def _of_role(res: Resolution, s: int, m) -> bool:
    """ "Berater von Präsident Salva Kiir": the name after "von" that follows a role word."""
    toks = res.sentences[s].tokens
    j = m.tok_start - 1
    while j > 0 and toks[j].tag.startswith(("NN", "ADJ")) and m.tok_start - j <= 2 and toks[j].text != "von":
        j -= 1
    return j > 0 and toks[j].text in ("von", "vom") and any(r.kind == "role" and r.tok_end == j for r in res.mentions[s])


PARTY_KINDS = ("Country", "Organization")


def _is_party(res: Resolution, lex: Lexicon, key: str) -> bool:
    entry = lex.actor(key)
    return res.kind(key) in ("Country", "Organization") or bool(entry and entry.type != "Person")


def extract_delegations(res: Resolution, lex: Lexicon) -> list[Delegation]:
    members: dict[str, list[str]] = {}
    heads: dict[str, str] = {}
    evidence: dict[str, list[Span]] = {}
    last_party = ""

    def add(party, person, s, head=False):
        nonlocal last_party
        if not party or not _is_party(res, lex, party):
            return
        aff = res.entities[person].affiliation if person in res.entities else ""
        if aff and aff != party:
            return
        members.setdefault(party, [])
        if person not in members[party]:
            members[party].append(person)
        if head:
            heads.setdefault(party, person)
        sent = res.sentences[s]
        span = Span(res.doc.slug, sent.start, sent.end, sent.text)
        if span not in evidence.setdefault(party, []):
            evidence[party].append(span)
        last_party = party

    def side_of(person: str) -> str:
        """The party a person serves, or whose delegation they joined before."""
        return res.entities[person].affiliation or next((p for p, ms in members.items() if person in ms), "")

    for sent in res.sentences:
        s = sent.index
        if s in res.skip:
            continue
        toks = sent.tokens
        actors = res.actors(s)
        persons = [(m, k) for m, k in actors if res.kind(k) == "Person" and not _genitive_attribute(res, s, m)]
        words = [fold(t.text) for t in toks]
        lemmas = [fold(t.lemma) for t in toks]
        if "begleiten" in lemmas and persons and (passive_agent(sent, persons[0][0].tok_start) or (
                "von" in words[max(persons[0][0].tok_start - 3, 0):persons[0][0].tok_start]
                and {"wurde", "wurden"} & set(words))):
            # "Begleitet wurden die beiden Staatschefs von ihren Außenministern A und B": each companion named
            # in the passive's agent is one of the side he serves
            first = persons[0][0].tok_start
            for m, k in persons:
                if res.entities[k].affiliation and "," not in words[first:m.tok_start]:
                    add(res.entities[k].affiliation, k, s)
        # segments "für X …, für Y …"
        segments = []
        role_ends = {m.tok_end for m in res.mentions[s] if m.kind == "role"}
        for i, w in enumerate(words):
            # not "der Sonderbeauftragte für Mali": what an office is about
            if (w == "fur" or w == "für") and i not in role_ends:
                # "für das Oppositionsbündnis X": a noun that names the group may stand before its name
                nxt = [(m, k) for m, k in actors if res.kind(k) != "Person" and (
                    m.tok_start in (i + 1, i + 2) or m.tok_start == i + 3 and toks[i + 2].tag == "NN")]
                if nxt:
                    segments.append((i, nxt[0][1]))
        # ("verhandelten" may be tagged an adjective: its stem says the verb as well)
        if segments and any(w in TABLE_WORDS or w.startswith("sass") or l in SEGMENT_VERBS
                            or any(w.startswith(v[:-2]) for v in SEGMENT_VERBS if len(v) > 6)
                            for w, l in zip(words, lemmas)):
            bounds = [i for i, _ in segments] + [len(toks)]
            for (start, party), end in zip(segments, bounds[1:]):
                for m, k in persons:
                    if start <= m.tok_start < end:
                        add(party, k, s)
                if any(w in ("zudem", "auch", "ausserdem") for w in words[start:end]) and s > 0:
                    for m, k in persons_of(res, s - 1):
                        if res.entities[k].affiliation == party:
                            add(party, k, s - 1)
            continue
        # "Die Delegationen um den iranischen Außenminister … und den US-Sondergesandten …": each their own
        if any(w in ("delegationen", "chefunterhandlern", "unterhandlern", "verhandlungsfuhrern") for w in words) \
                and any(w in ("um", "fur", "unter") for w in words):
            for m, k in persons:
                party = res.entities[k].affiliation
                after = words[m.tok_end] if m.tok_end < len(words) else ""
                if party and (after in ("fur", "(") or any(w == "um" for w in words[:m.tok_start])):
                    add(party, k, s, head="um" in words[:m.tok_start])
            continue
        # "die russische Delegation", "auf ukrainischer Seite", "Delegation Kiews", "zu ihr"
        party = ""
        cue = -1
        for m, k in actors:
            surf = fold(m.surface)
            if res.kind(k) in PARTY_KINDS and any(c in surf for c in ("delegation", "abordnung", "seite")):
                party, cue = k, m.tok_start
        for i, w in enumerate(words):
            # "die Regierungsdelegation aus Dschuba": a compound is a delegation as well
            w = "delegation" if w.endswith("delegation") else "abordnung" if w.endswith("abordnung") else w
            if w in ("delegation", "abordnung") and not party:
                # "die Delegation der Taliban": a group sends delegations as a state does
                nxt = [k for m, k in actors if m.tok_start in (i + 1, i + 2) and res.kind(k) in PARTY_KINDS
                       and words[i + 1] in (words[m.tok_start], "der", "des")]
                prev = [k for m, k in actors if m.tok_end == i and res.kind(k) == "Country"]
                party = (nxt or prev or [""])[0]
                cue = i if party else cue
            if w == "ihr" and (i and words[i - 1] == "zu" or i + 1 < len(words) and lemmas[i + 1] in (
                    "gehoren", "angehoren")) and last_party and not party:
                # "Zu ihr gehörten …", "Ihr gehören auch … an"
                party = last_party
            # "An seiner Seite saßen …": the delegation named just before
            if w == "seite" and i > 1 and words[i - 1] in ("seiner", "ihrer") and words[i - 2] == "an" \
                    and last_party and not party:
                party = last_party
            # "Auf Seiten der Rebellen führt X die Gespräche", "auf Seiten Russlands verhandelte X"
            if w == "seiten" and i and words[i - 1] == "auf" and not party:
                nxt = [(m, k) for m, k in actors if m.tok_start in (i + 1, i + 2) and res.kind(k) in PARTY_KINDS
                       and words[i + 1] in (words[m.tok_start], "der", "des") and m.kind == "actor"]
                party, cue = nxt[0][1] if nxt else "", nxt[0][0].tok_start if nxt else cue
            # "die Abordnung aus Kyjiw"
            if w in ("delegation", "abordnung") and not party and i + 2 < len(words) and words[i + 1] in ("aus", "von"):
                nxt = [k for m, k in actors if m.tok_start in (i + 2, i + 3) and res.kind(k) == "Country"]
                party = nxt[0] if nxt else ""
        if not party:
            # "Russland wird von … vertreten", "Washington schickte …"
            verbs = [i for i, t in enumerate(toks) if fold(t.lemma) in SEND_VERBS or fold(t.text) in SEND_VERBS]
            if verbs:
                subj = [k for m, k in actors if m.tok_end <= verbs[0] and res.kind(k) in PARTY_KINDS]
                party = subj[0] if subj else ""
                # "Kairo wurde von X vertreten, Addis Abeba von Y und Z": the gapped clause has a party of its own
                gaps = [(m.tok_start, k) for m, k in actors if m.tok_start > verbs[0] and res.kind(k) in PARTY_KINDS
                        and toks[m.tok_start - 1].text == "," and m.tok_end < len(toks)
                        and words[m.tok_end] in ("von", "vom", "durch")]
                if party and gaps and any(l in MEMBERSHIP or w in MEMBERSHIP for w, l in zip(words, lemmas)):
                    bounds = [0] + [g for g, _ in gaps] + [len(toks)]
                    for (start, side), end in zip([(0, party)] + gaps, bounds[1:]):
                        for m, k in persons:
                            if start <= m.tok_start < end:
                                add(side, k, s, head=len([1 for x, _ in persons if start <= x.tok_start < end]) == 1)
                    continue
        if not party and persons and any(l == "begleiten" for l in lemmas) \
                and any(w in ("wurde", "wird", "wurden", "werden") for w in words):
            # "Kim wurde von seinem Vertrauten X und von Außenminister Y begleitet": his side's delegation
            subj = persons[0]
            if not passive_agent(sent, subj[0].tok_start):
                party = side_of(subj[1])
        if not party and len(persons) > 1 and words[0] != "mit" and any(l in TRAVEL_VERBS for l in lemmas):
            # "Er war gemeinsam mit der grönländischen Außenministerin X angereist": the companion sits at the
            # table for the side she serves, else for the traveller's
            subj = persons[0]
            for m, k in persons[1:]:
                if m.tok_start > subj[0].tok_end and "mit" in words[subj[0].tok_end:m.tok_start] \
                        and "," not in words[subj[0].tok_end:m.tok_start]:
                    add(res.entities[k].affiliation or side_of(subj[1]), k, s)
        if not party and len(persons) > 1 and words[0] == "mit" and persons[0][0].tok_start == 1 \
                and any(l in TRAVEL_VERBS for l in lemmas):
            # "Mit ihm reiste X": the companion is one of his side
            party = side_of(persons[0][1])
        if not party:
            # "Neben Umerow saß … am Tisch"
            if any(w == "tisch" for w in words) and persons:
                first = persons[0][1]
                party = res.entities[first].affiliation
        if party and not any(l in MEMBERSHIP or w in MEMBERSHIP for w, l in zip(words, lemmas)):
            # "die ukrainische Seite schlug ein Treffen von Selenskyj und Putin vor" names no member
            party = ""
        start = _new_clause_before(sent, cue) if party else -1
        if start > 0:
            # "X wurde von Y begleitet, zur ruandischen Delegation gehörte Z": the delegation named after the
            # comma has only the members after it; "begleitet" before it makes Y one of X's side
            before = [(m, k) for m, k in persons if m.tok_start < start]
            persons = [(m, k) for m, k in persons if m.tok_start > start]
            if before and "begleiten" in lemmas[:start] and not passive_agent(sent, before[0][0].tok_start):
                side = res.entities[before[0][1]].affiliation
                for m, k in before:
                    if side != party:
                        add(side, k, s)
        if party:
            head_idx = [i for i, (w, l) in enumerate(zip(words, lemmas)) if w in HEAD_VERBS or l in HEAD_VERBS]
            for m, k in persons:
                head = bool(head_idx) and (passive_agent(sent, m.tok_start) or len(persons) == 1)
                add(party, k, s, head=head)
            for m, k in actors:
                # "…, der Sicherheitsberater von Ministerpräsident X": X serves the party, not in its delegation
                if res.kind(k) == "Person" and _of_role(res, s, m) and not res.entities[k].affiliation \
                        and _is_party(res, lex, party):
                    _affiliate(res, k, party, m.span)
            if any(w in ("auch", "zudem") for w in words) and s > 0:
                for m, k in persons_of(res, s - 1):
                    if res.entities[k].affiliation == party:
                        add(party, k, s - 1)
            continue
        # negotiator roles with a party: "Moskaus Verhandlungsführer Wladimir Medinskij"
        held = {(f.person, f.role) for f in res.roles}
        for r in (m for m in res.mentions[s] if m.kind == "role"):
            if fold(r.key).endswith(NEGOTIATOR_ROLES):
                # "Moskaus Verhandlungsführer X", "der Chefunterhändler der Taliban, X"
                nxt = [(m, k) for m, k in persons if m.tok_start >= r.tok_end and (
                    m.tok_start - r.tok_end <= 2 or (k, r.key) in held)]
                if nxt:
                    k = nxt[0][1]
                    party = res.entities[k].affiliation
                    add(party, k, s, head=fold(r.key).startswith("delegations") or "angefuhrt" in words)
                    if party and any(w in ("gehort", "gehoren", "gehorte", "gehorten") for w in words):
                        # "…, zu ihr gehört auch Y": the rest of the delegation in the same sentence
                        for m, other in persons:
                            if other != k:
                                add(party, other, s)
    for s, m, k in _principals(res, lex):
        if not any(k in ms for ms in members.values()):
            add(res.entities[k].affiliation, k, s)
    return [Delegation(p, tuple(ms), heads.get(p, ""), tuple(evidence.get(p, ()))) for p, ms in members.items()]


def _principals(res: Resolution, lex: Lexicon):
    """ "Der syrische Außenminister X und der israelische Minister Y trafen sich am Dienstag in Paris", "Nach
    einem Treffen mit A und B am Mittwoch sprach C": who meets on the day of the talks the text first tells
    sits at the table for his side, when the sentence names persons of at least two sides (a later meeting
    of two of them is a side event, not the talks)."""
    from .dates import is_future, resolve_dates
    from .meetings import _is_meeting_sentence

    for sent in res.sentences:
        s = sent.index
        if s in res.skip or not _is_meeting_sentence(res, s, lex) or not resolve_dates(sent, res.doc.date) \
                or is_future(sent):
            continue
        persons = [(m, k) for m, k in persons_of(res, s) if m.kind in ("actor", "person")
                   and not _of_role(res, s, m) and _is_party(res, lex, res.entities[k].affiliation or "-")]
        if len({res.entities[k].affiliation for _, k in persons}) >= 2:
            for m, k in persons:
                yield s, m, k
        return


def _new_clause_before(sent, cue: int) -> int:
    """The comma that opens the main clause of the delegation word at cue (", zur ruandischen Delegation
    gehörte …") after a clause with a finite verb of its own, or -1."""
    toks = sent.tokens
    c = cue - 1
    while c > 0 and toks[c].tag.startswith(("APPR", "ART", "ADJ", "PPOSAT")):
        c -= 1
    if c > 0 and c < cue and toks[c].text == "," and any(t.tag.endswith("(FIN)") or t.tag in ("VAFIN", "VVFIN")
                                                         for t in toks[:c]):
        return c
    return -1


def affiliate_members(res: Resolution, delegations: list[Delegation]) -> None:
    """A delegation member with no known affiliation belongs to the party the
    delegation represents."""
    for d in delegations:
        for member in d.members:
            e = res.entities.get(member)
            if e and not e.affiliation:
                _affiliate(res, member, d.represents, d.evidence[0])


def _affiliate(res: Resolution, person: str, party: str, evidence: Span) -> None:
    from .records import Affiliation, Entity

    e = res.entities[person]
    res.entities[person] = Entity(e.key, e.type, e.label, e.alt_labels, e.wikidata, e.gender, party)
    res.affiliations.append(Affiliation(person, party, evidence))


def persons_of(res: Resolution, s: int):
    return [(m, k) for m, k in res.actors(s) if res.kind(k) == "Person" and not _genitive_attribute(res, s, m)]
