"""Worker processes, the Oxigraph serialization and the fast `kg --help`:
the graph does not depend on --jobs, and every format says what rdflib's own
serializer says."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from kg.build import FORMATS, build, serialize
from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    spec = importlib.util.spec_from_file_location("build_bench", ROOT / "bench" / "build_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    folder = tmp_path_factory.mktemp("texts")
    bench.write_corpus(folder, 9, seed=5)
    shutil.copy(SEED, folder / SEED.name)
    return folder


def test_jobs_1_and_2_give_the_same_graph(corpus, tmp_path):
    one = build([corpus], tmp_path / "one", html=False, cache=False, jobs=1)
    two = build([corpus], tmp_path / "two", html=False, cache=False, jobs=2)
    assert one.jobs == 1 and two.jobs == 2
    assert one.documents == two.documents == 10
    assert one.counts == two.counts
    g1 = Graph().parse(tmp_path / "one" / "graph.ttl")
    g2 = Graph().parse(tmp_path / "two" / "graph.ttl")
    assert len(g1) == one.triples == two.triples
    assert isomorphic(g1, g2)


def test_workers_fill_the_cache_and_report_stages(corpus, tmp_path):
    result = build([corpus], tmp_path / "out", html=False, jobs=2)
    assert result.extracted == 10 and result.tokens > 2000
    assert {"reading", "tokenising", "tagging", "matching", "resolving", "graph", "writing"} <= set(result.stages)
    assert len(list((tmp_path / "out" / ".kg-cache").glob("*.pickle"))) == 10
    again = build([corpus], tmp_path / "out", html=False, jobs=2)
    assert again.extracted == 0 and again.triples == result.triples


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory) -> Graph:
    out = tmp_path_factory.mktemp("seed")
    build([SEED], out, html=False, cache=False, jobs=1)
    return Graph().parse(out / "graph.ttl")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_serialization_matches_rdflib(seed_graph, fmt):
    ours = serialize(seed_graph, fmt)
    theirs = seed_graph.serialize(format=FORMATS[fmt][0], encoding="utf-8")
    rdflib_format = FORMATS[fmt][0]
    if fmt == "trig":
        def triples(data):
            ds = Dataset()
            ds.parse(data=data, format="trig")
            g = Graph()
            for s, p, o, _ in ds.quads():
                g.add((s, p, o))
            return g
        a, b = triples(ours), triples(theirs)
    else:
        a = Graph().parse(data=ours, format=rdflib_format)
        b = Graph().parse(data=theirs, format=rdflib_format)
    assert len(a) == len(seed_graph)
    assert isomorphic(a, b)
    assert isomorphic(a, seed_graph)


def test_turtle_keeps_typed_offsets_and_declares_our_prefixes(seed_graph):
    text = serialize(seed_graph, "ttl").decode("utf-8")
    assert "@prefix nkg: <https://w3id.org/nkg/ontology#>" in text
    assert "@prefix brick:" not in text, "only the project's prefixes"
    assert "nonNegativeInteger" in text


def test_tricky_literals_survive_the_rewrite():
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    g = Graph()
    s = URIRef("https://w3id.org/nkg/resource/x")
    for n, text in enumerate(['„Zitat“ mit "Anführung"', "Zeile 1\nZeile 2\r\tTab \\ Backslash", "Emoji 🕊 ß",
                              " führendes Leerzeichen ", ""]):
        g.add((s, URIRef(f"https://w3id.org/nkg/ontology#p{n}"), Literal(text, lang="de" if n % 2 else None)))
    g.add((s, URIRef("https://w3id.org/nkg/ontology#n"), Literal(7, datatype=XSD.nonNegativeInteger)))
    for fmt in ("ttl", "nt"):
        back = Graph().parse(data=serialize(g, fmt), format=FORMATS[fmt][0])
        assert isomorphic(back, g), fmt


def test_help_via_cli_runner():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert "build" in result.output
    build_help = CliRunner().invoke(main, ["build", "--help"])
    assert build_help.exit_code == 0
    assert "--jobs" in build_help.output and "--no-cache" in build_help.output


def test_help_does_not_import_the_heavy_libraries():
    code = ("import sys; from click.testing import CliRunner; from kg.cli import main; "
            "r = CliRunner().invoke(main, ['build', '--help']); assert r.exit_code == 0; "
            "print(sorted(m for m in ('spacy', 'HanTa', 'rdflib', 'pyoxigraph') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cli_jobs_quiet_and_no_bar_without_a_terminal(corpus, tmp_path):
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "2",
                                       "--no-html", "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert (tmp_path / "out" / "graph.ttl").exists()
    again = CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1",
                                      "--no-html", "--no-cache"])
    assert again.exit_code == 0
    assert "extracting" not in again.output and "articles/s" not in again.output
    assert "from the cache" not in again.output


def test_jobs_must_be_positive(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SEED), "--out", str(tmp_path), "--jobs", "0"])
    assert result.exit_code == 2


def test_fallback_evidence_outside_the_documents_own_nodes_is_written_once():
    """A fact's sentence that no node of its document has as a mention yet
    becomes one at merge time: Turtle and N-Triples must both hold it, once."""
    from datetime import date

    from kg.lexicon import load_lexicon
    from kg.rdf import emit, merge
    from kg.records import Affiliation, Document, Extraction, Span

    text = "Kostjukow gehört zur Delegation Moskaus."
    doc = Document(source="f.txt", slug="f", text=text, body_start=0, date=date(2026, 1, 23))
    span = Span("f", 0, len(text), text)
    ex = Extraction(document=doc, affiliations=(Affiliation("person/igor-kostjukow", "country/russia", span),))
    graph = merge([emit(ex, load_lexicon())])
    turtle = serialize(graph, "ttl").decode("utf-8")
    mention = f"mention\\/f\\/0-{len(text)} "
    assert turtle.count(mention + "a nkg:Mention") == 1
    from_turtle = Graph().parse(data=turtle, format="turtle")
    assert isomorphic(from_turtle, Graph().parse(data=serialize(graph, "nt"), format="nt"))
    assert len(from_turtle) == len(graph)


def test_the_executable_exits_with_the_commands_code_and_flushed_output(tmp_path):
    # kg.cli.run ends the process with os._exit, skipping Python's shutdown: the
    # exit code and everything printed must still come through
    version = subprocess.run([sys.executable, "-m", "kg", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and "version" in version.stdout
    missing = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path / "none"), "--out", str(tmp_path)],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "no such file" in missing.stderr
    built = subprocess.run([sys.executable, "-m", "kg", "build", str(SEED), "--out", str(tmp_path / "out"),
                            "--no-html", "--no-cache"], capture_output=True, text=True)
    assert built.returncode == 0 and "wrote" in built.stdout
    assert Graph().parse(tmp_path / "out" / "graph.ttl")
