"""Shallow German syntax over tagged tokens: clauses, the finite verb, the
first constituent (Vorfeld), whether a word stands inside a prepositional
phrase, and noun phrases cut to what a position is about.

In: a Sentence (STTS tags from HanTa). Out: token indices and text slices
used by the stages that find meetings, delegations, positions and quotes."""
from __future__ import annotations

from .records import Sentence

ARTICLES = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
            "dieser", "diese", "dieses", "diesen", "diesem"}
PREPOSITIONS = {"von", "vom", "mit", "gegen", "für", "aus", "in", "im", "nach", "zu", "zum", "zur", "bei", "beim",
                "über", "an", "am", "auf", "gegenüber", "vor", "neben", "unter", "um", "ohne", "zwischen", "seit",
                "durch", "statt", "wegen", "trotz", "hinter", "bis", "ins", "laut", "seitens"}
SUBORDINATORS = {"was", "dass", "weil", "da", "falls", "wenn", "sofern", "solange", "ob", "damit", "obwohl",
                 "während", "nachdem", "bevor", "bis", "sodass", "wie", "wo", "worauf", "um", "ohne", "anstatt",
                 "sobald", "wonach", "weshalb", "wobei"}
CONDITIONALS = {"falls", "wenn", "sofern", "solange", "sollte", "sollten"}
FILLERS = {"zudem", "erneut", "außerdem", "aber", "auch", "noch", "bereits", "nun", "stattdessen", "ihrerseits",
           "seinerseits", "hingegen", "jedoch", "dagegen", "weiter", "weiterhin", "abermals", "wiederum", "zunächst",
           "schon", "allerdings", "ebenfalls", "zugleich", "kategorisch", "nachdrücklich", "vehement", "ausdrücklich",
           "unter", "anderem", "so", "dabei", "demnach", "offenbar", "jetzt", "derzeit", "dafür", "daher",
           "bislang", "bisher", "vorerst", "nochmals", "entschieden", "klar", "strikt", "energisch", "sich",
           "umgehend", "sofort", "prompt", "scharf", "brüsk", "rundweg", "erneut", "abermals", "vielmehr", "vergeblich"}


LEADING_PHRASES = {("als", "gegenleistung"), ("im", "gegenzug"), ("als", "ausgleich"), ("im", "gegensatz"),
                   ("vor", "allem"), ("unter", "anderem"), ("in", "erster"), ("als", "erstes")}


def is_finite(tag: str) -> bool:
    return "(FIN)" in tag or tag in ("VVFIN", "VAFIN", "VMFIN")


def is_verb(tag: str) -> bool:
    return tag.startswith(("VV", "VA", "VM"))


def lower(sent: Sentence, i: int) -> str:
    return sent.tokens[i].text.lower()


def in_pp(sent: Sentence, i: int) -> bool:
    """Whether the word at i is inside a prepositional phrase (looking back
    over articles, adjectives, numbers and genitive names)."""
    return pp_head(sent, i) is not None


def pp_head(sent: Sentence, i: int) -> int | None:
    """The preposition of the prepositional phrase the word at i stands in, else None."""
    j = i - 1
    while j >= 0:
        w = lower(sent, j)
        tag = sent.tokens[j].tag
        if w in PREPOSITIONS or tag.startswith("APPR") or tag == "APPRART":
            return j
        if w in ARTICLES or tag.startswith(("ADJ", "CARD", "PPOSAT", "PDAT", "PIAT")) or tag == "NE" \
                and sent.tokens[j].text.endswith("s"):
            j -= 1
            continue
        if tag in ("NN", "NE") and i - j <= 3 and sent.tokens[j + 1].tag in ("NE", "NN"):
            # role word before a name: "Präsident Selenskyj"
            j -= 1
            continue
        return None
    return None


RELATIVES = {"der", "die", "das", "den", "dem", "deren", "dessen", "denen", "welche", "welcher", "welches"}


def opens_subclause(sent: Sentence, j: int) -> bool:
    """Whether the word after a comma at j opens a subordinate or relative clause."""
    toks = sent.tokens
    if j + 1 >= len(toks):
        return False
    w = toks[j + 1].text.lower()
    if w in SUBORDINATORS or toks[j + 1].tag.startswith("PREL"):
        return True
    # "…, nach denen die Armee …": a preposition with a relative pronoun
    if toks[j + 1].tag.startswith("APPR") and j + 2 < len(toks) and (
            toks[j + 2].tag.startswith("PREL") or toks[j + 2].text.lower() in ("denen", "deren", "dessen")):
        return True
    k = j + 2
    while k < len(toks) and toks[k].text in ("„", "»", "‚", "\""):
        k += 1
    if w in RELATIVES and k < len(toks) and not toks[k].tag.startswith(("NN", "ADJ", "NE")):
        return True
    return w in RELATIVES and j + 2 < len(toks) and toks[j + 2].tag.startswith("ADJ") and \
        j + 3 < len(toks) and not toks[j + 3].tag.startswith(("NN", "ADJ"))


def clause_bounds(sent: Sentence, i: int) -> tuple[int, int]:
    """The clause around token i: from the last comma/colon/semicolon that
    opens a subordinate clause or a new main clause, to the next one."""
    toks = sent.tokens
    start = 0
    j = i - 1
    while j >= 0:
        if toks[j].text in (";", ":", "–", "—"):
            start = j + 1
            break
        if toks[j].text == "," and opens_subclause(sent, j):
            start = j + 1
            break
        if toks[j].text == "," and j + 1 < len(toks) and is_finite(toks[j + 1].tag):
            # "Dieses Ansinnen, das … hinausgehe, wird …": the comma closes an inserted
            # relative clause, so the main clause goes on before it
            k = next((x for x in range(j - 1, -1, -1) if toks[x].text in (",", ";", ":")), None)
            if k is not None and toks[k].text == "," and opens_subclause(sent, k):
                j = k - 1
                continue
            start = j + 1
            break
        j -= 1
    end = len(toks)
    for j in range(i + 1, len(toks)):
        if toks[j].text in (";", ":", "–", "—"):
            end = j
            break
        # ", sagte Putin", ", forderte aber": a new clause begins with its verb
        if toks[j].text == "," and (opens_subclause(sent, j) or j + 1 < len(toks) and is_finite(toks[j + 1].tag)):
            end = j
            break
    return start, end


def passive_agent(sent: Sentence, i: int) -> bool:
    """ "Angeführt wurde die Abordnung von Rustem Umerov": the agent of a passive is its logical subject."""
    j = i - 1
    while j >= 0 and (lower(sent, j) in ARTICLES or sent.tokens[j].tag.startswith(("ADJ", "NN")) and i - j <= 3):
        j -= 1
    if j < 0 or lower(sent, j) not in ("von", "vom"):
        return False
    words = {t.text.lower() for t in sent.tokens}
    return bool(words & {"wurde", "wird", "werden", "wurden", "worden"}) and \
        any(t.tag.endswith("(PP)") or t.tag == "VVPP" for t in sent.tokens)


def embedded(sent: Sentence) -> set[int]:
    """Token indices inside inserted subordinate or relative clauses
    (", den die Agenturen veröffentlichten,")."""
    toks = sent.tokens
    inside: set[int] = set()
    for j, t in enumerate(toks):
        if t.text == "," and opens_subclause(sent, j):
            k = j + 1
            while k < len(toks) and toks[k].text not in (",", ";", ":", ".", "!", "?"):
                inside.add(k)
                k += 1
    return inside


def finite_verb_before(sent: Sentence, i: int, start: int) -> int | None:
    for j in range(i, start - 1, -1):
        if is_finite(sent.tokens[j].tag):
            return j
    return None


def text_of(sent: Sentence, doc_text: str, i: int, j: int) -> str:
    if j <= i:
        return ""
    return doc_text[sent.tokens[i].start:sent.tokens[j - 1].end]


def trim_np(sent: Sentence, i: int, j: int) -> tuple[int, int]:
    """Cut fillers, articles and punctuation from the ends of a phrase."""
    toks = sent.tokens
    # "als Gegenleistung die Wiederanbindung …", "im Gegenzug eine Feuerpause …"
    while i + 1 < j and (lower(sent, i), lower(sent, i + 1)) in LEADING_PHRASES:
        i += 2
    while i < j and (lower(sent, i) in FILLERS or lower(sent, i) in ARTICLES or toks[i].tag.startswith("$")
                     or toks[i].text in (",", "„", "“", "»", "«", "\"", "‚", "‘")
                     or toks[i].tag in ("PTKNEG",) and False):
        i += 1
    while j > i and (toks[j - 1].tag.startswith("$") or toks[j - 1].text in (",", "„", "“", "»", "«", "\"")
                     or lower(sent, j - 1) in FILLERS or toks[j - 1].tag == "PTKVZ"):
        j -= 1
    # closing quote glued to the phrase
    if i < j and toks[i].text in ("„", "»"):
        i += 1
    return i, j


def condition_end(sent: Sentence) -> int:
    """End of a sentence-initial conditional clause ("Sollte …, drohten …"), else 0."""
    if not sent.tokens or lower(sent, 0) not in CONDITIONALS:
        return 0
    return next((j for j, t in enumerate(sent.tokens) if t.text == ","), 0)
