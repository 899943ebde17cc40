"""The published ontology (ontology/nkg.ttl) and SHACL shapes
(ontology/shapes.ttl): they parse cleanly, declare every term of the
core-vocabulary contract (tests/data/spec_terms.txt) with the contract's
domains, ranges and alignments, carry English and German labels and comments,
and HermiT finds the ontology, alone and with a valid graph, consistent."""
from __future__ import annotations

import logging
import shutil
import warnings
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib import namespace as ns

from kg.namespaces import NKG, PREFIXES

# rdflib's XSD namespace warns when pytest's collection probes module
# globals for mock attributes, so it is only used as ns.XSD.
DCTERMS, OWL, RDF, RDFS, SH = ns.DCTERMS, ns.OWL, ns.RDF, ns.RDFS, ns.SH

HERE = Path(__file__).resolve().parent
ONTOLOGY = HERE.parent / "ontology" / "nkg.ttl"
SHAPES = HERE.parent / "ontology" / "shapes.ttl"
SPEC_TERMS = HERE / "data" / "spec_terms.txt"
VALID_GRAPH = HERE / "fixtures" / "valid_graph.ttl"
ONTOLOGY_IRI = URIRef("https://w3id.org/nkg/ontology")

DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
# Vocabulary OWL 2 builds in: declaring it would itself break OWL 2 DL.
BUILT_IN = (str(OWL), str(RDF), str(RDFS))


def expand(curie: str) -> URIRef:
    prefix, local = curie.split(":", 1)
    return URIRef(str(PREFIXES[prefix]) + local)


def spec_rows(kind: str) -> list[list[str]]:
    rows = []
    for line in SPEC_TERMS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cells = [cell.strip() for cell in line.split(" | ")]
            if cells[0] == kind:
                rows.append(cells[1:])
    return rows


def parse_quietly(path: Path, caplog) -> Graph:
    """Parse with rdflib and fail on any warning or logged complaint."""
    caplog.clear()
    with caplog.at_level(logging.WARNING), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        graph = Graph().parse(path, format="turtle")
    assert not caught, [str(w.message) for w in caught]
    assert not caplog.records, [r.getMessage() for r in caplog.records]
    return graph


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


# ---------------------------------------------------------------- parsing


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=["nkg.ttl", "shapes.ttl"])
def test_parses_in_rdflib_without_warnings(path, caplog):
    assert len(parse_quietly(path, caplog)) > 100


@pytest.mark.parametrize("path", [ONTOLOGY, SHAPES], ids=["nkg.ttl", "shapes.ttl"])
def test_parses_in_pyoxigraph_to_the_same_triples(path, caplog):
    import pyoxigraph

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        quads = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert not caught, [str(w.message) for w in caught]
    assert len(quads) == len(parse_quietly(path, caplog))


def test_spec_terms_file_lists_the_contract():
    assert len(spec_rows("class")) == 18
    assert len(spec_rows("property")) == 30


# ---------------------------------------------------------------- header


def test_ontology_header(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef("https://w3id.org/nkg/ontology/0.1.0")
    assert str(ontology.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    for prop in (DCTERMS.title, DCTERMS.description):
        assert {lit.language for lit in ontology.objects(ONTOLOGY_IRI, prop)} >= {"en", "de"}, prop
    assert isinstance(ontology.value(ONTOLOGY_IRI, DCTERMS.license), URIRef)
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.created).datatype == ns.XSD.date


# ---------------------------------------------------------------- terms


@pytest.mark.parametrize("term", [row[0] for row in spec_rows("class")])
def test_every_spec_class_is_an_owl_class(ontology, term):
    assert (expand(term), RDF.type, OWL.Class) in ontology


@pytest.mark.parametrize("term", [row[0] for row in spec_rows("property")])
def test_every_spec_property_is_declared(ontology, term):
    iri = expand(term)
    if str(iri).startswith(str(OWL)):
        pytest.skip(f"{term} is built into OWL 2 and must not be redeclared")
    kinds = set(ontology.objects(iri, RDF.type)) & DECLARATIONS
    assert len(kinds) == 1, f"{term} declared as {kinds or 'nothing'}"


def test_terms_the_extractor_adds_to_the_contract_are_declared(ontology):
    # kg/rdf.py writes the wording of a condition as nkg:condition.
    assert (NKG.condition, RDF.type, OWL.DatatypeProperty) in ontology
    assert (NKG.condition, RDFS.domain, NKG.Position) in ontology


def test_labels_and_comments_are_annotation_properties(ontology):
    for prop in (RDFS.label, RDFS.comment, expand("skos:altLabel")):
        assert (prop, RDF.type, OWL.AnnotationProperty) in ontology


def _class_names(ontology: Graph, node) -> set[str]:
    """'Person' for nkg:Person, {'Person', 'Organization'} for a union."""
    if isinstance(node, BNode):
        members = Collection(ontology, ontology.value(node, OWL.unionOf))
        return {str(m).removeprefix(str(NKG)) for m in members}
    return {str(node).removeprefix(str(NKG))}


def _spec_range(cell: str):
    if cell == "literal":
        return RDFS.Literal
    if cell.startswith("xsd:"):
        return expand(cell)
    return set(cell.split(" or "))


@pytest.mark.parametrize("term,signature", [row for row in spec_rows("property") if row[0].startswith("nkg:")])
def test_nkg_property_domain_and_range_follow_the_spec(ontology, term, signature):
    iri = expand(term)
    domain_cell, range_cell = (cell.strip() for cell in signature.split("→"))
    domains = list(ontology.objects(iri, RDFS.domain))
    if domain_cell.startswith("any"):
        assert domains == []
    else:
        assert len(domains) == 1 and _class_names(ontology, domains[0]) == set(domain_cell.split(" or "))
    ranges = list(ontology.objects(iri, RDFS.range))
    assert len(ranges) == 1
    expected = _spec_range(range_cell)
    if isinstance(expected, set):
        assert _class_names(ontology, ranges[0]) == expected
        assert (iri, RDF.type, OWL.ObjectProperty) in ontology
    else:
        assert ranges[0] == expected
        assert (iri, RDF.type, OWL.DatatypeProperty) in ontology


@pytest.mark.parametrize("term,aligned", [row for row in spec_rows("class")])
def test_class_alignments_and_subclasses(ontology, term, aligned):
    supers = set(ontology.objects(expand(term), RDFS.subClassOf))
    for target in aligned.removeprefix("subclass of ").split(", "):
        assert expand(target) in supers, f"{term} ⊑ {target}"


@pytest.mark.parametrize("cls", ["Person", "Country", "Organization", "Delegation"])
def test_actors_are_actors(ontology, cls):
    assert (NKG[cls], RDFS.subClassOf, NKG.Actor) in ontology


@pytest.mark.parametrize("prop,parent", [
    ("nkg:hasMember", "org:hasMember"),
    ("nkg:evidence", "prov:wasDerivedFrom"),
])
def test_property_alignments(ontology, prop, parent):
    assert (expand(prop), RDFS.subPropertyOf, expand(parent)) in ontology


def test_no_domain_or_range_on_external_terms(ontology):
    # dcterms:date is used on documents and positions alike: a domain there
    # would make positions documents, which the disjointness forbids.
    for prop in (RDFS.domain, RDFS.range):
        for subject in ontology.subjects(prop, None):
            assert str(subject).startswith(str(NKG)), f"{subject} {prop}"


def test_every_nkg_term_and_the_ontology_has_english_and_german_label_and_comment(ontology):
    terms = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(NKG))}
    assert len(terms) >= 18 + 20
    missing = []
    for term in sorted(terms | {ONTOLOGY_IRI}):
        for prop in (RDFS.label, RDFS.comment):
            languages = {lit.language for lit in ontology.objects(term, prop) if isinstance(lit, Literal)}
            if not {"en", "de"} <= languages:
                missing.append(f"{term} {prop} has {languages}")
    assert not missing, missing


def test_every_used_term_is_declared(ontology):
    """OWL 2 DL wants each class and property that an axiom mentions to be
    declared with its kind, also the ones from other vocabularies."""
    declared = {s for s, kind in ontology.subject_objects(RDF.type) if kind in DECLARATIONS}
    used = set()
    for prop in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain):
        used.update(o for o in ontology.objects(None, prop) if isinstance(o, URIRef))
    used.update(o for o in ontology.objects(None, RDFS.range)
                if isinstance(o, URIRef) and not str(o).startswith(str(ns.XSD)) and o != RDFS.Literal)
    for union in ontology.objects(None, OWL.unionOf):
        used.update(Collection(ontology, union))
    for members in ontology.objects(None, OWL.members):
        used.update(Collection(ontology, members))
    used.update(p for p in ontology.predicates() if not str(p).startswith(BUILT_IN))
    assert not used - declared, sorted(used - declared)


def test_disjointness(ontology):
    groups = [set(Collection(ontology, m)) for m in ontology.objects(None, OWL.members)]
    assert {NKG.Person, NKG.Country, NKG.Organization, NKG.Delegation} in groups
    assert {NKG.Demand, NKG.Rejection, NKG.Threat, NKG.Offer} in groups
    assert any({NKG.Document, NKG.Mention, NKG.Position, NKG.Statement, NKG.Actor} <= g for g in groups)


# ---------------------------------------------------------------- shapes


def test_shapes_load_in_pyshacl_without_warnings(shapes, caplog):
    import pyshacl

    data = Graph().parse(VALID_GRAPH, format="turtle")
    with caplog.at_level(logging.WARNING), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # meta_shacl checks the shapes graph itself against SHACL-SHACL.
        conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, meta_shacl=True, inference="none")
    assert conforms, text
    assert not caught, [str(w.message) for w in caught]
    assert not caplog.records, [r.getMessage() for r in caplog.records]


def test_every_shape_and_sparql_constraint_has_an_english_message(shapes):
    shape_nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    shape_nodes |= set(shapes.subjects(SH.path, None)) | set(shapes.objects(None, SH.property))
    shape_nodes |= set(shapes.objects(None, SH.sparql))
    assert len(shape_nodes) > 40
    for node in shape_nodes:
        messages = list(shapes.objects(node, SH.message))
        assert messages, f"shape without sh:message: {node} {list(shapes.predicate_objects(node))[:3]}"
        assert all(m.language == "en" for m in messages), node


def test_shapes_target_each_position_class_explicitly(shapes):
    # The shapes run without inference, so nkg:Position as a target alone
    # would miss every Demand.
    targets = set(shapes.objects(None, SH.targetClass))
    assert {NKG.Demand, NKG.Rejection, NKG.Threat, NKG.Offer, NKG.Person, NKG.Country,
            NKG.Organization, NKG.Delegation, NKG.Meeting, NKG.Statement, NKG.Mention,
            NKG.Document, NKG.Issue} <= targets


# ---------------------------------------------------------------- reasoning

needs_java = pytest.mark.skipif(shutil.which("java") is None,
                                reason="HermiT (via owlready2) needs a Java runtime; `java` is not on PATH")


def hermit(tmp_path: Path, *graphs: Path):
    """Run HermiT over the ontology merged with `graphs`; return the world.

    owlready2 reads neither Turtle nor imports, so everything is merged with
    rdflib and handed over as N-Triples. xsd:date (the contract's range of
    nkg:date) is outside the OWL 2 datatype map, which HermiT otherwise
    refuses outright."""
    owlready2 = pytest.importorskip("owlready2")
    merged = Graph().parse(ONTOLOGY, format="turtle")
    for path in graphs:
        merged.parse(path, format="turtle")
    target = tmp_path / "merged.nt"
    merged.serialize(target, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(target.as_uri()).load(format="ntriples")
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                   ignore_unsupported_datatypes=True)
    return world


@needs_java
def test_hermit_finds_the_ontology_consistent_with_satisfiable_classes(tmp_path):
    world = hermit(tmp_path)
    assert list(world.inconsistent_classes()) == []


@needs_java
def test_hermit_finds_ontology_and_valid_graph_consistent(tmp_path):
    world = hermit(tmp_path, VALID_GRAPH)
    assert list(world.inconsistent_classes()) == []


@needs_java
def test_hermit_rejects_a_node_that_is_person_and_country(tmp_path):
    """Proves the reasoner really sees the disjointness axioms."""
    import owlready2

    bad = tmp_path / "bad.ttl"
    bad.write_text(f"<https://w3id.org/nkg/resource/person/x> a <{NKG.Person}> , <{NKG.Country}> .\n",
                   encoding="utf-8")
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        hermit(tmp_path, bad)
