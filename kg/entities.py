"""Mentions -> entities: resolves every actor mention to one entity key
(lexicon names, transliteration variants, metonyms, unknown persons found by
pattern, pronouns, "sein Land", role anaphors such as "der Kremlchef") and
reads roles and affiliations off appositions.

In: a Document, its Sentences and the Lexicon. Out: a `Resolution` with the
entities (nkg:Person/Country/Organization, rdfs:label, skos:altLabel,
owl:sameAs), resolved actor mentions, role facts (nkg:hasRole) and
affiliations (nkg:affiliatedWith), plus the sentences that are headings,
captions or repeated pull quotes."""
from __future__ import annotations

import re
import time
from collections import defaultdict
from dataclasses import dataclass, field

from .lexicon import Lexicon, fold, slugify
from .mentions import GOVERNING, find_mentions, person_key
from .records import Affiliation, Document, Entity, Mention, RoleFact, Sentence, Span
from .sentences import STAGE_SECONDS
from .syntax import ARTICLES, in_pp, passive_agent

ACTOR_KINDS = ("actor", "person", "pronoun", "possessive", "anaphor")


@dataclass
class Resolution:
    doc: Document
    sentences: list[Sentence]
    mentions: dict[int, list[Mention]]
    actor_of: dict[Mention, str] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    roles: list[RoleFact] = field(default_factory=list)
    affiliations: list[Affiliation] = field(default_factory=list)
    skip: set[int] = field(default_factory=set)
    evidence: dict[str, list[Span]] = field(default_factory=lambda: defaultdict(list))
    role_parties: dict[str, str] = field(default_factory=dict)   # role word -> party it implies
    org_names: dict[tuple[str, ...], str] = field(default_factory=dict)  # folded tokens -> new organisation

    def actors(self, s: int) -> list[tuple[Mention, str]]:
        """Resolved actor mentions of sentence s, in text order."""
        return [(m, self.actor_of[m]) for m in self.mentions.get(s, []) if m in self.actor_of]

    def kind(self, key: str) -> str:
        e = self.entities.get(key)
        return e.type if e else ""

    def party_of(self, key: str) -> str:
        """The country or organization an actor stands for (itself if it is one)."""
        e = self.entities.get(key)
        if not e:
            return ""
        if e.type in ("Country", "Organization"):
            return key
        return e.affiliation


def _normalise_quote(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text)).split())


def quoted_texts(doc: Document, sentences: list[Sentence]) -> list[str]:
    found = []
    for s in sentences:
        for m in re.finditer(r"[„»\"]([^“«\"]{12,})[“«\"]", s.text):
            found.append(_normalise_quote(m.group(1)))
    return found


def resolve(doc: Document, sentences: list[Sentence], lex: Lexicon) -> Resolution:
    res = Resolution(doc, sentences, {}, role_parties=dict(lex.roles.get("affiliation", {})))
    quotes = quoted_texts(doc, sentences)
    for s in sentences:
        res.mentions[s.index] = find_mentions(doc.slug, doc.text, s, lex)
        if s.is_heading or (not re.search(r"[„»\"]", s.text) and _normalise_quote(s.text) in quotes):
            res.skip.add(s.index)
    matched = time.perf_counter()
    _new_organizations(res, lex)
    _known_persons(res, lex)
    _surname_pass(res, lex)
    for s in sentences:
        for m in res.mentions[s.index]:
            if m.kind == "actor":
                res.actor_of[m] = m.key
            elif m.kind == "person":
                res.actor_of[m] = m.key
    _generic_anaphors(res, lex)
    _roles(res, lex)
    _appositive_parties(res)
    _circle_parties(res)
    _pronouns(res, lex)
    _affiliations(res, lex)
    STAGE_SECONDS["resolving"] += time.perf_counter() - matched
    return res


def _add_entity(res: Resolution, key: str, lex: Lexicon, surface: str, span: Span) -> None:
    entry = lex.actor(key)
    e = res.entities.get(key)
    if e is None:
        if entry:
            e = Entity(key, entry.type, entry.label, (), entry.wikidata, entry.gender, entry.affiliation)
        else:
            female = set(lex.language.get("female_first_names", []))
            first = surface.split()[0] if surface.split() else ""
            e = Entity(key, "Person", surface or key.rsplit("/", 1)[-1], (), "", "f" if first in female else "", "")
        res.entities[key] = e
    if surface and fold(surface) != fold(e.label) and surface not in e.alt_labels and len(surface) < 80:
        res.entities[key] = Entity(e.key, e.type, e.label, e.alt_labels + (surface,), e.wikidata, e.gender,
                                   e.affiliation)
    res.evidence[key].append(span)


def _base_form(surface: str, lex: Lexicon, key: str) -> str:
    """The spelling without a genitive ending, as the lexicon or the text has it."""
    names = _spellings(lex, key)
    if fold(surface) in names:
        return surface
    for ending in ("s", "es", "'", "’"):
        if surface.endswith(ending) and fold(surface[: -len(ending)]) in names:
            return surface[: -len(ending)]
    return surface


def _spellings(lex: Lexicon, key: str) -> set[str]:
    entry = lex.actor(key)
    return {fold(n) for n in entry.names + entry.metonyms + entry.demonyms} if entry else set()


ACRONYM = re.compile(r"^(?=.*[A-Z])[A-Z0-9][A-Za-z0-9]{1,6}$")


def _is_acronym(word: str) -> bool:
    return bool(ACRONYM.match(word)) and sum(c.isupper() or c.isdigit() for c in word) * 2 > len(word)


def _new_organizations(res: Resolution, lex: Lexicon) -> None:
    """Groups no lexicon knows, named the way German news introduces them:
    "die Volksbefreiungsfront (VBF)", "die Rebellengruppe Frente Sur", "die
    Kivu-Miliz". Each becomes an organisation; its name, short form and the
    compound's first part then name it everywhere in the document."""
    groups = tuple(fold(g) for g in lex.language.get("group_nouns", []))
    not_names = set(lex.language.get("not_names", [])) | set(lex.language.get("first_names", []))
    defs: list[tuple[str, list[tuple[str, ...]]]] = []   # label, spellings

    def is_group(word: str) -> bool:
        return fold(word).endswith(groups)

    for s in res.sentences:
        toks = s.tokens
        known = {i for m in res.mentions[s.index] if m.kind == "actor" for i in range(m.tok_start, m.tok_end)}

        def name_word(k: int) -> bool:
            w = toks[k].text
            return k not in known and w[:1].isupper() and w not in not_names and fold(w) not in ARTICLES \
                and not toks[k].tag.startswith(("V", "ART", "APPR", "PP", "PD", "PI", "KO", "$")) \
                and w.replace("-", "").isalnum()

        for i, t in enumerate(toks):
            w = t.text
            # "Nationale Befreiungsarmee (NBA)": a long name with its short form
            if w == "(" and i + 2 < len(toks) and toks[i + 2].text == ")" and _is_acronym(toks[i + 1].text) \
                    and i + 1 not in known and fold(toks[i + 1].text) not in lex.actor_names:
                a = i
                # "der Libyschen Nationalarmee (LNA)": an adjective of a country may open the name;
                # "die Allianz bolivianischer Bauernbewegungen (ABB)": so may a lower-case adjective inside it
                adjective_led = any(m.kind == "actor" and m.tok_end == i and m.tok_end - m.tok_start == 2
                                    and toks[m.tok_start].tag.startswith("ADJ") for m in res.mentions[s.index])
                while a > 0 and i - a < 5 and (name_word(a - 1) or adjective_led and i - a < 2 or (
                        toks[a - 1].tag.startswith("ADJ") and a > 1 and name_word(a - 2))):
                    a -= 1
                words = [x.text for x in toks[a:i]]
                initials = "".join(x[0] for x in " ".join(words).replace("-", " ").split()).upper()
                if words and (is_group(words[-1]) or initials == toks[i + 1].text.upper()):
                    defs.append((" ".join(words), [tuple(fold(x) for x in words), (fold(toks[i + 1].text),)]))
                else:
                    # "die Armee der Nationalen Demokratischen Allianz Myanmars (MNDAA)": a group noun with its
                    # genitive, which may end in a known country's name
                    a = i
                    while a > 0 and i - a < 8 and (a - 1 in known or name_word(a - 1) or toks[a - 1].tag.startswith(
                            "ADJ") or fold(toks[a - 1].text) in ("der", "des")):
                        a -= 1
                    while a < i and not (is_group(toks[a].text) and toks[a].text[:1].isupper() and a not in known):
                        a += 1
                    words = [x.text for x in toks[a:i]]
                    if len(words) >= 3 and fold(words[1]) in ("der", "des"):
                        defs.append((" ".join(words), [tuple(fold(x) for x in words), (fold(toks[i + 1].text),)]))
            # "die Rebellengruppe Frente Sur", "das Oppositionsbündnis Unidad"
            elif w[:1].isupper() and is_group(w) and t.tag.startswith("NN") and i + 1 < len(toks) \
                    and name_word(i + 1) and not is_group(toks[i + 1].text):
                b = i + 1
                while b < len(toks) and b - i <= 4 and name_word(b):
                    b += 1
                words = [x.text for x in toks[i + 1:b]]
                if any(x.tag in ("NE", "FM") or _is_acronym(x.text) for x in toks[i + 1:b]):
                    defs.append((" ".join(words), [tuple(fold(x) for x in words)]))
            # "die Kivu-Miliz", "die Amal-Bewegung"
            elif "-" in w and w[:1].isupper() and i not in known and is_group(w.rsplit("-", 1)[1]):
                first = w.split("-", 1)[0]
                if first[:1].isupper() and first not in not_names and fold(first) not in lex.actor_names \
                        and fold(first) not in lex.prefixes and not fold(first).endswith(tuple(lex.adjectives)):
                    defs.append((w, [(fold(w),), (fold(first),)]))
    for label, spellings in defs:
        key = next((res.org_names[sp] for sp in spellings if sp in res.org_names), "organization/" + slugify(label))
        res.entities.setdefault(key, Entity(key, "Organization", label))
        for sp in spellings:
            res.org_names.setdefault(sp, key)
    if res.org_names:
        _org_mentions(res)


def _org_mentions(res: Resolution) -> None:
    """Every later naming of a new organisation, also in the genitive and as
    the first part of a compound ("VBF-Kämpfer"), replacing a guessed person."""
    longest = max(len(k) for k in res.org_names)
    for s in res.sentences:
        toks = s.tokens
        ms = res.mentions[s.index]
        taken = {i for m in ms if m.kind in ("actor", "role") for i in range(m.tok_start, m.tok_end)}
        folded = [fold(t.text) for t in toks]
        found = []
        i = 0
        while i < len(toks):
            hit = None
            for n in range(min(longest, len(toks) - i), 0, -1):
                key = tuple(folded[i:i + n])
                alt = key[:-1] + (key[-1][:-1],) if key[-1].endswith("s") else key
                part = (key[0].split("-", 1)[0],) if n == 1 and "-" in key[0] else key
                hit = res.org_names.get(key) or res.org_names.get(alt) or \
                    (res.org_names.get(part) if toks[i].text.split("-", 1)[-1][:1].isupper() else None)
                if hit:
                    break
            if hit and toks[i].text[:1].isupper() and not taken & set(range(i, i + n)):
                b, e = toks[i].start, toks[i + n - 1].end
                found.append(Mention("actor", hit, s.index, i, i + n, Span(res.doc.slug, b, e, res.doc.text[b:e]),
                                     res.doc.text[b:e]))
                i += n
                continue
            i += 1
        if found:
            spans = [(m.tok_start, m.tok_end) for m in found]
            kept = [m for m in ms if m.kind not in ("person", "place")
                    or not any(a < m.tok_end and m.tok_start < b for a, b in spans)]
            res.mentions[s.index] = sorted(kept + found, key=lambda m: m.tok_start)


def _known_persons(res: Resolution, lex: Lexicon) -> None:
    """Give pattern-found persons their key (lexicon or transliteration)."""
    for s in res.sentences:
        new = []
        for m in res.mentions[s.index]:
            if m.kind == "person":
                key = person_key(m.key, lex)
                m = Mention("person", key, m.sentence, m.tok_start, m.tok_end, m.span, m.surface)
            new.append(m)
        res.mentions[s.index] = new
    for s in res.sentences:
        for m in res.mentions[s.index]:
            if m.kind in ("actor", "person"):
                surface = m.surface if m.kind == "person" else _base_form(m.surface, lex, m.key)
                if m.kind == "actor" and lex.actor(m.key) and fold(surface) not in _spellings(lex, m.key):
                    surface = ""  # "US-Regierung" names the USA but is no spelling of it
                if m.surface and not m.surface[:1].isupper():
                    surface = ""  # "ukrainischer Seite" is no name
                _add_entity(res, m.key, lex, surface, m.span)


def _surname_pass(res: Resolution, lex: Lexicon) -> None:
    """Later mentions of a pattern-found person by surname alone."""
    aliases = {}
    for key, e in res.entities.items():
        if e.type == "Person" and not lex.actor(key):
            aliases[fold(e.label.split()[-1])] = key
    if not aliases:
        return
    for s in res.sentences:
        taken = {i for m in res.mentions[s.index] for i in range(m.tok_start, m.tok_end)}
        for i, t in enumerate(s.tokens):
            if i in taken or not t.text[:1].isupper():
                continue
            w = fold(t.text)
            key = aliases.get(w) or (aliases.get(w[:-1]) if w.endswith("s") else None)
            if key:
                span = Span(res.doc.slug, t.start, t.end, t.text)
                res.mentions[s.index].append(Mention("person", key, s.index, i, i + 1, span, t.text))
                res.evidence[key].append(span)
        res.mentions[s.index].sort(key=lambda m: m.tok_start)


def _is_person(res: Resolution, key: str) -> bool:
    return res.kind(key) == "Person"


def _roles(res: Resolution, lex: Lexicon) -> None:
    """Role words next to a person: "Generalstabschef Andrij Hnatow", "der Chef
    des Militärgeheimdienstes, Igor Kostjukow", "Medinski, ein Berater von …"."""
    seen = set()
    for s in res.sentences:
        ms = res.mentions[s.index]
        toks = s.tokens
        actors = [m for m in ms if m.kind in ("actor", "person") and _is_person(res, res.actor_of.get(m, m.key))]
        for r in (m for m in ms if m.kind == "role"):
            person = None
            # role before the name, possibly with a comma or another role in between
            tried = 0
            for p in actors:
                if p.tok_start < r.tok_end:
                    continue
                between = _without_parentheses([t.text for t in toks[r.tok_end:p.tok_start]])
                if between[:2] == ["im", "Ruhestand"]:
                    between = between[2:]   # "der kenianische General im Ruhestand X"
                other_roles = [m for m in ms if m.kind == "role" and r.tok_end <= m.tok_start < p.tok_start]
                gap = [w for w in between if w != ","]
                role_words = sum(m.tok_end - m.tok_start for m in other_roles)
                if tried == 0 and len(gap) - role_words <= 0 and len(between) <= 1 + role_words + len(other_roles) \
                        or _role_complement(toks, r.tok_end, p.tok_start, other_roles):
                    person = p
                    break
                # "den Sonderberater von Präsident X, Y": the name in the complement is not the holder; the one
                # after the comma may be
                tried += 1
                if tried > 1 or toks[r.tok_end].text not in ("von", "des", "der"):
                    break
            if person is None:
                # apposition after the name: "X, ein Berater von Y" / "X vertreten, dem Chef des …"
                j = r.tok_start - 1
                while j >= 0 and (toks[j].tag.startswith("ADJ") or toks[j].text.lower() in ARTICLES):
                    j -= 1
                if j >= 1 and toks[j].text == "," and r.tok_start - j <= 4 \
                        and any(toks[k].text.lower() in ARTICLES for k in range(j + 1, r.tok_start)):
                    for p in reversed(actors):
                        if p.tok_end == j or (p.tok_end == j - 1 and toks[j - 1].tag.startswith("V")):
                            person = p
                            break
            if person is None and r.tok_start == 0 and r.tok_end < len(toks) \
                    and toks[r.tok_end].text.lower() in ("ist", "war", "wird", "wurde"):
                # "Chefvermittler ist der kenianische General X": the predicate names the role's holder
                person = next((p for p in actors if r.tok_end < p.tok_start <= r.tok_end + 8
                               and not {",", ":", ";"} & {t.text for t in toks[r.tok_end:p.tok_start]}
                               and not any(m.kind in ("actor", "anaphor") and r.tok_end < m.tok_start < p.tok_start
                                           for m in ms)), None)
            plural = _plural_role(toks, r)
            if person is None and plural:
                # "mit den Chefunterhändlern beraten, Petar Petković für Belgrad und …": the names follow a comma
                person = next((p for p in actors if p.tok_start > r.tok_end and toks[p.tok_start - 1].text in (",", ":")
                               and _coordinated(res, s, p)), None)
            if person is None:
                # "der Kremlchef", "der chinesische Außenminister": a definite role with no name
                a = r.tok_start - 1
                while a > 0 and toks[a].tag.startswith("ADJ") and toks[a].text[:1].islower() and r.tok_start - a <= 2:
                    a -= 1
                if a >= 0 and toks[a].text.lower() in ("der", "den", "dem", "des"):
                    _role_anaphor(res, lex, s, r, a + 1 < r.tok_start)
                continue
            listed = [person, *(_coordinated(res, s, person) if plural else [])]
            for each in listed:
                _add_role(res, lex, s, r, each, seen)
            if plural and r.tok_start and s.tokens[r.tok_start - 1].text.lower() in ("ihren", "ihre") and s.index:
                _distribute(res, s.index, listed)


def _distribute(res: Resolution, s: int, listed: list[Mention]) -> None:
    """ "… unterzeichneten X und Y. Begleitet wurden die beiden von ihren Außenministern A und B": A serves
    X's side and B Y's, when one of the three sentences before names as many persons of distinct sides (the
    nearest such), in order."""
    keys = [res.actor_of.get(m, m.key) for m in listed]
    for back in range(s - 1, max(s - 4, -1), -1):
        sides = []
        for m, k in res.actors(back):
            party = res.entities[k].affiliation if res.kind(k) == "Person" else ""
            if party and party not in sides:
                sides.append(party)
        if len(sides) == len(keys):
            break
    if len(sides) != len(keys) or len(keys) < 2:
        return
    for key, party in zip(keys, sides):
        e = res.entities.get(key)
        if e and not e.affiliation:
            res.entities[key] = Entity(e.key, e.type, e.label, e.alt_labels, e.wikidata, e.gender, party)


def _role_complement(toks, a: int, b: int, other_roles: list[Mention]) -> bool:
    """ "der Außenminister Perus, X", "der Sondergesandte für den Sahel, X", "der Sprecher und
    Chefunterhändler der Taliban, X": the role's genitive or "für" phrase stands between it and the name."""
    if other_roles and toks[a].text == "und" and other_roles[0].tok_start == a + 1:
        a = other_roles[0].tok_end
    words = [t.text for t in toks[a:b]]
    if not 2 <= len(words) <= 8 or words[-1] != "," or "," in words[:-1] \
            or any(t.tag.startswith("V") for t in toks[a:b]):
        return False
    return words[0] in ("für", "des", "der", "von", "in") or (words[0][:1].isupper() and words[0].endswith("s") and len(words) == 2)


def _add_role(res: Resolution, lex: Lexicon, s: Sentence, r: Mention, person: Mention, seen: set) -> None:
    key = res.actor_of.get(person, person.key)
    e = res.entities.get(key)
    if e and not e.gender and fold(r.key).endswith("in") and len(r.key) > 6:
        # "Präsidentin", "Außenministerin": the role tells who "sie" is
        res.entities[key] = Entity(e.key, e.type, e.label, e.alt_labels, e.wikidata, "f", e.affiliation)
    if (key, r.key) in seen:
        return
    seen.add((key, r.key))
    begin, end = min(r.span.begin, person.span.begin), max(r.span.end, person.span.end)
    res.roles.append(RoleFact(key, r.key, Span(res.doc.slug, begin, end, res.doc.text[begin:end])))
    _role_affiliation(res, lex, s, r, key)


def _plural_role(toks, r: Mention) -> bool:
    """ "die Außenminister …", "den Chefunterhändlern": a role word that names several people."""
    before = toks[r.tok_start - 1].text.lower() if r.tok_start else ""
    surface = fold(r.surface)
    if surface.endswith("in"):
        return False
    # "nach dem Willen der Präsidenten X und Y": a genitive plural
    genitive = before == "der" and surface.endswith("en") and fold(r.key) != surface
    counted = before in ("zwei", "drei", "vier", "fünf") and surface.endswith(("en", "ern", "er"))
    return before in ("die", "beide", "beiden") or before in ("den", "ihren", "seinen") and surface.endswith("ern") \
        or genitive or counted


def _coordinated(res: Resolution, s: Sentence, p: Mention) -> list[Mention]:
    """The persons listed after p: "X (Armenien) und Y", "X für Belgrad und Y für Pristina"."""
    toks = s.tokens
    persons = {m.tok_start: m for m in res.mentions[s.index]
               if m.kind in ("actor", "person") and _is_person(res, res.actor_of.get(m, m.key))}
    parties = {m.tok_start: m.tok_end for m in res.mentions[s.index] if m.kind == "actor"}
    # ", der UN-Vertreterin Y und dem OSZE-Sondergesandten Z": an article and a role may open each further name
    roles = {m.tok_start: m.tok_end for m in res.mentions[s.index] if m.kind == "role"}
    for a in list(persons):
        for x, e in roles.items():
            if e == a and x > 0 and toks[x - 1].text.lower() in ARTICLES:
                persons.setdefault(x - 1, persons[a])
    out, j = [], p.tok_end
    while j < len(toks):
        if toks[j].text == "(":
            j = next((k + 1 for k in range(j, len(toks)) if toks[k].text == ")"), len(toks))
        elif toks[j].text.lower() in ("für", "aus") and j + 1 in parties:
            j = parties[j + 1]
        if j < len(toks) and toks[j].text in (",", "und") and j + 1 in persons:
            nxt = persons[j + 1]
        elif j + 1 < len(toks) and toks[j].text == "," and toks[j + 1].text == "und" and j + 2 in persons:
            nxt = persons[j + 2]
        else:
            break
        out.append(nxt)
        j = nxt.tok_end
    return out


def _without_parentheses(words: list[str]) -> list[str]:
    """ "Generaldirektor der IAEA (IAEA), Rafael Grossi": a parenthesis does not separate role and name."""
    out, depth = [], 0
    for w in words:
        if w == "(":
            depth += 1
        elif w == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(w)
    return out


def _role_anaphor(res: Resolution, lex: Lexicon, s: Sentence, r: Mention, adjective: bool = False) -> None:
    """ "der Kremlchef" with no name: the last person who held that role; "der chinesische Außenminister":
    the last one who held it (or was named "Amtskollege") and serves no other country, who then serves China."""
    party = res.role_parties.get(r.key, "")
    candidates = [f.person for f in reversed(res.roles) if fold(f.role) == fold(r.key)]
    if adjective:
        land = next((m.key for m in res.mentions[s.index] if m.kind == "affil" and m.tok_end == r.tok_start), "")
        if not land:
            return
        same = [f.person for f in reversed(res.roles) if fold(f.role).rsplit("-", 1)[-1] in (
            fold(r.key), "amtskollege", "amtskollegin") and res.entities.get(f.person)]
        candidates = [k for k in same if res.entities[k].affiliation in ("", land)]
        if candidates and not res.entities[candidates[0]].affiliation \
                and not any(res.entities[k].affiliation == land for k in same):
            e = res.entities[candidates[0]]
            res.entities[e.key] = Entity(e.key, e.type, e.label, e.alt_labels, e.wikidata, e.gender, land)
        if candidates and res.entities[candidates[0]].affiliation != land:
            return
    if not candidates and party:
        candidates = [f.person for f in reversed(res.roles) if res.entities.get(f.person)
                      and res.entities[f.person].affiliation == party and fold(f.role).endswith(("prasident", "chef"))]
    for person in candidates[:1]:
        m = Mention("anaphor", person, s.index, r.tok_start, r.tok_end, r.span, r.surface)
        res.mentions[s.index].append(m)
        res.mentions[s.index].sort(key=lambda x: x.tok_start)
        res.actor_of[m] = person


def _role_affiliation(res: Resolution, lex: Lexicon, s: Sentence, r: Mention, person: str) -> None:
    e = res.entities.get(person)
    if not e or e.affiliation:
        return
    party = lex.roles.get("affiliation", {}).get(r.key, "")
    if not party and "-" in r.surface:
        pre = fold(r.surface.split("-", 1)[0])
        party = lex.prefixes.get(pre, "") or lex.actor_names.get(pre, "")
    toks = s.tokens
    if not party:
        # "Sprecher des katarischen Außenministeriums", "Generaldirektor der Internationalen Atomenergiebehörde";
        # not "Botschafter für Mali": that is what the office is about
        party = next((res.actor_of.get(m, m.key) for m in res.mentions[s.index]
                      if (m.kind == "affil" or m.kind in ("actor", "anaphor")
                          and res.kind(res.actor_of.get(m, m.key)) in ("Country", "Organization"))
                      and r.tok_start < m.tok_start <= r.tok_end + 2
                      and "für" not in [t.text for t in toks[r.tok_end:m.tok_start]]
                      and (m.tok_start <= r.tok_end + 1 or toks[r.tok_end].text in ("des", "der", "für", "von"))), "")
    if not party and r.tok_start and toks[r.tok_start - 1].tag == "PPOSAT" \
            and fold(toks[r.tok_start - 1].text) in ("ihr", "sein"):
        # "Dies wies die MNDAA zurück, ihr Sprecher X erklärte": the group or state named just before
        before = [m for m in res.mentions[s.index] if m.tok_end <= r.tok_start and m.kind in ("actor", "anaphor")
                  and res.kind(res.actor_of.get(m, m.key)) in ("Country", "Organization")]
        party = res.actor_of.get(before[-1], before[-1].key) if before else ""
    if not party:
        # "die Sprecherin des Außenministeriums in Peking, X": the seat of the office stands for its state
        party = next((_metonym_party(lex, m.key) for m in res.mentions[s.index] if m.kind == "place"
                      and r.tok_end < m.tok_start <= r.tok_end + 3 and toks[m.tok_start - 1].text == "in"
                      and m.tok_end < len(toks) and toks[m.tok_end].text == ","
                      and "," not in [t.text for t in toks[r.tok_end:m.tok_start]]), "") or ""
    if not party:
        for m in res.mentions[s.index]:
            if m.tok_end <= r.tok_start and r.tok_start - m.tok_end <= 1 and (
                    m.kind == "affil" or (m.kind == "actor" and res.kind(m.key) == "Country")) \
                    and not any(t.tag.startswith("$") and t.text not in ("'", "’") for t in toks[m.tok_end:r.tok_start]):
                party = m.key
    if not party:
        # "Borrells Stellvertreter X", "Putins Berater X": who serves a person serves that person's side
        for m in res.mentions[s.index]:
            principal = res.actor_of.get(m, m.key)
            if m.tok_end == r.tok_start and m.kind in ("actor", "person") and _is_person(res, principal) \
                    and principal != person and m.surface.endswith(("s", "'", "’")):
                party = res.entities[principal].affiliation
    if party:
        res.entities[person] = Entity(e.key, e.type, e.label, e.alt_labels, e.wikidata, e.gender, party)


def _metonym_party(lex: Lexicon, place: str) -> str:
    """The state whose capital or seat the place is ("Peking" -> China), else ""."""
    from .mentions import _tokens_of, lookup_for
    kind, key = lookup_for(lex).names.get(_tokens_of(place), ("", ""))
    return key if kind == "metonym" else ""


def _subject_persons(res: Resolution, s: int) -> list[str]:
    """Persons of sentence s that are not inside a prepositional phrase."""
    sent = res.sentences[s]
    return [k for m, k in res.actors(s) if _is_person(res, k)
            and (not in_pp(sent, m.tok_start) or passive_agent(sent, m.tok_start))]


def _descriptive_nouns(lex: Lexicon) -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    """language.toml's descriptive nouns (folded noun -> actor type) and state forms (folded noun -> states)."""
    nouns = {fold(n): kind for kind, words in lex.language.get("descriptive_nouns", {}).items() for n in words}
    forms = {fold(n): frozenset(keys) for n, keys in lex.language.get("state_forms", {}).items()}
    return nouns, forms


def _generic_anaphors(res: Resolution, lex: Lexicon) -> None:
    """ "die Organisation", "das Land", "der Staatenbund": the last actor of that kind named before;
    "das Königreich": the last state named that is one."""
    nouns, forms = _descriptive_nouns(lex)
    government = lex.words("government_nouns")
    last: dict[str, str] = {}
    recent: list[str] = []   # states and organisations in order of their last naming
    for s in res.sentences:
        toks = s.tokens
        for i in range(1, len(toks)):
            word = fold(toks[i].text)
            kind = nouns.get(word)
            if kind == "Country" and word in government and "Government" in last:
                # the state whose government was named, not the last country the text mentioned
                kind = "Government"
            if kind and toks[i - 1].text.lower() in ("die", "das", "der", "den", "dem") and \
                    not any(m.tok_start <= i < m.tok_end and m.kind != "role" for m in res.mentions[s.index]) and \
                    not (i + 1 < len(toks) and toks[i + 1].tag.startswith("NE")) and \
                    not (i + 2 < len(toks) and toks[i + 1].text.lower() in ("in", "von", "aus") and
                         toks[i + 2].tag.startswith("NE")) and kind in last:
                target = last[kind]
                if word in forms:
                    target = next((k for k in reversed(recent) if k in forms[word]), "")
                if not target:
                    continue
                span = Span(res.doc.slug, toks[i - 1].start, toks[i].end, res.doc.text[toks[i - 1].start:toks[i].end])
                m = Mention("anaphor", target, s.index, i - 1, i + 1, span, span.text)
                res.mentions[s.index].append(m)
                res.actor_of[m] = target
        res.mentions[s.index].sort(key=lambda x: x.tok_start)
        for m, k in res.actors(s.index):
            if res.kind(k) in ("Country", "Organization"):
                last[res.kind(k)] = k
                if k in recent:
                    recent.remove(k)
                recent.append(k)
                if res.kind(k) == "Country" and _names_government(toks, m):
                    last["Government"] = k


def _names_government(toks, m: Mention) -> bool:
    """ "die kolumbianische Regierung", "Kubas Führung", "die Regierung in Bogotá"."""
    near = [t.text for t in toks[m.tok_start:m.tok_end + 1]]
    return any(fold(w).startswith(GOVERNING) for w in near)


def _pronouns(res: Resolution, lex: Lexicon) -> None:
    """ "er", "sie", "sein Land": the nearest compatible person, preferring
    subjects, skipping headings, captions and pull quotes."""
    for s in res.sentences:
        for m in list(res.mentions[s.index]):
            if m.kind not in ("pronoun", "possessive"):
                continue
            gender = m.key
            target = None
            sent = res.sentences[s.index]
            before = [k for a, k in res.actors(s.index) if a.tok_end <= m.tok_start and _is_person(res, k)
                      and not in_pp(sent, a.tok_start)
                      and (res.entities[k].gender == gender or (gender == "m" and not res.entities[k].gender))]
            if before:
                target = before[-1]
            back = s.index - 1
            while target is None and back >= 0 and s.index - back <= 4:
                if back not in res.skip:
                    cands = [k for k in _subject_persons(res, back)
                             if res.entities[k].gender == gender or (gender == "m" and not res.entities[k].gender)]
                    if cands:
                        target = cands[0]
                back -= 1
            if m.kind == "pronoun" and gender == "f" and (target is None or _plural_verb(sent, m.tok_start)):
                target = _group_subject(res, s.index, m) or target
            if target is None:
                continue
            if m.kind == "possessive":
                party = res.entities[target].affiliation
                if party:
                    res.actor_of[m] = party
            elif gender == "m" or res.entities[target].gender == "f" or res.kind(target) != "Person":
                res.actor_of[m] = target


def _plural_verb(sent: Sentence, i: int) -> bool:
    """ "Sie forderten", "fordern sie": the finite verb next to "sie" is plural."""
    near = [t for t in sent.tokens[max(0, i - 1):i + 2] if "FIN" in t.tag]
    return bool(near) and near[0].text.endswith(("en", "ten")) and near[0].text not in ("werden", "wurden") \
        or bool(near) and near[0].text in ("sind", "haben", "hatten", "waren", "wollen", "müssen")


def _group_subject(res: Resolution, s: int, m: Mention) -> str:
    """ "sie" for a group or a state ("die Regierung", "die Hamas"): the state or organisation
    that is the subject just before, when "sie" stands where a subject stands."""
    sent = res.sentences[s]
    toks = sent.tokens
    prev = toks[m.tok_start - 1] if m.tok_start else None
    if prev is not None and not (prev.tag.startswith("$") or "FIN" in prev.tag or prev.tag.startswith("KO")):
        return ""
    here = [k for a, k in res.actors(s) if a.tok_end <= m.tok_start and res.kind(k) in ("Country", "Organization")
            and not in_pp(sent, a.tok_start)]
    if here:
        return here[-1]
    back = s - 1
    while back >= 0 and back in res.skip:
        back -= 1
    if back < 0:
        return ""
    subj = [(a, k) for a, k in res.actors(back) if not in_pp(res.sentences[back], a.tok_start)]
    return subj[0][1] if subj and res.kind(subj[0][1]) in ("Country", "Organization") else ""


def _circle_parties(res: Resolution) -> None:
    """ "die Hamas-Führung um X", "die Delegation Kiews um den Vizeminister X", "Israel um Netanjahu": the
    person at the centre of a party's group serves it."""
    for s in res.sentences:
        toks = s.tokens
        parties = {m.tok_end: k for m, k in res.actors(s.index) if m.kind == "actor"
                   and res.kind(k) in ("Country", "Organization")}
        for m, k in res.actors(s.index):
            if m.kind not in ("actor", "person") or not _is_person(res, k) or res.entities[k].affiliation:
                continue
            j = m.tok_start - 1
            while j > 0 and (toks[j].tag.startswith(("ADJ", "ART")) or any(
                    r.kind == "role" and r.tok_start <= j < r.tok_end for r in res.mentions[s.index])):
                j -= 1
            if j > 0 and toks[j].text == "um" and j in parties:
                e = res.entities[k]
                res.entities[k] = Entity(e.key, e.type, e.label, e.alt_labels, e.wikidata, e.gender, parties[j])


def _appositive_parties(res: Resolution) -> None:
    """ "Ararat Mirsojan (Armenien)", "Petar Petković für Belgrad": the party
    named right after a person's name."""
    for s in res.sentences:
        toks = s.tokens
        for m, k in res.actors(s.index):
            e = res.entities.get(k)
            if not e or e.type != "Person" or e.affiliation or m.kind not in ("actor", "person"):
                continue
            nxt = [(mm, kk) for mm, kk in res.actors(s.index) if res.kind(kk) in ("Country", "Organization")
                   and mm.tok_start == m.tok_end + 1 and m.tok_end < len(toks)
                   and toks[m.tok_end].text in ("(", "für")]
            if nxt:
                res.entities[k] = Entity(e.key, e.type, e.label, e.alt_labels, e.wikidata, e.gender, nxt[0][1])


def _affiliations(res: Resolution, lex: Lexicon) -> None:
    for key, e in list(res.entities.items()):
        if e.type in ("Person", "Organization") and e.affiliation and e.affiliation != key:
            spans = res.evidence.get(key)
            if spans:
                res.affiliations.append(Affiliation(key, e.affiliation, spans[0]))
                if e.affiliation not in res.entities:
                    party = lex.actor(e.affiliation)
                    if party:
                        res.entities[e.affiliation] = Entity(party.key, party.type, party.label, (), party.wikidata)
