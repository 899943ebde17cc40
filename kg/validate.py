"""Checking a graph against the SHACL shapes in ontology/shapes.ttl.

In: an rdflib Graph (`validate_graph`) or the path of a graph file
(`validate_file`: .ttl, .nt, .jsonld, .trig, .nq, .rdf or .xml; the graphs of
a TriG or N-Quads file are merged into one). Out: a `Report` with `conforms`,
the number of `violations` and a readable `text`, one line per violation:
focus node, path, message. A file that is missing, unreadable or not RDF
raises BadInput.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, SH

from .errors import BadInput
from .namespaces import PREFIXES
from .resources import ontology_dir

FORMATS = {
    ".ttl": "turtle",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
    ".rdf": "xml",
    ".xml": "xml",
}
_QUAD_FORMATS = {"trig", "nquads"}
# oxrdflib's parsers (pyoxigraph underneath) read Turtle about twice as fast
# as rdflib's own, are strict about the syntax, and never fetch remote
# JSON-LD contexts.
_PARSERS = {
    "turtle": "ox-turtle", "nt": "ox-ntriples", "json-ld": "ox-json-ld", "trig": "ox-trig",
    "nquads": "ox-nquads", "xml": "ox-xml",
}


@dataclass(frozen=True)
class Report:
    conforms: bool
    text: str
    violations: int


@functools.cache
def _shapes() -> Graph:
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


@functools.cache
def _ontology() -> Graph:
    return Graph().parse(ontology_dir() / "nkg.ttl", format="turtle")


@functools.cache
def _classes() -> frozenset:
    return frozenset(_ontology().subjects(RDF.type, OWL.Class))


def validate_graph(graph: Graph) -> Report:
    """Validate without changing `graph`."""
    return _validate(graph, inplace=False)


def validate_file(path) -> Report:
    path = Path(path)
    graph = _load(path)
    report = _validate(graph, inplace=True)
    return replace(report, text=f"{path}: {report.text}")


def _validate(graph: Graph, *, inplace: bool) -> Report:
    import pyshacl

    triples = len(graph)
    # The ontology is mixed in only so that sh:class sees the subclass
    # axioms; RDFS/OWL inference is left off because it is far too slow on
    # built graphs and the shapes are written not to need it.
    conforms, results, text = pyshacl.validate(
        graph,
        shacl_graph=_shapes(),
        ont_graph=_ontology(),
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
        advanced=False,
        inplace=inplace,
    )
    if not isinstance(results, Graph):
        # pySHACL reports a broken shapes graph this way, not by raising.
        raise RuntimeError(f"the SHACL shapes could not be run: {text}")
    lines = sorted(_result_lines(results))
    if conforms:
        summary = f"conforms: {triples} triples, no violations"
    else:
        noun = "violation" if len(lines) == 1 else "violations"
        summary = f"does not conform: {len(lines)} {noun}"
    return Report(conforms=bool(conforms), text="\n".join([summary, *lines]), violations=len(lines))


def _result_lines(results: Graph) -> list[str]:
    lines = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if results.value(result, SH.resultSeverity) not in (None, SH.Violation):
            continue
        # Results nested under sh:detail (from sh:node) repeat the parent's
        # finding from the value's side; the parent line says it better.
        if (None, SH.detail, result) in results:
            continue
        focus = results.value(result, SH.focusNode)
        value = results.value(result, SH.value)
        # Graph-wide checks (the mention offsets) have a class as focus node
        # and the offending node as value; the reader wants the node.
        if focus in _classes() and isinstance(value, URIRef):
            focus = value
        focus = _short(focus)
        path = _path(results, results.value(result, SH.resultPath))
        message = results.value(result, SH.resultMessage)
        if message is None:
            message = f"violates {_short(results.value(result, SH.sourceConstraintComponent))}"
        lines.append(f"{focus}  {path}  {_one_line(str(message))}")
    return lines


def _one_line(message: str, limit: int = 400) -> str:
    # Messages quote document text, which has line breaks and can be long.
    message = message.replace("\r", "\\r").replace("\n", "\\n")
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _path(results: Graph, node) -> str:
    """A SHACL path in SPARQL property-path notation."""
    if node is None:
        return "-"
    if isinstance(node, BNode):
        inverse = results.value(node, SH.inversePath)
        if inverse is not None:
            return f"^{_path(results, inverse)}"
        if results.value(node, RDF.first) is not None:
            return "/".join(_path(results, step) for step in Collection(results, node))
        return "(complex path)"
    return _short(node)


def _short(node) -> str:
    if node is None:
        return "-"
    if isinstance(node, URIRef):
        text = str(node)
        # Longest namespace first: nkr: and nkg: share the w3id.org/nkg/ stem.
        for prefix, ns in sorted(PREFIXES.items(), key=lambda item: -len(str(item[1]))):
            if text.startswith(str(ns)) and len(text) > len(str(ns)):
                return f"{prefix}:{text[len(str(ns)):]}"
        return f"<{text}>"
    if isinstance(node, Literal):
        return node.n3()
    return f"_:{node}"


def _load(path: Path) -> Graph:
    if not path.exists():
        raise BadInput(f"graph file {path} does not exist",
                       "check the path, or build the graph first with `kg build`")
    if not path.is_file():
        raise BadInput(f"{path} is not a file", "give the path of a graph file such as out/graph.ttl")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise BadInput(f"cannot tell the RDF format of {path} from its extension",
                       f"name the file with one of {', '.join(FORMATS)}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}",
                       "check the file's permissions") from None
    try:
        graph = _parse(data, fmt, path)
    except Exception as exc:  # rdflib raises many unrelated types for bad input
        detail = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise BadInput(f"{path} is not valid {fmt} RDF: {detail}",
                       "rebuild it with `kg build`, or check that the extension matches the content") from None
    if len(graph) == 0:
        raise BadInput(f"{path} contains no triples",
                       "rebuild it with `kg build`; an empty file is not a graph to validate")
    return graph


def _parse(data: bytes, fmt: str, path: Path) -> Graph:
    # rdflib logs parser complaints (bad literals) as warnings and keeps
    # going; they would clutter the CLI output, and the shapes report the
    # resulting ill-typed literals anyway.
    rdflib_log = logging.getLogger("rdflib")
    level = rdflib_log.level
    rdflib_log.setLevel(logging.ERROR)
    try:
        base = path.resolve().as_uri()
        if fmt in _QUAD_FORMATS:
            dataset = Dataset()
            dataset.parse(data=data, format=_PARSERS[fmt], publicID=base)
            graph = Graph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        return Graph().parse(data=data, format=_PARSERS[fmt], publicID=base)
    finally:
        rdflib_log.setLevel(level)
