"""Every namespace kg reads or writes, defined once."""
from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

NKG = Namespace("https://w3id.org/nkg/ontology#")
NKR = Namespace("https://w3id.org/nkg/resource/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SCHEMA = SDO
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES = {
    "nkg": NKG, "nkr": NKR, "nif": NIF, "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD,
    "skos": SKOS, "prov": PROV, "dcterms": DCTERMS, "foaf": FOAF, "org": ORG,
    "schema": SCHEMA, "wd": WD,
}


def bind_all(graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
