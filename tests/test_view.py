"""The HTML view at the Python level: what the page embeds, that it is offline
and escapes untrusted text, focus/depth, counts, the CLI and speed."""
from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph, Literal, Namespace

from kg.cli import main
from kg.errors import BadInput
from kg.view import load_graph, render_html, write_html
from kg.viewdata import script_json

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "view_graph.ttl"
BENCH = HERE.parent / "bench" / "view_bench.py"
XSS = ("</script><img src=x onerror=alert(1)>", '"><svg onload=alert(1)>')

NKG = Namespace("https://w3id.org/nkg/ontology#")
NKR = Namespace("https://w3id.org/nkg/resource/")
# Written out here rather than imported, so the view is checked against the
# conventions and not against itself.
DRAWN = ("Person", "Country", "Organization", "Delegation", "Negotiation", "Meeting", "Place",
         "Issue", "Demand", "Rejection", "Threat", "Offer", "Statement")
EDGE_PROPERTIES = ("holder", "speaker", "about", "conditionFor", "target", "triggeredBy", "addressee",
                   "represents", "hasMember", "headedBy", "participant", "mediator", "location",
                   "partOf", "affiliatedWith")
FIXTURE_NODES, FIXTURE_EDGES = 20, 29


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


@pytest.fixture(scope="module")
def page(graph) -> str:
    return render_html(graph, title="Fixture <b>view</b>")


def payload(html_text: str) -> dict:
    """The page's data as its script sees it once it has numbered each
    document's sentences and nodes across the page (as the script does)."""
    found = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html_text, re.S)
    assert found, "the page has no data block"
    data = json.loads(found.group(1))
    sents, base = [], []
    for j, (texts, *_) in enumerate(data["text"]):
        base.append(len(sents))
        sents.extend([text, j] for text in texts)
    for node in data["nodes"]:
        if "e" in node:
            node["e"] = [[base[d] + s, b, e] for d, s, b, e in node["e"]]
    shared = {node["i"]: node for node in data["nodes"]}
    for j, block in enumerate(data["text"]):
        for iri, *located in block[2] if len(block) > 2 else ():
            if iri in shared:
                shared[iri].setdefault("e", []).extend(
                    [base[j] + located[k], located[k + 1], located[k + 2]] for k in range(0, len(located), 3))
    for node in data["nodes"]:
        if "e" in node:
            node["e"].sort()
    for j, (_, own, *_) in enumerate(data["text"]):
        for node in own:
            if "e" in node:
                node["e"] = [[base[j] + s, b, e] for s, b, e in node["e"]]
            data["nodes"].append(node)
    for i, node in enumerate(data["nodes"]):
        node["x"], node["y"] = data["pos"][2 * i], data["pos"][2 * i + 1]
    data["sents"] = sents
    return data


def expected(graph: Graph):
    drawn = {s for c in DRAWN for s in graph.subjects(RDF.type, NKG[c])}
    edges = [(s, p, o) for name in EDGE_PROPERTIES for s, p, o in graph.triples((None, NKG[name], None))
             if s in drawn and o in drawn]
    return drawn, edges


def node_named(data: dict, name: str) -> tuple[int, dict]:
    return next((i, n) for i, n in enumerate(data["nodes"]) if n["f"] == name)


# --- the page ----------------------------------------------------------------

def test_counts_follow_the_conventions(graph, page):
    drawn, edges = expected(graph)
    data = payload(page)
    assert len(data["nodes"]) == len(drawn) == FIXTURE_NODES
    assert len(data["edges"]) == len(edges) == FIXTURE_EDGES
    assert {n["i"] for n in data["nodes"]} == {str(s) for s in drawn}
    classes = {data["classes"][n["c"]]["name"] for n in data["nodes"]}
    assert "Role" not in classes and "Document" not in classes and "Mention" not in classes


def test_edges_run_from_holder_through_position_to_issue(page):
    data = payload(page)
    rels = [r[0] for r in data["rels"]]
    labelled = {(data["nodes"][a]["f"], rels[r], data["nodes"][b]["f"]) for a, b, r in data["edges"]}
    demand = "Abzug ukrainischer Truppen aus dem Donbass"
    assert ("Russland", "holder", demand) in labelled
    assert (demand, "about", "Gebietsfrage im Donbass") in labelled
    assert (demand, "conditionFor", "Waffenstillstand") in labelled
    assert ("Abzug aus dem Donbass", "target", demand) in labelled
    assert ("Fortsetzung der Angriffe", "triggeredBy", demand) in labelled
    assert ("Rustem Umjerow", "speaker", "„Wir sind bereit, in verschiedenen Formaten zu arbeiten.“") in labelled
    assert ("Delegation: Ukraine", "headedBy", "Rustem Umjerow") in labelled
    assert ("Treffen in Abu Dhabi, 23.01.2026", "location", "Abu Dhabi") in labelled


def test_nodes_carry_their_sentences_documents_and_dates(page):
    data = payload(page)
    _, demand = node_named(data, "Abzug ukrainischer Truppen aus dem Donbass")
    [(sent, b, e)] = demand["e"]
    text, doc = data["sents"][sent]
    assert text == "Russland verlangt den Abzug ukrainischer Truppen aus dem Donbass als Bedingung für einen Waffenstillstand."
    assert data["docs"][doc] == ["000_abu_dhabi.txt", "2026-01-24"]
    assert (b, e) == (0, 0)   # the mention is the whole sentence
    _, person = node_named(data, "Andrij Hnatow")
    [(sent, b, e)] = person["e"]
    text = data["sents"][sent][0]
    assert text.startswith("An den Gesprächen") and text[b:e] == "Andrij Hnatow"
    assert person["r"] == ["Generalstabschef"]   # roles travel with the person, not as nodes
    _, meeting = node_named(data, "Treffen in Abu Dhabi, 23.01.2026")
    assert ["date", "2026-01-23"] in meeting["k"]


def test_the_page_is_offline(page):
    for attr in re.findall(r"""\b(?:src|href|action|poster|srcset)\s*=\s*["']?([^"'\s>]*)""", page, re.I):
        assert not re.match(r"(?:https?:)?//", attr.strip(), re.I), attr
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"<script\b[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?\s*(?:https?:)?//", page, re.I)
    assert "vis.Network" in page and ".vis-network" in page   # vis-network's JS and CSS are inline
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert "default-src 'none'" in csp and "unsafe-eval" not in csp


def test_untrusted_text_cannot_leave_the_data_block(graph, page):
    for probe in XSS:
        assert probe not in page
    assert "<svg" not in page and "onerror=alert" not in page.replace("onerror=alert(1)\\u003e", "")
    assert page.count("</script>") == 3   # data, vis-network, the page's own script
    names = {n["f"] for n in payload(page)["nodes"]}
    assert set(XSS) <= names   # the names arrive intact, as data
    assert "<title>Fixture &lt;b&gt;view&lt;/b&gt;</title>" in page


def test_json_escapes_everything_that_could_end_a_script():
    text = script_json({"x": "</script><!-- & \u2028 \u2029 \ud800 ü"})
    for raw in ("<", ">", "&", "\u2028", "\u2029", "\ud800", "ü"):
        assert raw not in text
    assert json.loads(text) == {"x": "</script><!-- & \u2028 \u2029 \ud800 ü"}


def test_rendering_is_deterministic_and_small_graphs_use_physics(graph, page):
    again = render_html(graph, title="Fixture <b>view</b>")
    assert again == page
    data = payload(page)
    assert data["physics"] is True and data["large"] is False
    for node in data["nodes"]:
        assert isinstance(node["x"], float) and isinstance(node["y"], float)


def test_empty_graph_renders():
    data = payload(render_html(Graph()))
    assert data["nodes"] == [] and data["edges"] == []


# --- focus -------------------------------------------------------------------

def test_focus_matches_alt_labels_case_and_accents(graph):
    data = payload(render_html(graph, focus="UMEROW", depth=1))
    names = {n["f"] for n in data["nodes"]}
    assert names == {"Rustem Umjerow", "Delegation: Ukraine", "Ukraine",
                     "„Wir sind bereit, in verschiedenen Formaten zu arbeiten.“"}
    [focus] = data["focus"]
    assert data["nodes"][focus]["f"] == "Rustem Umjerow"
    # hasMember, headedBy, affiliatedWith, speaker, and represents between two neighbours
    assert len(data["edges"]) == 5
    used = {ev[0] for n in data["nodes"] for ev in n.get("e", ())}
    assert used == set(range(len(data["sents"])))   # only the kept nodes' sentences travel
    _, statement = node_named(data, "„Wir sind bereit, in verschiedenen Formaten zu arbeiten.“")
    assert data["sents"][statement["e"][0][0]][0].startswith("Umjerow sagte:")
    only = payload(render_html(graph, focus="verhandlungen uber ein kriegsende", depth=0))
    assert [n["f"] for n in only["nodes"]] == ["Verhandlungen über ein Kriegsende"] and only["edges"] == []


def test_focus_depth_is_an_undirected_neighbourhood(graph):
    drawn, edges = expected(graph)
    neighbours: dict = {}
    for s, _, o in edges:
        neighbours.setdefault(s, set()).add(o)
        neighbours.setdefault(o, set()).add(s)
    reach = {NKR["person/rustem-umjerow"]}
    for _ in range(2):
        reach |= {m for n in reach for m in neighbours.get(n, ())}
    data = payload(render_html(graph, focus="Rustem Umjerow", depth=2))
    assert {n["i"] for n in data["nodes"]} == {str(x) for x in reach}
    assert len(data["edges"]) == sum(1 for s, _, o in edges if s in reach and o in reach)


def test_focus_without_a_match_names_close_ones(graph):
    with pytest.raises(BadInput) as err:
        render_html(graph, focus="Umjerov")
    assert "Umjerov" in err.value.message and "Rustem Umjerow" in err.value.hint
    with pytest.raises(BadInput):
        render_html(graph, focus="Ukraine", depth=-1)


# --- files and the CLI -------------------------------------------------------

def test_write_html_writes_the_page_atomically(graph, page, tmp_path):
    out = tmp_path / "sub" / "graph.html"
    assert write_html(graph, out, title="Fixture <b>view</b>") == out
    assert out.read_text(encoding="utf-8") == page
    assert [p.name for p in out.parent.iterdir()] == ["graph.html"]


def test_load_graph_reads_quads_and_rejects_bad_files(graph, tmp_path):
    trig = tmp_path / "g.trig"
    trig.write_text("<urn:x:g> {\n" + graph.serialize(format="nt") + "}\n", encoding="utf-8")
    assert len(load_graph(trig)) == len(graph)
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(BadInput, match="cannot parse"):
        load_graph(bad)
    with pytest.raises(BadInput, match="no graph file"):
        load_graph(tmp_path / "missing.ttl")


def test_cli_view(tmp_path):
    runner = CliRunner()
    out = tmp_path / "view.html"
    result = runner.invoke(main, ["view", str(FIXTURE), "--out", str(out), "--focus", "Ukraine", "--depth", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(out)
    assert payload(out.read_text(encoding="utf-8"))["focus"]
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix broken", encoding="utf-8")
    result = runner.invoke(main, ["view", str(bad), "--out", str(out)])
    assert result.exit_code == 2 and "error: cannot parse" in result.output
    result = runner.invoke(main, ["view", str(FIXTURE), "--out", str(out), "--focus", "Nobody"])
    assert result.exit_code == 2 and "hint:" in result.output


# --- speed -------------------------------------------------------------------

def _bench():
    spec = importlib.util.spec_from_file_location("view_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# How fast the page renders is bench/view_bench.py's to measure, not a test's.

def test_an_article_sized_graph_is_drawn_without_physics():
    graph = _bench().make_graph(500, seed=3)   # about 20 articles, ~9,000 triples
    data = payload(render_html(graph))
    assert len(data["nodes"]) == 500 and data["physics"] is False


def test_large_graph_switches_to_the_cheap_settings():
    graph = _bench().make_graph(5000, seed=3)
    data = payload(render_html(graph))
    assert len(data["nodes"]) == 5000 and data["physics"] is False and data["large"] is True
    xs = [n["x"] for n in data["nodes"]]
    ys = [n["y"] for n in data["nodes"]]
    assert len(set(zip(xs, ys))) > 4900   # hardly any node sits on another


def test_importing_kg_view_stays_light():
    code = ("import sys, kg, kg.view; heavy = [m for m in ('numpy', 'networkx', 'pyvis', 'jinja2') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=HERE.parent)
    assert out.stdout.strip() == "[]"


def test_labels_with_line_separators_stay_in_the_json():
    g = Graph()
    node = NKR["person/x"]
    g.add((node, RDF.type, NKG.Person))
    g.add((node, RDFS.label, Literal("A\u2028B</script>&")))
    page = render_html(g)
    assert "\u2028" not in page and "</script>&" not in page
    assert payload(page)["nodes"][0]["f"] == "A\u2028B</script>&"


def _located(data: dict) -> tuple:
    """The page data with each evidence sentence named by its text and
    document instead of its number, which follows the order they are met in,
    and without the positions, which follow the order of the nodes."""
    nodes = []
    for node in sorted(data["nodes"], key=lambda n: n["i"]):
        node = {k: v for k, v in node.items() if k not in ("x", "y")}
        if "e" in node:
            node["e"] = sorted((data["sents"][s][0], tuple(data["docs"][data["sents"][s][1]]), b, e)
                               for s, b, e in node["e"])
        nodes.append(node)
    edges = sorted((data["nodes"][a]["i"], data["nodes"][b]["i"], r) for a, b, r in data["edges"])
    return nodes, edges


def test_the_pieces_of_a_build_give_the_view_of_the_whole_graph():
    """kg build draws the view from per-document pieces (made and cached with
    each document) and the merged graph's shared nodes; the page must show
    what the page of the merged graph shows, fallback evidence included."""
    from dataclasses import replace

    from kg.document import read_document
    from kg.lexicon import load_lexicon
    from kg.pipeline import extract
    from kg.rdf import Merger, emit
    from kg.viewdata import assemble, piece

    lex = load_lexicon()
    merger, pieces = Merger(), []
    texts = sorted((HERE / "corpus").glob("*.txt")) + sorted((HERE / "challenge").glob("*.txt"))
    for i, path in enumerate(texts):
        doc, _ = read_document(path, f"doc{i}")
        fragment = emit(extract(doc, lex), lex)
        fragment = replace(fragment, view=piece(fragment))
        merger.add(fragment)
        pieces.append(fragment.view)
    graph = merger.result()
    assert merger.fallback_evidence, "the texts should exercise the fallback evidence"
    whole = payload(render_html(graph))
    assert len(whole["nodes"]) > 300
    built = payload(render_html(parts=assemble(pieces, graph, merger.fallback_evidence)))
    assert _located(built) == _located(whole)


def test_a_remembered_layout_keeps_the_nodes_in_place(tmp_path):
    """With a layout file the positions of the last build are kept, and a
    node that is new is placed near its neighbours; without one the layout
    is computed afresh."""
    big = _bench().make_graph(400, seed=3)
    memory = tmp_path / "layout.json"
    first = {n["i"]: (n["x"], n["y"]) for n in payload(render_html(big, layout=memory))["nodes"]}
    assert memory.is_file()
    remembered = json.loads(memory.read_text(encoding="utf-8"))
    remembered = {iri: [x + 1000.0, y] for iri, (x, y) in remembered.items()}
    newcomer = next(iri for iri in remembered if "/position/" in iri)
    del remembered[newcomer]
    memory.write_text(json.dumps(remembered), encoding="utf-8")
    again = {n["i"]: (n["x"], n["y"]) for n in payload(render_html(big, layout=memory))["nodes"]}
    moved = [iri for iri in remembered if again[iri] != (remembered[iri][0], remembered[iri][1])]
    assert not moved
    assert again[newcomer] != first[newcomer]   # placed anew, among the shifted neighbours
    assert again[newcomer][0] > min(x for x, _ in again.values())
    fresh = {n["i"]: (n["x"], n["y"]) for n in payload(render_html(big))["nodes"]}
    assert fresh == first


def test_a_damaged_layout_file_is_ignored(tmp_path):
    memory = tmp_path / "layout.json"
    memory.write_text("{not json", encoding="utf-8")
    big = _bench().make_graph(200, seed=3)
    assert payload(render_html(big, layout=memory))["nodes"] == payload(render_html(big))["nodes"]


def test_an_unchanged_layout_is_read_not_written(tmp_path):
    big = _bench().make_graph(300, seed=4)
    memory = tmp_path / "layout.json"
    first = payload(render_html(big, layout=memory))["nodes"]
    memory.write_text(memory.read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(memory, ns=(0, 0))
    again = payload(render_html(big, layout=memory))["nodes"]
    assert [(n["x"], n["y"]) for n in again] == [(n["x"], n["y"]) for n in first]
    assert memory.stat().st_mtime_ns == 0
