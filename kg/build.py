"""`kg build`: files and folders of German news texts -> graph files and the
HTML view.

In: paths, an output folder, options. Out: DIR/graph.ttl (always),
DIR/graph.{nt,jsonld,trig} on request, DIR/graph.html, optionally an
Oxigraph store; every file written atomically. Returns a BuildResult the CLI
prints.

Speed: the documents are extracted in worker processes (`jobs`), each
document's Extraction is kept in DIR/.kg-cache (kg.cache) so a rebuild
re-extracts only what changed, the graph is assembled once in this process
and Oxigraph writes the Turtle, N-Triples and TriG files. BuildResult.stages
says where the time went."""
from __future__ import annotations

import os
import pickle
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ContextManager

from .document import Problem, discover, read_document, unique_slugs
from .errors import BadInput, KgError
from .files import atomic_write, ensure_writable_dir, write_together
from .lexicon import load_lexicon

FORMATS = {"ttl": ("turtle", "graph.ttl"), "nt": ("nt", "graph.nt"), "jsonld": ("json-ld", "graph.jsonld"),
           "trig": ("trig", "graph.trig")}
TRIG_GRAPH = "https://w3id.org/nkg/resource/graph"

# Below this many documents to extract a worker pool costs more than it saves.
_POOL_MIN_DOCS = 4

# A progress callback: called once with the number of documents to extract,
# it returns None (no bar) or a context manager whose update(n) is called as
# documents finish.
Progress = Callable[[int], "ContextManager | None"]


@dataclass
class BuildResult:
    out_dir: Path
    documents: int = 0
    triples: int = 0
    files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    # seconds per stage; the extraction stages are summed over the workers
    stages: dict[str, float] = field(default_factory=dict)
    tokens: int = 0
    extracted: int = 0      # documents extracted in this run; the others came from the cache
    jobs: int = 1           # worker processes used

    def summary(self) -> str:
        facts = ", ".join(f"{v} {k}" for k, v in self.counts.items() if v)
        cached = self.documents - self.extracted
        lines = [f"built {self.documents} document(s) in {self.seconds:.1f} s: {self.triples} triples"
                 + (f" ({facts})" if facts else "")]
        if cached:
            lines.append(f"  {cached} unchanged document(s) taken from the cache")
        lines += [f"  wrote {p}" for p in self.files]
        refused = sum(1 for p in self.problems if p.fatal)
        if refused:
            lines.append(f"  {refused} input(s) refused, see the errors above")
        return "\n".join(lines)


class _Clock:
    def __init__(self):
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(stage, time.perf_counter() - started)

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds


# ---------------------------------------------------------------- serializing

def _prefixes(graph) -> dict[str, str]:
    """The project's prefixes the graph binds (rdflib binds dozens more,
    which Oxigraph would all declare)."""
    from .namespaces import PREFIXES

    ours = {str(ns) for ns in PREFIXES.values()}
    return {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix and str(ns) in ours}


def _sorted_ntriples(graph) -> bytes:
    # sorted lines put each subject's triples together, so Oxigraph's
    # streaming Turtle writer lists every subject once, as rdflib does
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines()
    lines.sort()
    return b"\n".join(line for line in lines if line.strip()) + b"\n"


def serialize(graph, fmt: str) -> bytes:
    """Turtle, N-Triples, JSON-LD or TriG (all triples in one named graph).
    rdflib writes N-Triples quickly but Turtle slowly, so Turtle and TriG are
    N-Triples rewritten by Oxigraph; the graph is the same either way."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown format {fmt!r}", f"choose from {', '.join(FORMATS)}")
    if fmt == "jsonld":
        return graph.serialize(format="json-ld", encoding="utf-8")
    nt = _sorted_ntriples(graph)
    if fmt == "nt":
        return nt
    import pyoxigraph as ox

    try:
        triples = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
        if fmt == "trig":
            name = ox.NamedNode(TRIG_GRAPH)
            quads = (ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
            return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_prefixes(graph))
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_prefixes(graph))
    except (SyntaxError, ValueError):
        # a term rdflib accepts but N-Triples does not (an IRI with a space):
        # rdflib's own, slower writer copes
        pass
    if fmt == "trig":
        from rdflib import Dataset, URIRef

        ds = Dataset()
        for prefix, ns in graph.namespaces():
            ds.bind(prefix, ns)
        named = ds.graph(URIRef(TRIG_GRAPH))
        for t in graph:
            named.add(t)
        return ds.serialize(format="trig", encoding="utf-8")
    return graph.serialize(format="turtle", encoding="utf-8")


# ---------------------------------------------------------------- extracting

_WORKER: dict = {}


def _init_worker(lexicon_dir) -> None:
    import signal

    # Ctrl-C reaches the whole process group; the parent alone handles it and
    # winds the pool down
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .sentences import warm_up

    _WORKER["lex"] = load_lexicon(Path(lexicon_dir) if lexicon_dir else None)
    warm_up()


def _extract_chunk(docs: list, lex=None, pickled: bool = True) -> tuple[list, dict[str, float], int]:
    """Extract documents; returns the Extractions (pickled where they travel
    back to the parent, which then stores the same bytes in the cache), the
    seconds per stage and the number of tokens."""
    from . import sentences
    from .pipeline import extract

    lex = lex or _WORKER["lex"]
    before = dict(sentences.STAGE_SECONDS)
    tokens_before = sentences.TOKENS[0]
    started = time.perf_counter()
    out = []
    for doc in docs:
        ex = extract(doc, lex)
        out.append(pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL) if pickled else ex)
    total = time.perf_counter() - started
    stages = {k: sentences.STAGE_SECONDS[k] - before[k] for k in before}
    stages["matching"] = total - sum(stages.values())
    return out, stages, sentences.TOKENS[0] - tokens_before


def _pool_context():
    import multiprocessing

    # fork hands every worker the models the parent has just loaded; where
    # there is no fork (Windows, and macOS by default) each worker loads them
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else methods[0])


def _extract_all(docs: list, lex, lexicon_dir, jobs: int, clock: _Clock, progress: Progress | None,
                 on_result: Callable[[int, object, bytes | None], None]) -> tuple[int, int]:
    """Extract `docs`, calling on_result(index, extraction, pickled bytes or
    None) as each finishes. Returns (tokens, workers used)."""
    from .sentences import warm_up

    with clock("loading"):
        warm_up()
    tokens = 0
    bar = progress(len(docs)) if progress else None
    with bar if bar is not None else _nothing():
        if jobs <= 1 or len(docs) < _POOL_MIN_DOCS:
            for i, doc in enumerate(docs):
                (ex,), stages, n = _extract_chunk([doc], lex, pickled=False)
                _merge(clock, stages)
                tokens += n
                on_result(i, ex, None)
                if bar is not None:
                    bar.update(1)
            return tokens, 1
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        workers = min(jobs, len(docs))
        # chunks small enough to keep both the workers and the progress bar
        # busy, large enough that the hand-over costs little
        size = max(1, min(16, len(docs) // (workers * 8)))
        chunks = [(start, docs[start:start + size]) for start in range(0, len(docs), size)]
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(), initializer=_init_worker,
                                   initargs=(str(lexicon_dir) if lexicon_dir else None,))
        try:
            pending = {pool.submit(_extract_chunk, chunk): start for start, chunk in chunks}
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    start = pending.pop(future)
                    blobs, stages, n = future.result()
                    _merge(clock, stages)
                    tokens += n
                    for offset, blob in enumerate(blobs):
                        on_result(start + offset, pickle.loads(blob), blob)
                    if bar is not None:
                        bar.update(len(blobs))
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        return tokens, workers


@contextmanager
def _nothing():
    yield


def _merge(clock: _Clock, stages: dict[str, float]) -> None:
    for k, v in stages.items():
        clock.add(k, v)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------- building

def build(paths: list, out_dir, *, formats: tuple[str, ...] = (), html: bool = True, store=None,
          lexicon_dir=None, log: Callable[[str], None] | None = None, jobs: int | None = None,
          cache: bool = True, cache_dir=None, progress: Progress | None = None) -> BuildResult:
    """jobs: worker processes for the extraction (default: one per core).
    cache: keep each document's extraction in cache_dir (default
    DIR/.kg-cache) and reuse it while the document, the lexicon and the
    extraction code are unchanged. progress: see `Progress`."""
    started = time.perf_counter()
    clock = _Clock()
    out_dir = ensure_writable_dir(Path(out_dir))
    for f in formats:
        if f not in FORMATS:
            raise BadInput(f"unknown format {f!r}", f"choose from {', '.join(FORMATS)}")
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    lex = load_lexicon(Path(lexicon_dir) if lexicon_dir else None)
    files, problems = discover([Path(p) for p in paths])
    result = BuildResult(out_dir=out_dir, problems=problems)
    say = log or (lambda line: None)
    for p in problems:
        say(("warning: " if not p.fatal else "error: ") + str(p))

    docs = []
    with clock("reading"):
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
            docs.append(doc)
    if not docs:
        refused = sum(1 for p in result.problems if p.fatal)
        # each refused input already had its own line through `log`
        reason = f"none of the inputs could be read ({refused} refused)" if refused else "no input files"
        raise BadInput(f"nothing could be built: {reason}", "give UTF-8 .txt files or folders holding them")

    extractions: list = [None] * len(docs)
    keys: list[str] = []
    store_cache = None
    if cache:
        from .cache import FOLDER, ExtractionCache, fingerprint

        with clock("cache"):
            store_cache = ExtractionCache(Path(cache_dir) if cache_dir else out_dir / FOLDER,
                                          fingerprint(lexicon_dir))
            keys = [store_cache.key(doc) for doc in docs]
            for i, (doc, key) in enumerate(zip(docs, keys)):
                extractions[i] = store_cache.get(key, doc)
    todo = [i for i, ex in enumerate(extractions) if ex is None]

    from .rdf import GraphBuilder

    # the graph grows in document order while the workers extract the rest
    # (labels go to the first document that names a node)
    builder = GraphBuilder(lex)
    # rdflib's default store also indexes named graphs, which one graph does
    # not need: the simple one adds triples a third faster and gives the
    # same files and view
    from rdflib import Graph

    from .namespaces import bind_all

    builder.g = Graph(store="SimpleMemory")
    bind_all(builder.g)
    assembled = 0

    def assemble() -> None:
        nonlocal assembled
        with clock("graph"):
            while assembled < len(extractions) and extractions[assembled] is not None:
                builder.document(extractions[assembled])
                assembled += 1

    def done(j: int, ex, blob: bytes | None) -> None:
        i = todo[j]
        extractions[i] = ex
        if store_cache is not None:
            store_cache.put(keys[i], blob if blob is not None else ex)
        assemble()

    try:
        assemble()
        if todo:
            result.tokens, result.jobs = _extract_all([docs[i] for i in todo], lex, lexicon_dir, jobs, clock,
                                                      progress, done)
    finally:
        if store_cache is not None:
            with clock("cache"):
                store_cache.close()
    result.extracted = len(todo)
    if store_cache is not None:
        with clock("cache"):
            store_cache.prune(set(keys))
        for e in store_cache.errors:
            say(f"warning: {e}")
    assemble()
    graph = builder.g
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
        with clock("writing"):
            for fmt in ("ttl", *[f for f in formats if f != "ttl"]):
                target = out_dir / FORMATS[fmt][1]
                atomic_write(target, serialize(graph, fmt))
                result.files.append(target)
        if html:
            with clock("html"):
                from .view import write_html

                target = out_dir / "graph.html"
                write_html(graph, target)
                result.files.append(target)
    if store is not None:
        with clock("store"):
            from .store import write_store

            write_store(graph, Path(store))
            result.files.append(Path(store))
    result.stages = clock.seconds
    result.seconds = time.perf_counter() - started
    return result
