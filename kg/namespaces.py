"""Every namespace kg reads or writes, defined once.

`IRIS` holds them as plain strings and `SPACES` as `Space`s giving plain str
IRIs: the build writes its graph from those and never imports rdflib (a
tenth of a one-article build's time). `NKG`, `NKR`, `NIF`, `RDF`, ...,
`PREFIXES` are the same namespaces as rdflib Namespaces, made on first use."""

IRIS = {
    "nkg": "https://w3id.org/nkg/ontology#",
    "nkr": "https://w3id.org/nkg/resource/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "wd": "http://www.wikidata.org/entity/",
}


class Space:
    """A namespace whose terms are plain str: Space.term or Space["term"]."""

    def __init__(self, iri: str):
        self.iri = iri

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.iri + name

    def __getitem__(self, name: str) -> str:
        return self.iri + name

    def __str__(self) -> str:
        return self.iri


SPACES = {prefix: Space(iri) for prefix, iri in IRIS.items()}

# module attribute -> prefix of the rdflib Namespace it names
_RDFLIB_NAMES = {"NKG": "nkg", "NKR": "nkr", "NIF": "nif", "RDF": "rdf", "RDFS": "rdfs", "OWL": "owl", "XSD": "xsd",
                 "SKOS": "skos", "PROV": "prov", "DCTERMS": "dcterms", "FOAF": "foaf", "ORG": "org",
                 "SCHEMA": "schema", "WD": "wd"}


def __getattr__(name: str):
    if name != "PREFIXES" and name not in _RDFLIB_NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib import Namespace

    spaces = {attr: Namespace(IRIS[prefix]) for attr, prefix in _RDFLIB_NAMES.items()}
    globals().update(spaces)
    globals()["PREFIXES"] = {prefix: spaces[attr] for attr, prefix in _RDFLIB_NAMES.items()}
    return globals()[name]


def bind_all(graph) -> None:
    for prefix, iri in IRIS.items():
        graph.bind(prefix, iri, override=True, replace=True)


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in IRIS.items())
