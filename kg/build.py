"""`kg build`: files and folders of German news texts -> graph files and the
HTML view.

In: paths, an output folder, options. Out: DIR/graph.ttl (always),
DIR/graph.{nt,jsonld,trig} on request, DIR/graph.html, optionally an
Oxigraph store; every file written atomically. Returns a BuildResult the CLI
prints."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .document import Problem, discover, read_document, unique_slugs
from .errors import BadInput, KgError
from .files import atomic_write, ensure_writable_dir, write_together
from .lexicon import load_lexicon

FORMATS = {"ttl": ("turtle", "graph.ttl"), "nt": ("nt", "graph.nt"), "jsonld": ("json-ld", "graph.jsonld"),
           "trig": ("trig", "graph.trig")}


@dataclass
class BuildResult:
    out_dir: Path
    documents: int = 0
    triples: int = 0
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        facts = ", ".join(f"{v} {k}" for k, v in self.counts.items() if v)
        lines = [f"built {self.documents} document(s) in {self.seconds:.1f} s: {self.triples} triples"
                 + (f" ({facts})" if facts else "")]
        lines += [f"  wrote {p}" for p in self.files]
        refused = sum(1 for p in self.problems if p.fatal)
        if refused:
            lines.append(f"  {refused} input(s) refused, see the errors above")
        return "\n".join(lines)


def serialize(graph, fmt: str) -> bytes:
    """Turtle, N-Triples, JSON-LD or TriG (one named graph per document)."""
    if fmt == "trig":
        from rdflib import Dataset

        ds = Dataset()
        for prefix, ns in graph.namespaces():
            ds.bind(prefix, ns)
        ds.graph(graph.identifier if False else None)
        named = ds.graph(__import__("rdflib").URIRef("https://w3id.org/nkg/resource/graph"))
        for t in graph:
            named.add(t)
        return ds.serialize(format="trig", encoding="utf-8")
    return graph.serialize(format=FORMATS[fmt][0], encoding="utf-8")


def build(paths: list, out_dir, *, formats: tuple[str, ...] = (), html: bool = True, store=None,
          lexicon_dir=None, log: Callable[[str], None] | None = None) -> BuildResult:
    started = time.perf_counter()
    out_dir = ensure_writable_dir(Path(out_dir))
    for f in formats:
        if f not in FORMATS:
            raise BadInput(f"unknown format {f!r}", f"choose from {', '.join(FORMATS)}")
    lex = load_lexicon(Path(lexicon_dir) if lexicon_dir else None)
    files, problems = discover([Path(p) for p in paths])
    result = BuildResult(out_dir=out_dir, problems=problems)
    say = log or (lambda line: None)
    for p in problems:
        say(("warning: " if not p.fatal else "error: ") + str(p))

    from .pipeline import extract

    extractions = []
    for path, slug in zip(files, unique_slugs(files)):
        try:
            doc, warnings = read_document(path, slug)
        except KgError as exc:
            problem = Problem(str(path), exc.message + (f" ({exc.hint})" if exc.hint else ""))
            result.problems.append(problem)
            say(f"error: {problem}")
            continue
        for w in warnings:
            say(f"warning: {Problem(str(path), w, fatal=False)}")
        extractions.append(extract(doc, lex))
    if not extractions:
        refused = sum(1 for p in result.problems if p.fatal)
        # each refused input already had its own line through `log`
        reason = f"none of the inputs could be read ({refused} refused)" if refused else "no input files"
        raise BadInput(f"nothing could be built: {reason}", "give UTF-8 .txt files or folders holding them")

    from .rdf import build_graph

    graph = build_graph(extractions, lex)
    result.documents = len(extractions)
    result.triples = len(graph)
    result.counts = {
        "demands": sum(1 for e in extractions for p in e.positions if p.kind == "Demand"),
        "rejections": sum(1 for e in extractions for p in e.positions if p.kind == "Rejection"),
        "threats": sum(1 for e in extractions for p in e.positions if p.kind == "Threat"),
        "offers": sum(1 for e in extractions for p in e.positions if p.kind == "Offer"),
        "statements": sum(len(e.statements) for e in extractions),
        "meetings": len({(m.place, m.day) for e in extractions for m in e.meetings}),
    }
    # the graph files and the view replace the previous ones together or not at all
    with write_together():
        for fmt in ("ttl", *[f for f in formats if f != "ttl"]):
            target = out_dir / FORMATS[fmt][1]
            atomic_write(target, serialize(graph, fmt))
            result.files.append(target)
        if html:
            from .view import write_html

            target = out_dir / "graph.html"
            write_html(graph, target)
            result.files.append(target)
    if store is not None:
        from .store import write_store

        write_store(graph, Path(store))
        result.files.append(Path(store))
    result.seconds = time.perf_counter() - started
    return result
