"""Sentences -> mentions: every stretch of a sentence that names an actor
(by name, metonym, demonym or "die ukrainische Seite"), a role, a place, an
issue, or that refers back to an actor ("er", "sie", "der Kremlchef").

In: Sentences and the Lexicon. Out: `Mention` records with token ranges and
character spans; unknown persons are found through role words, known first
names and proper-noun tags. Emits nothing to RDF itself; mentions become the
nif: spans and rdfs:label/skos:altLabel of the entities."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import Lexicon, fold, slugify, translit_key
from .records import Mention, Sentence, Span

ARTICLES = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines"}
LOCATIVE = {"in", "nach", "bei", "im", "auf"}
GOVERNING = ("regierung", "fuhrung", "staatsfuhrung", "behorden", "machthaber", "militarregierung", "junta",
             "militarjunta", "regime")
GENITIVE_ENDINGS = ("s", "'", "’s", "es")
NAME_PARTICLE = re.compile(r"^(?:al|el|as|ad|ar|at|an|az|ash|ibn|bin|abu|ben|de|di|da|van|von|der)-[A-ZÄÖÜ]")
NON_NAME_TAGS = ("V", "ART", "APPR", "KO", "PPER", "PD", "PI", "PRE", "PRF", "PW", "ADV", "PTK", "$", "CARD")
AGE = re.compile(r"^\d+-[Jj]ährigen?$")
PRONOUNS = {"er": "m", "sie": "f", "ihm": "m", "ihn": "m"}
POSSESSIVES = {"sein": "m", "seine": "m", "seiner": "m", "seinem": "m", "seinen": "m", "seines": "m",
               "ihr": "f", "ihre": "f", "ihrer": "f", "ihrem": "f", "ihren": "f", "ihres": "f"}


@dataclass(frozen=True)
class Lookup:
    """Token-sequence tables built once per lexicon."""

    names: dict[tuple[str, ...], tuple[str, str]]   # folded tokens -> (kind, key)
    max_len: int


_LOOKUPS: dict[int, Lookup] = {}


def _tokens_of(name: str) -> tuple[str, ...]:
    return tuple(fold(t) for t in re.findall(r"[\w\-\.’']+", name))


def lookup_for(lex: Lexicon) -> Lookup:
    hit = _LOOKUPS.get(id(lex))
    if hit:
        return hit
    names: dict[tuple[str, ...], tuple[str, str]] = {}
    for place in lex.places:
        for n in [place["label"], *place.get("names", [])]:
            names[_tokens_of(n)] = ("place", place["label"])
    for entry in lex.actors.values():
        for n in entry.names:
            names[_tokens_of(n)] = ("actor", entry.key)
        for d in entry.demonyms:
            names.setdefault(_tokens_of(d), ("actor", entry.key))
        for m in entry.metonyms:
            toks = _tokens_of(m)
            names[toks] = ("metonym", entry.key) if toks not in names or names[toks][0] == "place" else names[toks]
    lk = Lookup(names=names, max_len=max(len(k) for k in names))
    _LOOKUPS[id(lex)] = lk
    return lk


def _span(doc_slug: str, text: str, sent: Sentence, i: int, j: int) -> Span:
    b, e = sent.tokens[i].start, sent.tokens[j - 1].end
    return Span(doc_slug, b, e, text[b:e])


def _strip_genitive(word: str, known) -> str | None:
    for ending in GENITIVE_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            base = word[: -len(ending)]
            if known(base):
                return base
    return None


def is_capitalised(tok) -> bool:
    return tok.text[:1].isupper()


@dataclass(frozen=True)
class RoleTable:
    terms: frozenset
    heads: tuple
    inflections: dict
    phrases: dict          # folded first word -> ((phrase, folded tokens), ...)


_ROLE_TABLES: dict[int, RoleTable] = {}


def _role_table(lex: Lexicon) -> RoleTable:
    hit = _ROLE_TABLES.get(id(lex))
    if hit is None:
        roles = lex.roles
        phrases: dict[str, list] = {}
        for phrase in roles.get("adjective_roles", []) + roles.get("phrases", []):
            toks = tuple(fold(x) for x in phrase.split())
            phrases.setdefault(toks[0], []).append((phrase, toks))
        hit = _ROLE_TABLES[id(lex)] = RoleTable(frozenset(roles.get("terms", [])),
                                                 tuple(fold(h) for h in roles.get("heads", [])),
                                                 roles.get("inflections", {}), phrases)
    return hit


def role_of(words: list[str], tags: list[str], i: int, lex: Lexicon) -> tuple[int, str] | None:
    """A role starting at token i: (end index, role label) or None."""
    w = words[i]
    if not w[:1].isupper():
        return None
    roles = lex.roles
    table = _role_table(lex)
    terms, head_set, inflections = table.terms, table.heads, table.inflections
    # multi-word roles: "Nationaler Sicherheitsberater", "Chef des Militärgeheimdienstes"
    for phrase, ptoks in table.phrases.get(fold(w), ()):
        if tuple(fold(x) for x in words[i:i + len(ptoks)]) == ptoks:
            return i + len(ptoks), inflections.get(phrase, phrase)
    if w in roles.get("genitive_heads", []) and i + 2 < len(words) and words[i + 1] in ("des", "der"):
        j = i + 2
        while j < len(words) and (tags[j].startswith("ADJ") or words[j][:1].isupper()) and words[j] not in (",",):
            j += 1
            if tags[j - 1] == "NN" or (j - 1 > i + 2 and words[j - 1][:1].isupper() and not tags[j - 1].startswith("ADJ")):
                break
        if j > i + 2:
            return j, " ".join(words[i:j])
    base = w
    prefix = ""
    if "-" in w:
        head = w.rsplit("-", 1)[1]
        pre = w.rsplit("-", 1)[0]
        if fold(pre) in lex.prefixes or fold(pre) in ("vize", "ex", "us") or fold(pre).endswith("nahost"):
            prefix, base = pre + "-", head
        elif head[:1].isupper():
            base = head
            prefix = pre + "-"
    named_next = i + 1 < len(words) and words[i + 1][:1].isupper()
    if not prefix and base.startswith("Vize") and base[4:].capitalize() in terms:
        # "Vizepremier", "Vizeaußenminister": the deputy of a role is a role
        prefix, base = "Vize", base[4:].capitalize()
        inflections = {base: w[4:]}
    for ending in ("en", "n"):
        stem = base[: -len(ending)]
        if base.endswith(ending) and base not in terms and (stem in terms or fold(stem).endswith(head_set)) \
                and not fold(base).endswith(head_set):
            base = stem
            break
    else:
        # "des Generals X", "des Außenministers X": the genitive before a name
        if base.endswith("s") and base[:-1] in terms and named_next and i and fold(words[i - 1]) == "des":
            base = base[:-1]
    if base in terms or ((tags[i] in ("NN", "NE", "NNA") or tags[i].startswith("ADJ") and named_next)
                         and fold(base).endswith(head_set)
                         and len(base) > 5 and not base.endswith(("führung", "gespräch"))):
        if fold(base) in {"general"} and i + 1 < len(words) and not words[i + 1][:1].isupper() \
                and words[i + 1:i + 3] != ["im", "Ruhestand"]:
            return None
        if prefix and (fold(prefix[:-1]) in lex.prefixes or fold(prefix[:-1]) in lex.actor_names):
            prefix = ""
        label = prefix + inflections.get(base, base)
        return i + 1, label
    return None


def find_mentions(doc_slug: str, text: str, sent: Sentence, lex: Lexicon) -> list[Mention]:
    lk = lookup_for(lex)
    toks = sent.tokens
    words = [t.text for t in toks]
    folded = [fold(w) for w in words]
    tags = [t.tag for t in toks]
    lang = lex.language
    first_names = set(lang.get("first_names", []))
    not_names = set(lang.get("not_names", []))
    particles = set(lang.get("name_particles", []))
    out: list[Mention] = []
    quote_depth = _quote_mask(words)
    i = 0
    n = len(toks)

    def add(kind, key, a, b, surface=""):
        out.append(Mention(kind, key, sent.index, a, b, _span(doc_slug, text, sent, a, b),
                           surface or text[toks[a].start:toks[b - 1].end]))

    def name_end(j: int) -> int:
        """Where a personal name starting at j ends ("Chalil al-Haja", "Faisal bin Farhan")."""
        k = j
        while k < n and k - j < 4:
            wk = words[k]
            if wk in not_names or folded[k] in ARTICLES or role_of(words, tags, k, lex) or quote_depth[k] != quote_depth[j]:
                break
            # "Außenminister Ri Yong Ho": inside a sentence a capitalised word the tagger takes for a verb
            # ("Ri") is a name when a proper noun follows
            mistagged = tags[k].startswith("V") and k == j and k and words[k - 1] not in (":", "„", "\"") \
                and k + 1 < n and tags[k + 1] == "NE" and is_capitalised(toks[k + 1])
            if NAME_PARTICLE.match(wk) or (is_capitalised(toks[k]) and wk.replace("-", "").replace("'", "").isalpha()
                                           and (not tags[k].startswith(NON_NAME_TAGS) or mistagged)):
                if k == j and tags[k] == "NN" and wk not in first_names and not (
                        k + 1 < n and (tags[k + 1] == "NE" or is_capitalised(toks[k + 1])
                                       and not tags[k + 1].startswith(NON_NAME_TAGS))):
                    break
                k += 1
                continue
            if wk in particles and k > j and k + 1 < n and (is_capitalised(toks[k + 1]) or NAME_PARTICLE.match(words[k + 1])):
                k += 1
                continue
            break
        return k

    while i < n:
        # longest lexicon match, also with a genitive -s on the last word
        matched = False
        for length in range(min(lk.max_len, n - i), 0, -1):
            key = tuple(folded[i:i + length])
            hit = lk.names.get(key)
            if hit is None and key[-1][-1:] in ("s", "'", "’"):
                base = _strip_genitive(folded[i + length - 1], lambda b: key[:-1] + (b,) in lk.names)
                if base:
                    hit = lk.names[key[:-1] + (base,)]
            if hit is None:
                continue
            kind, ref = hit
            if quote_depth[i] and _is_title_quote(words, i):
                break
            if kind == "actor" and lex.actors[ref].type == "Person" and \
                    not re.sub(r"^[a-z]+-", "", words[i + length - 1])[:1].isupper():
                continue  # "blinken" is a verb, "Blinken" a name
            if kind == "actor" and length == 1 and _first_name_of_other(words, tags, folded, i, lex.actors[ref], lk,
                                                                        not_names):
                break  # "Geheimdienstchef Abbas Kamel" is not Mahmud Abbas: a new person's first name
            if kind in ("metonym", "place") and ref in lex.actors or kind == "metonym":
                prev = folded[i - 1] if i else ""
                prev2 = folded[i - 2] if i > 1 else ""
                place_label = lex.place_names.get(" ".join(key)) or lex.place_names.get(key[-1])
                if prev == "in" and prev2.endswith(GOVERNING):
                    # "die Regierung in Jerusalem", "die Führung in Teheran": the state, not a place
                    add("actor", ref, i - 2, i + length)
                elif place_label and (prev in LOCATIVE or prev in ("hauptstadt", "stadt") or prev2 in LOCATIVE
                                    and prev in ARTICLES):
                    add("place", place_label, i, i + length)
                else:
                    add("actor", ref, i, i + length)
            else:
                add(kind, ref, i, i + length)
            i += length
            matched = True
            break
        if matched:
            continue
        w = words[i]
        # a first name before a surname the lexicon knows: "Wladimir Medinsky"
        if w in first_names and i + 1 < n and _lex_match_at(folded, i + 1, lk):
            j = i + 1
            for length in range(min(lk.max_len, n - j), 0, -1):
                key = tuple(folded[j:j + length])
                hit = lk.names.get(key)
                if hit is None:
                    base = _strip_genitive(key[-1], lambda b: key[:-1] + (b,) in lk.names)
                    hit = lk.names.get(key[:-1] + (base,)) if base else None
                if hit and hit[0] == "actor" and lex.actors[hit[1]].type == "Person":
                    add("actor", hit[1], i, j + length)
                    i = j + length
                    matched = True
                    break
            if matched:
                continue
        # "der 43-Jährige", "die 61-Jährige": a person named before
        if AGE.match(w) and i and folded[i - 1] in ("der", "die", "den", "dem"):
            add("pronoun", "f" if folded[i - 1] == "die" else "m", i - 1, i + 1)
            i += 1
            continue
        # "im Wiener Palais Coburg", "in der Genfer Villa": the town named by its adjective is the place
        town = lex.place_names.get(folded[i][:-2]) if folded[i].endswith("er") and is_capitalised(toks[i]) else None
        if town and i and (folded[i - 1] in LOCATIVE or i > 1 and folded[i - 2] in LOCATIVE
                           and folded[i - 1] in ARTICLES):
            add("place", town, i, i + 1)
            i += 1
            continue
        # an unknown proper noun after "in"/"nach" or a word for a town is a place ("im Kurort Sotschi"), but
        # not the seat of a government ("die Führung in Tiraspol")
        if (tags[i] == "NE" or tags[i] == "NN" and i > 1 and tags[i - 1].startswith("ADJ") and proper_alone(w)) \
                and is_capitalised(toks[i]) and i and w.replace("-", "").isalpha() \
                and not (i > 1 and folded[i - 1] == "in" and folded[i - 2].endswith(GOVERNING)) \
                and w not in first_names and w not in not_names and not quote_depth[i] \
                and (folded[i - 1] in ("in", "nach") or i > 1 and folded[i - 2] in ("in", "im", "nach")
                     and tags[i - 1].startswith("ADJ") and _adjective_country(folded[i - 1], lex)
                     or (tags[i - 1].startswith("NN") and
                                                         folded[i - 1].endswith(("stadt", "ort", "metropole", "flughafen")))):
            # "in Camp David", "in New York": the name goes on over further unknown proper nouns
            k = i + 1
            while k < n and tags[k] == "NE" and is_capitalised(toks[k]) and words[k].replace("-", "").isalpha() \
                    and words[k] not in not_names and not _lex_match_at(folded, k, lk):
                k += 1
            add("place", " ".join(words[i:k]), i, k)
            i = k
            continue
        # "die Hamas-Delegation", "ein US-Regierungsvertreter": the actor named in the compound
        if "-" in w and w[:1].isupper():
            pre, head = w.split("-", 1)
            party = lex.prefixes.get(fold(pre)) or lex.actor_names.get(fold(pre))
            if party and lex.actors[party].type != "Person" and \
                    fold(head).endswith(tuple(fold(x) for x in lang.get("agent_nouns", []))) \
                    and not (i + 1 < n and tags[i + 1] == "NE"):
                add("actor", party, i, i + 1)
                i += 1
                continue
        role = role_of(words, tags, i, lex)
        if role:
            end, label = role
            add("role", label, i, end)
            # a name right after a role: "Generalleutnant Wadym Skibizkyj"
            j = end
            while j < n and (tags[j].startswith("ADJ") and not is_capitalised(toks[j])):
                j += 1
            if " " in label and j + 3 < n and words[j + 1] == "," and (
                    _lex_match_at(folded, j, lk) or words[j].isupper() and len(words[j]) > 1 and words[j].isalpha()):
                # "der Generalsekretär der Regierungspartei SPLM, …": the party's name closes the role
                j += 1
            k = name_end(j)
            if k == j and " " in label and j + 2 < n and words[j] == ",":
                # "der Generalsekretär der Regierungspartei, Pagan Amum,": a name of two or more words in
                # apposition to a genitive role, closed by a comma or the sentence's end
                k = j + 1
                while k < n and k - j <= 4 and (is_capitalised(toks[k]) and words[k].replace("-", "").isalpha()
                                                 and words[k] not in not_names or NAME_PARTICLE.match(words[k])):
                    k += 1
                if k >= j + 3 and (k == n or words[k] in (",", ".", ";", ":")) and not tags[j + 1].startswith("V") \
                        and not any(role_of(words, tags, x, lex) or _known(folded[x], lk) for x in range(j + 1, k)):
                    j += 1
                else:
                    k = j
            while k > j and (words[k - 1] in particles or _known(folded[k - 1], lk)
                             and not _other_first_name(words[j:k], lex)):
                k -= 1
            other = k > j + 1 and _first_name_of_other(words, tags, folded, j, lex.actors.get(
                lk.names.get((folded[j],), ("", ""))[1]), lk, not_names, words[j] in first_names)
            if k > j and (not _lex_match_at(folded, j, lk) or other) and \
                    not (words[j] in first_names and _lex_match_at(folded, j + 1, lk)):
                add("person", " ".join(words[j:k]), j, k)
                i = k
                continue
            i = end
            continue
        # a known first name starts an unknown person: "Kirill Dmitriew"
        if w in first_names and i + 1 < n and (is_capitalised(toks[i + 1]) or NAME_PARTICLE.match(words[i + 1])) \
                and words[i + 1] not in not_names and not _lex_match_at(folded, i + 1, lk):
            k = max(name_end(i), i + 2)
            add("person", " ".join(words[i:k]), i, k)
            i = k
            continue
        # two proper nouns in a row that no lexicon knows: a person ("Gennadi Sokolow")
        if tags[i] == "NE" and i + 1 < n and (tags[i + 1] == "NE" and is_capitalised(toks[i + 1])
                                              or NAME_PARTICLE.match(words[i + 1])) \
                and w not in not_names and words[i + 1] not in not_names and not quote_depth[i] \
                and not (i and folded[i - 1] in ARTICLES) and not _lex_match_at(folded, i + 1, lk) \
                and w.isalpha() and words[i + 1].replace("-", "").isalpha():
            k = max(name_end(i), i + 2)
            add("person", " ".join(words[i:k]), i, k)
            i = k
            continue
        # "die ukrainische Seite", "die russische Delegation": the country
        adj = _adjective_country(folded[i], lex)
        if adj and i + 1 < n and folded[i + 1].endswith(tuple(fold(x) for x in lang.get("agent_nouns", []))) \
                and not (i + 2 < n and tags[i + 2] == "NE"):
            add("actor", adj, i, i + 2)
            i += 2
            continue
        # "in der katarischen Hauptstadt": the capital, which the country's first metonym names
        if adj and i + 1 < n and folded[i + 1] == "hauptstadt" and lex.actors[adj].metonyms \
                and not (i + 2 < n and tags[i + 2] == "NE"):
            capital = lex.place_names.get(fold(lex.actors[adj].metonyms[0]))
            if capital:
                add("place", capital, i, i + 2)
                i += 2
                continue
        if adj and tags[i].startswith("ADJ"):
            add("affil", adj, i, i + 1)
        pref = _prefix_country(w, lex)
        if pref:
            add("affil", pref, i, i + 1)
        if folded[i] in PRONOUNS and tags[i] == "PPER":
            add("pronoun", PRONOUNS[folded[i]], i, i + 1)
        elif folded[i] in POSSESSIVES and i + 1 < n and folded[i + 1] in ("land", "regierung", "seite"):
            add("possessive", POSSESSIVES[folded[i]], i, i + 2)
            i += 2
            continue
        i += 1
    out += _issue_mentions(doc_slug, text, sent, lex, folded)
    return out


def _known(word: str, lk: Lookup) -> bool:
    return (word,) in lk.names


def _lex_match_at(folded: list[str], j: int, lk: Lookup) -> bool:
    """Whether a lexicon name starts at token j (checked before guessing a new name)."""
    for length in range(1, min(lk.max_len, len(folded) - j) + 1):
        key = tuple(folded[j:j + length])
        if key in lk.names or (j + length <= len(folded)
                               and _strip_genitive(key[-1], lambda b: key[:-1] + (b,) in lk.names)):
            return True
    return False


def _adjective_country(word: str, lex: Lexicon) -> str:
    """ "ukrainischen" -> Ukraine: the adjective stem plus at most three letters of ending."""
    for cut in range(0, 4):
        key = lex.adjectives.get(word[: len(word) - cut] if cut else word)
        if key:
            return key
    return ""


def _prefix_country(word: str, lex: Lexicon) -> str:
    if "-" in word:
        pre = fold(word.split("-", 1)[0])
        return lex.prefixes.get(pre, "")
    low = fold(word)
    for pre, key in lex.prefixes.items():
        if len(pre) > 3 and low.startswith(pre) and len(low) > len(pre) + 3:
            return key
    return ""


def _quote_mask(words: list[str]) -> list[int]:
    depth = 0
    mask = []
    for w in words:
        if w in ("„", "»", "‚"):
            depth += 1
            mask.append(depth)
            continue
        if w in ("“", "«", "‘", "”") and depth:
            mask.append(depth)
            depth -= 1
            continue
        mask.append(depth)
    return mask


def _is_title_quote(words: list[str], i: int) -> bool:
    """„Washington Post“, „Financial Times“: a short all-capitalised quote is a title."""
    a = i
    while a > 0 and words[a - 1] not in ("„", "»"):
        a -= 1
    b = i
    while b < len(words) and words[b] not in ("“", "«"):
        b += 1
    inner = words[a:b]
    return 0 < len(inner) <= 4 and all(w[:1].isupper() for w in inner)


_ISSUE_ENDINGS = ("", "e", "n", "en", "s", "es", "er", "ern", "nen")


@dataclass(frozen=True)
class IssueIndex:
    single: dict[str, str]                       # folded stem -> issue label
    # multi-word stems by their first word: a sentence is looked up word by word
    by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]


_ISSUE_INDEX: dict[int, IssueIndex] = {}


def issue_index(lex: Lexicon) -> IssueIndex:
    hit = _ISSUE_INDEX.get(id(lex))
    if hit is None:
        single, multi = {}, []
        for label, stems in lex.issues:
            for stem in stems:
                toks = tuple(fold(s) for s in stem.split())
                if len(toks) == 1:
                    single.setdefault(toks[0], label)
                else:
                    multi.append((toks, label))
        by_first: dict = {}
        for toks, label in multi:
            by_first[toks[0]] = by_first.get(toks[0], ()) + ((toks, label),)
        hit = _ISSUE_INDEX[id(lex)] = IssueIndex(single, by_first)
    return hit


def _issue_stem(word: str, single: dict[str, str]) -> str:
    """The issue whose stem ends the word, before an inflection ending ("Kriegsgefangenen")."""
    best, label = 0, ""
    for ending in _ISSUE_ENDINGS:
        if ending and not word.endswith(ending):
            continue
        base = word[: len(word) - len(ending)]
        for start in range(len(base)):
            cand = base[start:]
            if len(cand) <= best:
                break
            if cand in single:
                best, label = len(cand), single[cand]
                break
    return label


def _issue_mentions(doc_slug, text, sent, lex, folded) -> list[Mention]:
    out = []
    if sent.is_heading:
        return out
    index = issue_index(lex)
    for i, w in enumerate(folded):
        for stoks, label in index.by_first.get(w, ()):
            if tuple(folded[i:i + len(stoks)]) == stoks:
                out.append(Mention("issue", label, sent.index, i, i + len(stoks),
                                   _span(doc_slug, text, sent, i, i + len(stoks))))
    for i, w in enumerate(folded):
        if sent.tokens[i].text[:1].isupper():
            label = _issue_stem(w, index.single)
            if label:
                out.append(Mention("issue", label, sent.index, i, i + 1, _span(doc_slug, text, sent, i, i + 1)))
    out += _compound_paraphrases(doc_slug, text, sent, folded, index.single)
    # one issue per token: the longest stem wins
    out.sort(key=lambda m: (m.tok_start, -(m.span.end - m.span.begin)))
    kept, taken = [], set()
    for m in out:
        if m.tok_start in taken:
            continue
        taken.update(range(m.tok_start, m.tok_end))
        kept.append(m)
    kept = _action_objects(doc_slug, text, sent, lex, folded, kept)
    # "überbrachte die Botschaften": with these verbs the word means something else ("not_with")
    lemmas = {fold(t.lemma) for t in sent.tokens if t.tag.startswith("VV")}
    kept = [m for m in kept if not lemmas & lex.issue_not_with.get(m.key, frozenset())]
    # "die Gebietsfrage im Donbass" is one issue, named by its more specific part
    merged = []
    for m in kept:
        if merged and folded[m.tok_start - 1:m.tok_start] in (["im"], ["in"]) and \
                merged[-1].tok_end == m.tok_start - 1:
            prev = merged.pop()
            merged.append(Mention("issue", m.key, sent.index, prev.tok_start, m.tok_end,
                                  _span(doc_slug, text, sent, prev.tok_start, m.tok_end)))
            continue
        merged.append(m)
    return merged


_PARAPHRASE_LINKS = ("auf", "von", "der", "des", "über")
_LINKERS = ("", "s", "n", "en", "es")


def _compound_paraphrases(doc_slug, text, sent, folded, single: dict[str, str]) -> list[Mention]:
    """ "Verzicht auf Gewalt" is the issue "Gewaltverzicht", "Austausch von Gefangenen" the
    "Gefangenenaustausch": a noun with its object after a preposition or in the genitive names the
    issue whose stem is the compound of the two."""
    toks, out = sent.tokens, []
    for i in range(len(toks) - 2):
        if not (toks[i].tag.startswith("NN") and toks[i].text[:1].isupper()) or folded[i + 1] not in _PARAPHRASE_LINKS:
            continue
        k = i + 2
        while k < len(toks) and (toks[k].tag.startswith(("ADJ", "ART")) or folded[k] in ("dem", "den")):
            k += 1
        if k >= len(toks) or not (toks[k].tag.startswith("NN") and toks[k].text[:1].isupper()):
            continue
        head, obj = folded[i], folded[k]
        heads = {head[: len(head) - len(e)] for e in _ISSUE_ENDINGS if head.endswith(e) and len(head) > len(e) + 2}
        objs = {obj[: len(obj) - len(e)] for e in _ISSUE_ENDINGS if obj.endswith(e) and len(obj) > len(e) + 2}
        label = next((single[o + link + h] for o in sorted(objs) for link in _LINKERS for h in sorted(heads)
                      if o + link + h in single), "")
        if label:
            out.append(Mention("issue", label, sent.index, i, k + 1, _span(doc_slug, text, sent, i, k + 1)))
    return out


def _action_objects(doc_slug, text, sent, lex, folded, kept: list[Mention]) -> list[Mention]:
    """ "den Abzug der Sondereinheiten": an issue that names an action ("kind = action" in
    issues.toml) takes its genitive object along, so the issue also says what is withdrawn or
    freed; an issue word inside that object ("der israelischen Armee") is part of it, no issue
    of its own."""
    toks = sent.tokens
    out, covered = [], set()
    for m in kept:
        if m.tok_start in covered:
            continue
        end = m.tok_end
        # "der ukrainischen Truppen", or without article "ausländischer Truppen"
        article = end + 1 < len(toks) and folded[end] in ("der", "des")
        bare = end + 1 < len(toks) and toks[end].tag == "ADJ(A)" and folded[end].endswith("er")
        if lex.issue_kinds.get(m.key) == "action" and (article or bare):
            k = end + 1 if article else end
            while k < len(toks) and toks[k].tag.startswith(("ADJ", "CARD")):
                k += 1
            if k < len(toks) and toks[k].tag.startswith("NN") and toks[k].text[:1].isupper():
                end = k + 1
                covered.update(range(m.tok_end, end))
                m = Mention("issue", m.key, sent.index, m.tok_start, end, _span(doc_slug, text, sent, m.tok_start, end))
        out.append(m)
    return [m for m in out if m.tok_start not in covered and not _agent(sent, lex, m)]


_PP_INSIDE = ("ART", "ADJ", "NN", "NE", "CARD", "PPOSAT", "PIAT", "PIDAT", "PDAT", "ADV", "TRUNC", "KON")


def _agent(sent, lex, m: Mention) -> bool:
    """ "die Armee werde …", "kambodschanische Truppen sich … zurückziehen": a word that also names
    a party ("kind = agent" in issues.toml) is an issue only as the object of an infinitive
    ("ihre Armee zu verkleinern", "seine Truppen aus den Gebieten abziehen"); prepositional
    phrases between them are passed over."""
    if lex.issue_kinds.get(m.key) != "agent":
        return False
    toks = sent.tokens
    k = m.tok_end
    while k < len(toks) and toks[k].tag.startswith(("APPR", "APPRART")):
        k += 1
        while k < len(toks) and toks[k].tag.startswith(_PP_INSIDE) and not toks[k].tag.startswith("APPR"):
            k += 1
    return not (k < len(toks) and toks[k].tag.replace("(", "").replace(")", "") in ("PTKZU", "VVINF", "VVIZU", "VAINF"))


@lru_cache(maxsize=4096)
def proper_alone(word: str) -> bool:
    """ "im tadschikischen Chudschand": the tagger reads a town after an adjective as a common noun; the word
    on its own is a proper noun."""
    from .sentences import _tagger
    return _tagger().analyze(word)[1] == "NE"


def _first_name_of_other(words, tags, folded, i: int, entry, lk: Lookup, not_names, first_name=False) -> bool:
    """ "Abbas Kamel", "Petro Bondar": a known person's surname followed by an unknown proper noun is the
    first name of someone else (after a role a noun the tagger knows, "Kamel", does too when the surname is
    also a common first name)."""
    if entry is None or entry.type != "Person" or i + 1 >= len(words):
        return False
    nxt = words[i + 1]
    return (tags[i + 1] in ("NE", "FM") or first_name and tags[i + 1] == "NN") and nxt[:1].isupper() and nxt.replace("-", "").isalpha() \
        and nxt not in not_names and not _lex_match_at(folded, i + 1, lk) \
        and fold(words[i]) != fold(entry.label.split()[0])


def _other_first_name(name: list[str], lex: Lexicon) -> bool:
    """ "Michel Aoun" is not Joseph Aoun: a known surname after a first name the known person lacks."""
    if len(name) < 2:
        return False
    entry = lex.actors.get(lex.actor_names.get(fold(name[-1]), ""))
    return bool(entry) and entry.type == "Person" and \
        all(fold(name[0]) not in [fold(x) for x in n.split()[:-1]] for n in entry.names + (entry.label,))


def person_key(name: str, lex: Lexicon) -> str:
    """The entity key for a person's name: the lexicon's, else one made from
    the transliteration key so spellings of an unknown name meet."""
    hit = lex.actor_names.get(fold(name)) or lex.actor_keys.get(translit_key(name))
    if hit:
        return hit
    last = name.split()[-1]
    hit = lex.actor_names.get(fold(last)) or lex.actor_keys.get(translit_key(last))
    if hit and lex.actors[hit].type == "Person" and not _other_first_name(name.split(), lex):
        return hit
    key = translit_key(name)
    return "person/" + (slugify(key) if key.replace(" ", "").isalpha() and len(key) * 2 >= len(name) else slugify(name))
