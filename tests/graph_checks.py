"""Checks shared by the input, output and fuzz tests: every format kg writes
must parse back with pyoxigraph (a second, independent parser) to the same
triples, and the graph must conform to the SHACL shapes."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

FORMATS = {"graph.ttl": ox.RdfFormat.TURTLE, "graph.nt": ox.RdfFormat.N_TRIPLES,
           "graph.jsonld": ox.RdfFormat.JSON_LD, "graph.trig": ox.RdfFormat.TRIG}


def _term(t):
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Literal(t.value, lang=t.language)
        # compare lexical forms: rdflib and oxigraph may normalise values differently
        return Literal(t.value, datatype=None if t.datatype.value == str(XSD.string) else URIRef(t.datatype.value))
    raise AssertionError(f"unexpected term {t!r} (kg writes no blank nodes)")


def triples_of(data: bytes, fmt: ox.RdfFormat) -> set[tuple]:
    out = set()
    for q in ox.parse(data, format=fmt):
        t = q.triple if isinstance(q, ox.Quad) else q
        out.add((_term(t.subject), _term(t.predicate), _term(t.object)))
    return out


def parse_all_formats(out_dir: Path, names=None) -> Graph:
    """Parse each graph file in `out_dir` with pyoxigraph; all must hold the
    same triples. Returns them as an rdflib Graph."""
    found = {name: triples_of(Path(out_dir, name).read_bytes(), fmt)
             for name, fmt in FORMATS.items() if (names is None or name in names) and Path(out_dir, name).exists()}
    assert "graph.ttl" in found
    reference = found["graph.ttl"]
    for name, triples in found.items():
        assert triples == reference, f"{name} differs from graph.ttl: {len(triples ^ reference)} triples"
    graph = Graph()
    for t in reference:
        graph.add(t)
    return graph


def assert_conforms(graph: Graph) -> None:
    from kg.validate import validate_graph

    report = validate_graph(graph)
    assert report.conforms, report.text


NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"


def assert_anchors(triples) -> None:
    """Each mention's nif:anchorOf is its document's nif:isString between
    nif:beginIndex and nif:endIndex."""
    texts = {s: str(o) for s, p, o in triples if str(p) == NIF + "isString"}
    props: dict = {}
    for s, p, o in triples:
        if str(p).startswith(NIF):
            props.setdefault(s, {})[str(p)[len(NIF):]] = o
    for mention, got in props.items():
        if "anchorOf" in got:
            text = texts[got["referenceContext"]]
            assert text[int(got["beginIndex"]):int(got["endIndex"])] == str(got["anchorOf"]), mention
