"""On-disk Oxigraph stores, graph file formats, and the split of a graph
into one named graph per document."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.errors import BadInput
from kg.namespaces import NKG, NKR
from kg.query import query_names, run_query
from kg.store import graph_name, open_store, read_graph, split_by_document, write_store

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "negotiation.ttl"


def fixture_graph() -> Graph:
    return read_graph([FIXTURE])


@pytest.mark.parametrize("name", query_names())
def test_store_answers_like_the_file(tmp_path, name):
    write_store(FIXTURE, tmp_path / "store")
    assert run_query(name, store=tmp_path / "store") == run_query(name, graph_files=[FIXTURE])


def test_store_from_an_rdflib_graph(tmp_path):
    write_store(fixture_graph(), tmp_path / "store")
    assert len(open_store(tmp_path / "store")) == len(fixture_graph())


def test_rewriting_a_store_replaces_its_content(tmp_path):
    store_dir = tmp_path / "store"
    write_store(FIXTURE, store_dir)
    smaller = fixture_graph()
    smaller.remove((None, RDF.type, NKG.Threat))
    write_store(smaller, store_dir)
    assert len(open_store(store_dir)) == len(smaller)
    assert run_query("threats", store=store_dir).rows == []
    assert [p.name for p in tmp_path.iterdir()] == ["store"]


def test_a_failed_load_keeps_the_old_store(tmp_path):
    store_dir = tmp_path / "store"
    write_store(FIXTURE, store_dir)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .\n")
    with pytest.raises(BadInput, match="not valid Turtle"):
        write_store(broken, store_dir)
    assert len(open_store(store_dir)) == len(fixture_graph())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.ttl", "store"]


def test_refuses_to_replace_a_folder_that_is_not_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(BadInput, match="neither empty nor an Oxigraph store"):
        write_store(FIXTURE, tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_open_store_needs_a_store(tmp_path):
    with pytest.raises(BadInput, match="no Oxigraph store"):
        open_store(tmp_path)


# rdflib's own TriG and N-Quads writers use its deprecated Dataset API.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("suffix, fmt", [(".nt", "nt"), (".jsonld", "json-ld"), (".trig", "trig"), (".nq", "nquads")])
def test_every_graph_format_gives_the_same_rows(tmp_path, suffix, fmt):
    graph = Graph().parse(FIXTURE, format="turtle")
    converted = tmp_path / f"graph{suffix}"
    if fmt in ("trig", "nquads"):
        # Named graphs are read as one graph, as by the other kg commands.
        dataset = Dataset()
        for triple in graph:
            dataset.graph(URIRef("urn:g:" + str(hash(triple[0]) % 3))).add(triple)
        dataset.serialize(converted, format=fmt)
    else:
        graph.serialize(converted, format=fmt, encoding="utf-8")
    for engine in ("oxigraph", "rdflib"):
        assert run_query("disputes", graph_files=[converted], engine=engine) == \
            run_query("disputes", graph_files=[FIXTURE])


def test_unknown_extension_is_refused(tmp_path):
    odd = tmp_path / "graph.txt"
    odd.write_text("")
    with pytest.raises(BadInput, match="cannot tell the RDF format"):
        read_graph([odd])


def test_split_puts_each_node_where_its_evidence_is():
    graph = fixture_graph()
    parts = split_by_document(graph)
    doc1, doc2 = graph_name(NKR["document/abu-dhabi"]), graph_name(NKR["document/genf"])
    shared = graph_name(None)
    assert list(parts) == [doc1, doc2, shared]
    assert doc1 == NKR["graph/document/abu-dhabi"] and shared == NKR["graph/shared"]

    def home(node):
        return {name for name, part in parts.items() if (node, None, None) in part
                and set(part.predicates(node)) - {RDF.type, RDFS.label}}

    assert home(NKR["document/abu-dhabi"]) == {doc1}
    assert home(NKR["mention/genf/16-91"]) == {doc2}
    assert home(NKR["position/abu-dhabi/3"]) == {doc1}
    assert home(NKR["statement/genf/1"]) == {doc2}
    assert home(NKR["person/andrij-hnatow"]) == {doc1}           # seen in one document only
    assert (NKR["role/generalstabschef"], RDFS.label, None) in parts[shared]   # no evidence at all
    # Seen in both documents: shared, but each evidence link goes with its document.
    ukraine = NKR["country/ukraine"]
    assert (ukraine, NKG.evidence, NKR["mention/genf/37-44"]) in parts[doc2]
    assert (ukraine, NKG.evidence, NKR["mention/abu-dhabi/539-546"]) in parts[doc1]
    assert (ukraine, NKG.evidence, None) not in parts[shared]
    assert (ukraine, RDFS.label, None) in parts[shared]
    # Labels and types of what a document's graph refers to are copied in.
    assert (ukraine, RDFS.label, None) in parts[doc2]
    assert (NKR["role/generalstabschef"], RDFS.label, None) in parts[doc1]
    assert (NKR["position/abu-dhabi/1"], RDF.type, NKG.Demand) in parts[doc1]


def test_split_loses_and_invents_nothing():
    graph = fixture_graph()
    union = Graph()
    for part in split_by_document(graph).values():
        union += part
    assert set(union) == set(graph)
    copies = [(s, p, o) for name, part in split_by_document(graph).items() for s, p, o in part
              if p not in (RDF.type, RDFS.label)]
    assert len(copies) == len(set(copies))


def test_a_graph_read_back_from_a_store_conforms(tmp_path):
    # regression: Oxigraph stores xsd:nonNegativeInteger offsets as xsd:integer,
    # and the shapes refused every mention of a graph dumped from a store
    import pyoxigraph as ox

    from kg.validate import validate_file

    write_store(FIXTURE, tmp_path / "store")
    dumped = tmp_path / "dumped.ttl"
    open_store(tmp_path / "store").dump(str(dumped), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    assert "nonNegativeInteger" not in dumped.read_text(encoding="utf-8")
    report = validate_file(dumped)
    assert report.conforms, report
