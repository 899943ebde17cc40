"""kg.validate and `kg validate`: the hand-written valid graph conforms, each
mutated copy of it gives the expected violation, offsets count code points
(emoji included), files in every supported format are read, and bad files
give BadInput / exit code 2."""
from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib import namespace as ns

from kg.cli import main
from kg.errors import BadInput
from kg.namespaces import NIF, NKG, NKR
from kg.validate import Report, validate_file, validate_graph

HERE = Path(__file__).resolve().parent
VALID_GRAPH = HERE / "fixtures" / "valid_graph.ttl"
SHAPES = HERE.parent / "ontology" / "shapes.ttl"

RDF, RDFS, DCTERMS = ns.RDF, ns.RDFS, ns.DCTERMS
NNI = ns.XSD.nonNegativeInteger
DOC = NKR["document/fixture-talks"]
DEMAND = NKR["position/fixture-talks/1"]
REJECTION = NKR["position/fixture-talks/2"]
THREAT = NKR["position/fixture-talks/3"]
MEETING = NKR["meeting/abu-dhabi-2026-01-23"]
STATEMENT = NKR["statement/fixture-talks/1"]
DELEGATION = NKR["delegation/ukraine"]
UKRAINE_MENTION = NKR["mention/fixture-talks/69-76"]


@pytest.fixture(scope="module")
def valid() -> Graph:
    return Graph().parse(VALID_GRAPH, format="turtle")


def copy(graph: Graph) -> Graph:
    out = Graph()
    for triple in graph:
        out.add(triple)
    return out


def lines(report: Report) -> list[str]:
    return report.text.splitlines()[1:]


def mentions(graph: Graph):
    return list(graph.subjects(RDF.type, NKG.Mention))


def insert_text(graph: Graph, at: int, inserted: str, *, offsets=lambda text, i: i) -> Graph:
    """Insert `inserted` into the document text at code point `at` and move
    every mention along, as an extractor reading the new text would;
    `offsets(text, i)` turns a str index into the offset that gets written."""
    out = copy(graph)
    old = str(out.value(DOC, NIF.isString))
    text = old[:at] + inserted + old[at:]
    out.set((DOC, NIF.isString, Literal(text)))
    for mention in mentions(out):
        begin = int(out.value(mention, NIF.beginIndex))
        end = int(out.value(mention, NIF.endIndex))
        begin += len(inserted) if begin >= at else 0
        end += len(inserted) if end > at else 0
        out.set((mention, NIF.beginIndex, Literal(offsets(text, begin), datatype=NNI)))
        out.set((mention, NIF.endIndex, Literal(offsets(text, end), datatype=NNI)))
        out.set((mention, NIF.anchorOf, Literal(text[begin:end])))
    return out


def utf16_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


# ---------------------------------------------------------------- valid graph


def test_valid_graph_conforms(valid):
    report = validate_graph(valid)
    assert report.conforms, report.text
    assert report.violations == 0
    assert report.text.startswith(f"conforms: {len(valid)} triples")


def test_validate_graph_leaves_the_graph_alone(valid):
    before = set(valid)
    validate_graph(valid)
    assert set(valid) == before


def test_report_is_a_frozen_dataclass(valid):
    report = validate_graph(valid)
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.conforms = False  # type: ignore[misc]


def test_valid_graph_every_anchor_is_its_text_slice(valid):
    """The fixture itself follows the convention the shapes check."""
    text = str(valid.value(DOC, NIF.isString))
    for mention in mentions(valid):
        begin, end = int(valid.value(mention, NIF.beginIndex)), int(valid.value(mention, NIF.endIndex))
        assert text[begin:end] == str(valid.value(mention, NIF.anchorOf))
        assert str(mention).endswith(f"/{begin}-{end}")


def test_shapes_need_neither_inference_nor_the_ontology(valid):
    """Plain pySHACL with only the shapes gives the same verdicts."""
    import pyshacl

    shapes = Graph().parse(SHAPES, format="turtle")
    assert pyshacl.validate(valid, shacl_graph=shapes, inference="none")[0]
    broken = copy(valid)
    broken.remove((DEMAND, NKG.holder, None))
    assert not pyshacl.validate(broken, shacl_graph=shapes, inference="none")[0]


def test_graph_parsed_by_oxigraph_conforms(valid):
    """Oxigraph writes plain strings as "x"^^xsd:string, which rdflib keeps
    apart from "x"; the shapes must accept both."""
    graph = Graph().parse(VALID_GRAPH, format="ox-turtle")
    assert any(isinstance(o, Literal) and o.datatype == ns.XSD.string for o in graph.objects())
    report = validate_graph(graph)
    assert report.conforms, report.text


# ---------------------------------------------------------------- mutations


def _remove(s, p):
    return lambda g: g.remove((s, p, None))


def _set(s, p, o):
    return lambda g: g.set((s, p, o))


def _add(s, p, o):
    return lambda g: g.add((s, p, o))


MUTATIONS = {
    "no holder": (_remove(DEMAND, NKG.holder), "nkr:position/fixture-talks/1  nkg:holder  "),
    "two holders": (_add(DEMAND, NKG.holder, NKR["country/ukraine"]), "nkr:position/fixture-talks/1  nkg:holder  "),
    "holder a place": (_set(DEMAND, NKG.holder, NKR["place/abu-dhabi"]),
                       "nkr:position/fixture-talks/1  nkg:holder/rdf:type  "),
    "holder nowhere in the graph": (_set(DEMAND, NKG.holder, NKR["country/atlantis"]),
                                    "nkr:country/atlantis  rdf:type  "),
    "no content": (_remove(DEMAND, NKG.content), "nkg:content"),
    "blank content": (_set(DEMAND, NKG.content, Literal("  ", lang="de")), "nkg:content"),
    "two conditions": (_add(THREAT, NKG.condition, Literal("falls die Runde scheitert", lang="de")),
                       "nkr:position/fixture-talks/3  nkg:condition  "),
    "position without evidence": (_remove(THREAT, NKG.evidence), "nkr:position/fixture-talks/3  nkg:evidence"),
    "evidence not a mention": (_add(THREAT, NKG.evidence, DOC), "nkg:evidence"),
    "offset off by one": (_set(UKRAINE_MENTION, NIF.endIndex, Literal(77, datatype=NNI)),
                          "nkr:mention/fixture-talks/69-76  nif:anchorOf  Offsets 69 to 77"),
    "wrong anchor": (_set(UKRAINE_MENTION, NIF.anchorOf, Literal("Ukrain")),
                     "nkr:mention/fixture-talks/69-76  nif:anchorOf  "),
    "end beyond the text": (_set(UKRAINE_MENTION, NIF.endIndex, Literal(5000, datatype=NNI)),
                            "nkr:mention/fixture-talks/69-76  nif:endIndex  "),
    "begin after end": (_set(UKRAINE_MENTION, NIF.beginIndex, Literal(80, datatype=NNI)),
                        "nkr:mention/fixture-talks/69-76  nif:beginIndex  "),
    # xsd:integer itself conforms: Oxigraph stores nonNegativeInteger so
    "negative offset": (_set(UKRAINE_MENTION, NIF.beginIndex, Literal(-1)),
                        "nkr:mention/fixture-talks/69-76  nif:beginIndex  "),
    "offset as a string": (_set(UKRAINE_MENTION, NIF.beginIndex, Literal("69")),
                           "nkr:mention/fixture-talks/69-76  nif:beginIndex  "),
    "mention without document": (_remove(UKRAINE_MENTION, NIF.referenceContext), "nif:referenceContext"),
    "meeting without date": (_remove(MEETING, NKG.date), "nkr:meeting/abu-dhabi-2026-01-23  nkg:date  "),
    "date typed as string": (_set(MEETING, NKG.date, Literal("2026-01-23")),
                             "nkr:meeting/abu-dhabi-2026-01-23  nkg:date  "),
    "malformed date": (_set(MEETING, NKG.date, Literal("2026-02-30", datatype=ns.XSD.date)), "nkg:date"),
    "meeting without place": (_remove(MEETING, NKG.location), "nkg:location"),
    "statement without quote": (_remove(STATEMENT, NKG.quote), "nkr:statement/fixture-talks/1  nkg:quote"),
    "statement without speaker": (_remove(STATEMENT, NKG.speaker), "nkg:speaker"),
    "delegation represents nobody": (_remove(DELEGATION, NKG.represents), "nkg:represents"),
    "rejection of a place": (_set(REJECTION, NKG.target, NKR["place/abu-dhabi"]), "nkg:target/rdf:type"),
    "threat triggered by an issue": (_set(THREAT, NKG.triggeredBy, NKR["issue/abzug-aus-dem-donbass"]),
                                     "nkg:triggeredBy/rdf:type"),
    "target on a demand": (_add(DEMAND, NKG.target, NKR["issue/abzug-aus-dem-donbass"]),
                           "nkr:position/fixture-talks/1  -  Only a nkg:Rejection"),
    "label without language": (_set(NKR["person/rustem-umjerow"], RDFS.label, Literal("Rustem Umjerow")),
                               "rdfs:label"),
    "two labels in one language": (_add(NKR["country/ukraine"], RDFS.label, Literal("Ukrajina", lang="de")),
                                   "rdfs:label"),
    "issue without label": (_remove(NKR["issue/abzug-aus-dem-donbass"], RDFS.label), "rdfs:label"),
    "two types": (_add(REJECTION, RDF.type, NKG.Position), "nkr:position/fixture-talks/2  rdf:type  "),
    "document without source": (_remove(DOC, DCTERMS.source), "dcterms:source"),
    "document in French": (_set(DOC, DCTERMS.language, Literal("fr")), "dcterms:language"),
    "two document dates": (_add(DOC, DCTERMS.date, Literal("2026-01-25", datatype=ns.XSD.date)),
                           "dcterms:date"),
    "sameAs not Wikidata": (_add(NKR["country/ukraine"], ns.OWL.sameAs, URIRef("http://dbpedia.org/resource/Ukraine")),
                            "owl:sameAs"),
}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_mutation_gives_the_expected_violation(valid, name):
    mutate, expected = MUTATIONS[name]
    graph = copy(valid)
    mutate(graph)
    report = validate_graph(graph)
    assert not report.conforms
    assert report.violations == len(lines(report)) >= 1
    assert any(expected in line for line in lines(report)), report.text


def test_each_violation_line_names_focus_path_and_message(valid):
    graph = copy(valid)
    graph.remove((DEMAND, NKG.holder, None))
    graph.remove((MEETING, NKG.date, None))
    report = validate_graph(graph)
    assert report.violations == 2
    assert report.text.splitlines()[0] == "does not conform: 2 violations"
    for line in lines(report):
        focus, path, message = line.split("  ", 2)
        assert focus.startswith("nkr:") and ":" in path and message.endswith(".")


def test_rejection_may_target_an_issue(valid):
    graph = copy(valid)
    graph.set((REJECTION, NKG.target, NKR["issue/abzug-aus-dem-donbass"]))
    assert validate_graph(graph).conforms


def test_violation_lines_stay_single_lines(valid):
    """The anchor message quotes document text, which has line breaks."""
    graph = copy(valid)
    graph.set((NKR["mention/fixture-talks/16-115"], NIF.endIndex, Literal(200, datatype=NNI)))
    report = validate_graph(graph)
    assert report.violations == 1 and len(report.text.splitlines()) == 2, report.text


# ---------------------------------------------------------------- code points


@pytest.mark.parametrize("inserted", ["😀 ", "🇺🇦 ", "𝔘𝔨𝔯𝔞𝔦𝔫𝔢 ", "e\u0301 "], ids=["emoji", "flag", "math", "combining"])
@pytest.mark.parametrize("where", ["before the body", "inside a mention"])
def test_non_bmp_text_with_code_point_offsets_conforms(valid, inserted, where):
    at = 16 if where == "before the body" else 69 + 3  # inside "Ukraine" and its sentence
    graph = insert_text(valid, at, inserted)
    report = validate_graph(graph)
    assert report.conforms, report.text


def test_utf16_offsets_do_not_conform(valid):
    """Offsets counted in UTF-16 code units (as JavaScript would) drift by
    one per astral character; the anchors then no longer match."""
    graph = insert_text(valid, 16, "😀😀 ", offsets=utf16_offset)
    report = validate_graph(graph)
    assert not report.conforms
    assert "nif:anchorOf  Offsets" in report.text


def test_emoji_graph_round_trips_through_a_file(valid, tmp_path):
    graph = insert_text(valid, 16, "😀 ")
    path = tmp_path / "emoji.ttl"
    graph.serialize(path, format="turtle", encoding="utf-8")
    report = validate_file(path)
    assert report.conforms, report.text


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("suffix,fmt", [
    (".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld"), (".rdf", "xml"), (".xml", "xml"),
])
def test_validate_file_reads_each_triple_format(valid, tmp_path, suffix, fmt):
    path = tmp_path / f"graph{suffix}"
    valid.serialize(path, format=fmt, encoding="utf-8")
    report = validate_file(path)
    assert report.conforms, report.text
    assert report.text.startswith(f"{path}: conforms: {len(valid)} triples")


@pytest.mark.filterwarnings("ignore:Dataset.*deprecated:DeprecationWarning")  # rdflib's own serializers
@pytest.mark.parametrize("suffix,fmt", [(".trig", "trig"), (".nq", "nquads")])
def test_validate_file_merges_the_graphs_of_a_dataset(valid, tmp_path, suffix, fmt):
    dataset = Dataset()
    mention_graph = dataset.graph(URIRef("urn:x-test:mentions"))
    rest = dataset.graph(URIRef("urn:x-test:rest"))
    for triple in valid:
        (mention_graph if triple[0] in set(mentions(valid)) else rest).add(triple)
    path = tmp_path / f"graph{suffix}"
    dataset.serialize(path, format=fmt, encoding="utf-8")
    report = validate_file(path)
    assert report.conforms, report.text


def test_validate_file_finds_violations(valid, tmp_path):
    graph = copy(valid)
    graph.remove((MEETING, NKG.date, None))
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="turtle", encoding="utf-8")
    report = validate_file(path)
    assert not report.conforms and report.violations == 1


def _write(name: str, data: bytes):
    def make(tmp_path: Path) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path
    return make


_garbage = _write("garbage.ttl", b"\x00\xffthis is { not turtle at all <<<")


@pytest.mark.parametrize("make,expected", [
    (lambda tmp: tmp / "missing.ttl", "does not exist"),
    (lambda tmp: tmp, "is not a file"),
    (_garbage, "is not valid turtle RDF"),
    (_write("latin1.ttl", "<urn:x:a> <urn:x:b> \"Gespr\u00e4ch\" .".encode("latin-1")), "is not valid turtle RDF"),
    (_write("empty.ttl", b""), "contains no triples"),
    (_write("graph.csv", b"a,b\n"), "cannot tell the RDF format"),
    (_write("wrong.nt", b"@prefix x: <urn:x:> . x:a x:b x:c ."), "is not valid nt RDF"),
], ids=["missing", "folder", "garbage", "latin-1", "empty", "csv", "turtle-as-nt"])
def test_bad_files_raise_bad_input_with_a_hint(tmp_path, make, expected):
    path = make(tmp_path)
    with pytest.raises(BadInput) as caught:
        validate_file(path)
    assert expected in caught.value.message
    assert str(path) in caught.value.message
    assert caught.value.hint


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads files regardless of permissions")
def test_unreadable_file_raises_bad_input(valid, tmp_path):
    path = tmp_path / "secret.ttl"
    valid.serialize(path, format="turtle", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(BadInput, match="cannot read"):
            validate_file(path)
    finally:
        path.chmod(0o644)


# ---------------------------------------------------------------- CLI


def test_cli_exit_0_for_a_conforming_graph():
    result = CliRunner().invoke(main, ["validate", str(VALID_GRAPH)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def _without_holder(valid: Graph, tmp_path: Path) -> Path:
    graph = copy(valid)
    graph.remove((DEMAND, NKG.holder, None))
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="turtle", encoding="utf-8")
    return path


def test_cli_exit_1_for_violations(valid, tmp_path):
    result = CliRunner().invoke(main, ["validate", str(_without_holder(valid, tmp_path))])
    assert result.exit_code == 1, result.output
    assert "nkr:position/fixture-talks/1  nkg:holder" in result.output


def test_cli_quiet_prints_nothing(valid, tmp_path):
    result = CliRunner().invoke(main, ["validate", "--quiet", str(_without_holder(valid, tmp_path))])
    assert result.exit_code == 1 and result.output == ""


def test_cli_exit_2_for_a_missing_file(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 2
    assert "error:" in result.output and "does not exist" in result.output and "hint:" in result.output


def test_cli_exit_2_for_a_garbage_file(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(_garbage(tmp_path))])
    assert result.exit_code == 2
    assert "error:" in result.output and "not valid turtle RDF" in result.output
