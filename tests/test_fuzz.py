"""Property tests over hostile text: random Unicode, German-like token soups
built from the words the rules react to, and mutated corpus texts. Whatever
the text, extraction raises nothing, every evidence span is the text at its
offsets, and the graph parses back (pyoxigraph) from every format kg writes
to the same triples, each mention's nif:anchorOf being nif:isString between
its indices. `kg build` itself is fed raw bytes too."""
from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.build import build, serialize
from kg.errors import BadInput
from kg.lexicon import load_lexicon
from kg.pipeline import extract
from kg.rdf import build_graph
from kg.records import Document
from kg.document import parse_header

from graph_checks import FORMATS, assert_anchors, triples_of

HERE = Path(__file__).resolve().parent
CORPUS = [p.read_text(encoding="utf-8") for p in sorted((HERE / "data").glob("*.txt"))]
# KG_FUZZ_EXAMPLES raises the count for a longer hunt than the suite's
EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, print_blob=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
EXT = {"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld", "trig": "graph.trig"}

WORDS = [
    # cue verbs and nouns of the four positions and of speech
    "forderte", "fordert", "verlangte", "lehnte", "ab", "wies", "zurück", "schloss", "aus", "drohte", "mit",
    "droht", "bot", "an", "schlug", "vor", "bereit", "sagte", "erklärte", "betonte", "Forderung", "nach",
    "Absage", "kündigte", "falls", "wenn", "sofern", "nicht", "kein", "als", "Voraussetzung", "für",
    # roles, actors, places, issues
    "Außenminister", "Präsident", "Kremlchef", "Generalstabschef", "Verhandlungsführer", "Sprecher",
    "Delegation", "Selenskyj", "Putin", "Lawrow", "Umjerow", "Witkoff", "Rubio", "Medinski", "Trump",
    "Wladimir", "Rustem", "Sergej", "Russland", "Ukraine", "Kiew", "Moskau", "USA", "Washington", "EU",
    "Nato", "Genf", "Istanbul", "Abu", "Dhabi", "Riad", "Waffenruhe", "Sicherheitsgarantien", "Gebiete",
    "Donbass", "Krim", "Gefangenenaustausch", "Sanktionen", "Gespräche", "Treffen", "trafen", "sich",
    # function words and dates
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "und", "oder", "aber", "er", "sie", "es",
    "am", "in", "von", "zu", "auf", "Freitag", "Samstag", "23.", "Januar", "2026", "2026-01-24",
    "date", "vergangene", "Woche", "heute",
    # punctuation and quotes
    "„", "“", "»", "«", '"', "‚", "‘", ".", ",", ":", ";", "?", "!", "–", "-", "(", ")",
    # hostile names
    "<Ali>", "{Bob}", "Back\\slash", "😀", "עברית", "العربية", "Иван", "\u200f", "\u202e", "O'Neil",
    "\u0301", "ß", "İ", "ﬁ",
]
SEPARATORS = [" ", " ", " ", " ", "", "\n", "\n\n", "\t", "\u00a0", "\r\n"]


def document(text: str, slug: str = "fuzz") -> Document | None:
    try:
        day, start = parse_header(text)
    except BadInput:
        return None
    return Document(source=f"{slug}.txt", slug=slug, text=text, body_start=start, date=day)


def spans_of(ex):
    yield from (m.span for m in ex.mentions)
    yield from (p.evidence for p in ex.positions)
    yield from (s for st_ in ex.statements for s in st_.evidence)
    yield from (s for d in ex.delegations for s in d.evidence)
    yield from (s for m in ex.meetings for s in m.evidence)
    yield from (r.evidence for r in ex.roles)
    yield from (a.evidence for a in ex.affiliations)


def check_extraction(doc: Document):
    ex = extract(doc, load_lexicon())
    for span in spans_of(ex):
        assert span.doc == doc.slug
        assert 0 <= span.begin < span.end <= len(doc.text), span
        assert doc.text[span.begin:span.end] == span.text, span
    return ex


def check_graph_files(files: dict[str, bytes]) -> None:
    """Every format parses to the same triples; every mention's anchor is the
    text between its indices."""
    parsed = {name: triples_of(data, FORMATS[name]) for name, data in files.items()}
    reference = parsed["graph.ttl"]
    for name, triples in parsed.items():
        assert triples == reference, name
    assert_anchors(reference)


def check_all(doc: Document) -> None:
    ex = check_extraction(doc)
    graph = build_graph([ex], load_lexicon())
    check_graph_files({EXT[fmt]: serialize(graph, fmt) for fmt in EXT})


# ------------------------------------------------------------ strategies

# Long single tokens are kept out: the tagger needs about a minute for one of
# 1,000 characters (reported in issue #6), which says nothing about correctness.
unicode_text = st.text(st.characters(codec="utf-8"), max_size=160)

ROLES = ["Außenminister", "Präsident", "Kremlchef", "Generalstabschef", "Verhandlungsführer", "der Sprecher",
         "der ukrainische Außenminister", "US-Außenminister", "Russlands Präsident"]
NAMES = ["Sergej Lawrow", "Rustem Umjerow", 'Hans "Quote" Müller', "Karl <Bracket> Meier", "Otto {Brace} Schulz",
         "Back\\slash Wagner", "Emoji 😀 Becker", "عبد الله", "דוד לוי", "Иван Петров", "Zeile\u2028Neu Roth",
         "Tab\tName Berg", " ".join(["Hans-Peter"] * 90)]
CLAUSES = ["forderte ein Ende des Krieges.", "lehnte eine Waffenruhe ab.", "drohte mit neuen Sanktionen.",
           "bot Gespräche in Genf an.", "sagte: „Wir sind bereit.“", "traf sich am Freitag in Istanbul mit Putin."]
sentence = st.one_of(
    st.tuples(st.sampled_from(ROLES), st.one_of(st.sampled_from(NAMES), st.text(min_size=1, max_size=30)),
              st.sampled_from(CLAUSES)).map(" ".join),
    st.tuples(st.text(max_size=40), st.sampled_from(ROLES), st.sampled_from(NAMES)).map(
        lambda t: f"„{t[0]}“, sagte {t[1]} {t[2]}."))
token_soup = st.lists(st.tuples(st.one_of(st.sampled_from(WORDS), sentence), st.sampled_from(SEPARATORS)),
                      min_size=1, max_size=60).map(lambda pairs: "".join(w + s for w, s in pairs))

header = st.one_of(st.just(""), st.dates(min_value=date(1, 1, 1)).map(lambda d: f"date {d.isoformat()}\n"),
                   st.sampled_from(["date 2026-13-45\n", "date \n", "date2026-01-24 ", "  date 2026-01-24 "]))

# one edit of a text: (where, how many characters, what goes in), all relative to its length
edit = st.tuples(st.floats(0, 1), st.integers(0, 40),
                 st.one_of(st.sampled_from(WORDS), st.text(max_size=6), st.sampled_from(SEPARATORS)))


@st.composite
def mutated_corpus_text(draw):
    text = draw(st.sampled_from(CORPUS))
    for where, length, insert in draw(st.lists(edit, min_size=1, max_size=8)):
        at = int(where * len(text))
        text = text[:at] + insert + text[at + length:]
    if draw(st.booleans()):
        # a slice of the article, cut anywhere, as scraped texts are
        a, b = sorted(draw(st.tuples(st.floats(0, 1), st.floats(0, 1))))
        text = text[int(a * len(text)):int(b * len(text)) + 1]
    return text


# ------------------------------------------------------------ properties

# Regression: these properties found two unknown proper nouns whose person name
# came out empty ("hen Angri", "ﬁlanger Pkeinr"), an IndexError in entities.


@FUZZ
@given(text=unicode_text)
def test_random_unicode(text):
    doc = document(text)
    assume(doc is not None)
    check_all(doc)


@FUZZ
@given(head=header, soup=token_soup)
def test_german_token_soup(head, soup):
    doc = document(head + soup)
    assume(doc is not None)
    check_all(doc)


@FUZZ
@given(text=mutated_corpus_text())
def test_mutated_corpus_texts(text):
    doc = document(text)
    assume(doc is not None)
    check_all(doc)


@settings(FUZZ, max_examples=max(1, EXAMPLES // 2))
@given(contents=st.lists(st.one_of(st.binary(max_size=200),
                                   token_soup.map(lambda s: s.encode("utf-8")),
                                   mutated_corpus_text().map(lambda s: s.encode("utf-8")),
                                   token_soup.map(lambda s: s.encode("utf-16")),
                                   token_soup.map(lambda s: s.encode("cp1252", "replace"))),
                         min_size=1, max_size=3))
def test_kg_build_on_raw_bytes(contents):
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, data in enumerate(contents):
            path = Path(tmp) / f"in {n}.txt"
            path.write_bytes(data)
            paths.append(path)
        out = Path(tmp) / "out"
        lines: list[str] = []
        try:
            result = build(paths, out, formats=("nt", "jsonld", "trig"), html=True, log=lines.append)
        except BadInput as exc:
            assert str(exc).startswith("nothing could be built")
            assert sum(line.startswith("error: ") for line in lines) == len(contents)
            return
        assert all("\n" not in line for line in lines)
        assert result.documents + sum(p.fatal for p in result.problems) == len(contents)
        check_graph_files({name: (out / name).read_bytes() for name in FORMATS})
        assert (out / "graph.html").is_file()


def test_the_corpus_itself_passes_the_checks():
    for n, text in enumerate(CORPUS):
        check_all(document(text, slug=f"doc-{n}"))


@pytest.mark.parametrize("text", ["hen Angri", "ﬁlanger Pkeinr"])
def test_minimal_inputs_found_by_fuzzing(text):
    check_all(document(text))
