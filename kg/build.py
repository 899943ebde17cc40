"""`kg build`: files and folders of German news texts -> graph files and the
HTML view.

In: paths, an output folder, options. Out: DIR/graph.ttl (always),
DIR/graph.{nt,jsonld,trig} on request, DIR/graph.html, optionally an
Oxigraph store; every file written atomically. Returns a BuildResult the CLI
prints.

Speed: the documents are extracted in worker processes (`jobs`), which also
turn each into its share of the graph (a kg.rdf Fragment) and of the view
(a kg.viewdata ViewPiece); each Fragment is kept in DIR/.kg-cache
(kg.cache), so a rebuild re-extracts only what changed, with a spare worker
that starts loading the models at once. This process merges the Fragments
as they arrive (into the graph of input order), as plain tuples without an
rdflib Graph, writes N-Triples, Turtle and TriG itself, and joins the pieces
of the view with the layout of the last build. BuildResult.stages says where the time
went."""
from __future__ import annotations

import gc
import os
import pickle
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ContextManager

from .document import Problem, discover, read_document, unique_slugs
from .errors import BadInput, KgError
from .files import atomic_write, ensure_writable_dir, place, write_together, write_temp
from .lexicon import load_lexicon

FORMATS = {"ttl": ("turtle", "graph.ttl"), "nt": ("nt", "graph.nt"), "jsonld": ("json-ld", "graph.jsonld"),
           "trig": ("trig", "graph.trig")}
TRIG_GRAPH = "https://w3id.org/nkg/resource/graph"

# Below this many documents to extract a worker pool costs more than it saves.
_POOL_MIN_DOCS = 4
# prctl's request for a signal when the parent process dies (linux/prctl.h)
_PR_SET_PDEATHSIG = 1

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

def serialize(triples, fmt: str) -> bytes:
    """Turtle, N-Triples, JSON-LD or TriG (all triples in one named graph)
    of a kg.rdf.Triples or an rdflib Graph. kg writes N-Triples, Turtle and
    TriG itself, from plain tuples (faster than rdflib's writers, and than
    handing every term to Oxigraph's); rdflib writes JSON-LD."""
    from .rdf import Triples

    if fmt not in FORMATS:
        raise BadInput(f"unknown format {fmt!r}", f"choose from {', '.join(FORMATS)}")
    if not isinstance(triples, Triples):
        triples = Triples.from_graph(triples)
    if fmt == "nt":
        return triples.ntriples()
    if fmt == "jsonld":
        return triples.graph().serialize(format="json-ld", encoding="utf-8")
    return triples.turtle(graph=TRIG_GRAPH if fmt == "trig" else None)


# ---------------------------------------------------------------- extracting

_WORKER: dict = {}


def _init_worker(lexicon_dir, parent: int, cache_folder) -> None:
    import signal

    # Ctrl-C reaches the whole process group; the parent alone handles it and
    # winds the pool down
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)
    from .sentences import warm_up

    _WORKER["lex"] = _lexicon(lexicon_dir, cache_folder)
    warm_up()
    # forked from a build that paused the collector; extraction makes garbage
    # of its own, but the models need no scanning
    gc.freeze()
    gc.enable()


def _die_with(parent: int) -> None:
    """End this worker when the build that started it dies. A build killed
    outright cannot stop its pool, and its workers would wait for work
    forever, holding the build's output pipes open (Linux only: elsewhere
    they end with the pool's next message)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:   # it died before the request was in place
        os._exit(1)


def _worker_args(lexicon_dir, cache_folder) -> tuple:
    return str(lexicon_dir) if lexicon_dir else None, os.getpid(), str(cache_folder) if cache_folder else None


def _lexicon(lexicon_dir, cache_folder, key: str | None = None):
    """The lexicon, from the cache folder's copy when there is one (see
    kg.cache.cached_lexicon)."""
    if cache_folder is None:
        return load_lexicon(Path(lexicon_dir) if lexicon_dir else None)
    from .cache import cached_lexicon

    return cached_lexicon(Path(cache_folder), Path(lexicon_dir) if lexicon_dir else None, key)


def _load_models() -> None:
    """Load spaCy and HanTa here. Their imports probe optional modules with
    catch-all excepts, which swallowed a Ctrl-C or SIGTERM arriving then (the
    build went on, or died of a bare SIGINT): signals wait until the models
    are in."""
    from .files import signals_held
    from .sentences import warm_up

    with signals_held():
        warm_up()


def _extract_chunk(docs: list, lex=None, pickled: bool = True) -> tuple[list, dict[str, float], int]:
    """Extract documents and turn each into its graph Fragment; returns the
    Fragments (pickled where they travel back to the parent, which then
    stores the same bytes in the cache), the seconds per stage and the
    number of tokens."""
    from dataclasses import replace

    from . import sentences
    from .pipeline import extract
    from .rdf import emit
    from .viewdata import piece

    lex = lex or _WORKER["lex"]
    before = dict(sentences.STAGE_SECONDS)
    tokens_before = sentences.TOKENS[0]
    started = time.perf_counter()
    emitting = 0.0
    out = []
    for doc in docs:
        ex = extract(doc, lex)
        began = time.perf_counter()
        fragment = emit(ex, lex)
        fragment = replace(fragment, view=piece(fragment))
        out.append(pickle.dumps(fragment, protocol=pickle.HIGHEST_PROTOCOL) if pickled else fragment)
        emitting += time.perf_counter() - began
    total = time.perf_counter() - started
    stages = {k: sentences.STAGE_SECONDS[k] - before[k] for k in before}
    stages["matching"] = total - emitting - sum(stages.values())
    stages["graph"] = emitting
    return out, stages, sentences.TOKENS[0] - tokens_before


def _pool_context():
    import multiprocessing

    # fork hands every worker the models the parent has just loaded; where
    # there is no fork (Windows, and macOS by default) each worker loads them
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else methods[0])


class _Extractor:
    """Extracts documents in worker processes (or here, for jobs=1 or a
    handful of documents) and hands each one's Fragment to `on_result(index,
    fragment, pickled bytes or None)` as it arrives, in any order."""

    def __init__(self, lexicon_dir, cache_folder, jobs: int, clock: _Clock, on_result, bar, *, expected: int,
                 busy_parent: bool, spare: "_SpareWorker | None" = None):
        self.lexicon_dir, self.clock, self.on_result, self.bar = lexicon_dir, clock, on_result, bar
        self.lex = None   # the parent's lexicon, for the documents extracted here
        self.tokens = 0
        self.workers = 1
        self.pool = None
        self.pending: dict = {}
        self.serial: list = []
        if spare is not None and 0 < expected < 2 * jobs:
            # a few documents: the worker that has been loading its models
            # since the build started is done with them sooner than any other
            self.chunk = 1
            self.pool = spare.take()
            return
        # a pool pays when there are several documents, or when this process
        # has cached documents to assemble meanwhile
        if jobs > 1 and (expected >= _POOL_MIN_DOCS or (expected and busy_parent)):
            self.workers = min(jobs, expected)
            self.chunk = max(1, min(16, expected // (self.workers * 8)))
            if expected >= 2 * self.workers:
                # forked workers inherit the loaded models; for one or two
                # documents each worker loads its own while this process works
                with clock("loading"):
                    _load_models()
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=_pool_context(),
                                            initializer=_init_worker,
                                            initargs=_worker_args(lexicon_dir, cache_folder))

    def submit(self, items: list) -> None:
        """items: (index, Document) pairs."""
        if self.pool is None:
            self.serial += items
            return
        for start in range(0, len(items), self.chunk):
            part = items[start:start + self.chunk]
            future = self.pool.submit(_extract_chunk, [doc for _, doc in part])
            self.pending[future] = [i for i, _ in part]

    def poll(self, block: bool) -> None:
        if not self.pending:
            return
        from concurrent.futures import FIRST_COMPLETED, wait

        done, _ = wait(self.pending, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        for future in done:
            indices = self.pending.pop(future)
            blobs, stages, n = future.result()
            self._count(stages, n, len(blobs))
            for i, blob in zip(indices, blobs):
                self.on_result(i, pickle.loads(blob), blob)

    def drain(self) -> None:
        if self.serial:
            with self.clock("loading"):
                _load_models()
        while self.serial:
            i, doc = self.serial.pop(0)
            (ex,), stages, n = _extract_chunk([doc], self.lex, pickled=False)
            self._count(stages, n, 1)
            self.on_result(i, ex, None)
        while self.pending:
            self.poll(block=True)

    def _count(self, stages: dict[str, float], tokens: int, docs: int) -> None:
        for k, v in stages.items():
            self.clock.add(k, v)
        self.tokens += tokens
        if self.bar is not None:
            self.bar.update(docs)

    def close(self, failed: bool) -> None:
        if self.pool is None:
            return
        if not failed:
            self.pool.shutdown(wait=True)
            return
        # A worker killed while sending its result leaves half a message in
        # the pipe, and the pool's own shutdown then waits for the rest forever.
        _stop_pool(self.pool)


@contextmanager
def _nothing():
    yield


def _ready() -> None:
    """The first task of a spare worker: it has only to start."""


class _SpareWorker:
    """A worker process that starts loading the models as a rebuild starts,
    before the documents have been read and compared with the cache: a
    rebuild after a few documents changed then finds it ready. The models
    take about a second to load, as long as the rest of such a rebuild.
    Stopped unless the build takes it."""

    def __init__(self, lexicon_dir, cache_folder: Path):
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=_pool_context(), initializer=_init_worker,
                                        initargs=_worker_args(lexicon_dir, cache_folder))
        self.pool.submit(_ready)

    @classmethod
    def for_rebuild(cls, out_dir, cache_dir, jobs: int, lexicon_dir) -> "_SpareWorker | None":
        """One when this looks like a rebuild: jobs > 1 and the cache holds entries."""
        from .cache import FOLDER, has_entries

        folder = Path(cache_dir) if cache_dir else Path(out_dir) / FOLDER
        if jobs < 2 or not has_entries(folder):
            return None
        try:
            return cls(lexicon_dir, folder)
        except OSError:
            return None   # no process to spare: the build starts its workers when it needs them

    def take(self):
        pool, self.pool = self.pool, None
        return pool

    def release(self) -> None:
        """Stop it, unless the build took it."""
        if self.pool is not None:
            # it may be deep in loading spaCy: waiting for it would cost the build that second
            _stop_pool(self.pool)
            self.pool = None


def _stop_pool(pool) -> None:
    """Shut a process pool down without waiting for its workers: they are
    terminated."""
    # taken first: shutdown forgets them
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
        process.join()


# Below this size serializing takes less than forking costs.
_FORK_MIN_TRIPLES = 20_000


def _serialize_elsewhere(graph, targets: dict[str, Path]) -> Callable[[], dict[str, str]] | None:
    """Start writing `graph` in each format to a temporary file beside its
    target (format -> path) in a forked process; the returned function waits
    and gives format -> temporary file, for kg.files.place. A format the
    child could not write is missing from the dict (and is then written
    here)."""
    if not hasattr(os, "fork"):
        return None
    import multiprocessing

    parent_end, child_end = multiprocessing.get_context("fork").Pipe(duplex=False)
    owner = os.getpid()

    def work() -> None:
        parent_end.close()
        try:
            for fmt, target in targets.items():
                # the file, not its bytes: 19 MB through the pipe, and written
                # again here, were a tenth of a rebuild
                child_end.send((fmt, write_temp(target, serialize(graph, fmt), owner=owner)))
        except BaseException:  # noqa: BLE001 - the parent writes what is missing
            pass
        finally:
            child_end.close()

    process = multiprocessing.get_context("fork").Process(target=work, daemon=True)
    try:
        process.start()
    except OSError:
        return None
    child_end.close()

    def collect() -> dict[str, str]:
        out: dict[str, str] = {}
        done = False
        try:
            while len(out) < len(targets):
                fmt, tmp = parent_end.recv()
                out[fmt] = tmp
            done = True
        except (EOFError, OSError):
            done = True
        finally:
            parent_end.close()
            process.join()
            if not done:   # interrupted: the files will not be placed
                for tmp in out.values():
                    Path(tmp).unlink(missing_ok=True)
        return out

    return collect


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
    # The build holds millions of long-lived tuples and strings and makes no
    # cycles worth collecting: the collector's passes over them took a third
    # of the parent's time in a rebuild from the cache.
    collecting = gc.isenabled()
    gc.disable()
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    spare = _SpareWorker.for_rebuild(out_dir, cache_dir, jobs, lexicon_dir) if cache else None
    try:
        return _build(paths, out_dir, formats=formats, html=html, store=store, lexicon_dir=lexicon_dir, log=log,
                      jobs=jobs, cache=cache, cache_dir=cache_dir, progress=progress, spare=spare)
    finally:
        if spare is not None:
            spare.release()
        if collecting:
            gc.enable()


def _build(paths: list, out_dir, *, formats: tuple[str, ...], html: bool, store, lexicon_dir,
           log: Callable[[str], None] | None, jobs: int, cache: bool, cache_dir, progress: Progress | None,
           spare: _SpareWorker | None) -> BuildResult:
    started = time.perf_counter()
    clock = _Clock()
    out_dir = ensure_writable_dir(Path(out_dir))
    for f in formats:
        if f not in FORMATS:
            raise BadInput(f"unknown format {f!r}", f"choose from {', '.join(FORMATS)}")
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

    fragments: list = [None] * len(docs)
    keys: list[str] = []
    store_cache = None
    cached: set[int] = set()
    if cache:
        from .cache import FOLDER, LAYOUT, FragmentCache, fingerprint

        with clock("cache"):
            store_cache = FragmentCache(Path(cache_dir) if cache_dir else out_dir / FOLDER,
                                        fingerprint(lexicon_dir))
            keys = [store_cache.key(doc) for doc in docs]
            present = store_cache.present()
            cached = {i for i, key in enumerate(keys) if key in present}
    todo = [i for i in range(len(docs)) if i not in cached]

    from .rdf import Merger

    # each document is merged as it comes, while the workers extract the rest
    merger = Merger()

    def merge(i: int, fragment) -> None:
        fragments[i] = fragment
        with clock("graph"):
            merger.add(fragment, i)

    def arrived(i: int, fragment, blob: bytes | None) -> None:
        if store_cache is not None:
            store_cache.put(keys[i], blob if blob is not None else fragment)
        merge(i, fragment)

    bar = progress(len(todo)) if progress and todo else None
    failed = True
    with bar if bar is not None else _nothing():
        # the workers start on the new documents first; this process
        # meanwhile takes the others from the cache
        cache_folder = store_cache.folder if store_cache is not None else None
        extractor = _Extractor(lexicon_dir, cache_folder, jobs, clock, arrived, bar, expected=len(todo),
                               busy_parent=len(cached) >= _POOL_MIN_DOCS, spare=spare)
        if spare is not None:
            spare.release()   # one not taken would keep its models in memory for the whole build
        try:
            extractor.submit([(i, docs[i]) for i in todo])
            # read while the workers load their models: a lexicon that cannot
            # be read stops the build here, with its own message
            with clock("reading"):
                extractor.lex = _lexicon(lexicon_dir, cache_folder,
                                         store_cache.fingerprint if store_cache is not None else None)
            late = []
            for i in sorted(cached):
                with clock("cache"):
                    fragment = store_cache.get(keys[i], docs[i])
                if fragment is None:
                    late.append((i, docs[i]))   # damaged: extract it after all
                    continue
                merge(i, fragment)
                extractor.poll(block=False)
            extractor.submit(late)
            extractor.drain()
            failed = False
        finally:
            extractor.close(failed)
            if store_cache is not None:
                with clock("cache"):
                    store_cache.close()
    result.tokens, result.jobs = extractor.tokens, extractor.workers
    result.extracted = len(todo) + len(late)
    if store_cache is not None:
        with clock("cache"):
            store_cache.prune(set(keys))
        for e in store_cache.errors:
            say(f"warning: {e}")
    with clock("graph"):
        graph = merger.result()
    result.documents = len(fragments)
    result.triples = len(graph)
    counts: dict[str, int] = {}
    for fragment in fragments:
        for name, n in fragment.counts:
            counts[name] = counts.get(name, 0) + n
    counts["meetings"] = len({m for fragment in fragments for m in fragment.meetings})
    result.counts = counts
    parts = None
    if html:
        from .viewdata import assemble

        # before the fork below: reading the merged graph after it would copy
        # every memory page it touches (a quarter of a second at N=1000)
        with clock("html"):
            parts = assemble([fragment.view for fragment in fragments], graph, merger.fallback_evidence)
    fragments.clear()   # the merged graph and the view's parts hold what is still needed
    # the graph files and the view replace the previous ones together or not at all
    fmts = ("ttl", *[f for f in formats if f != "ttl"])
    # a large graph's files are serialized in a forked process while this
    # one draws the view: the two take about as long, and there are two cores
    targets = {fmt: out_dir / FORMATS[fmt][1] for fmt in fmts}
    background = _serialize_elsewhere(graph, targets) if html and jobs > 1 and len(graph) >= _FORK_MIN_TRIPLES \
        else None
    with write_together():
        if background is None:
            with clock("writing"):
                for fmt, target in targets.items():
                    atomic_write(target, serialize(graph, fmt))
                    result.files.append(target)
        if html:
            with clock("html"):
                from .view import write_html

                target = out_dir / "graph.html"
                write_html(None, target, parts=parts,
                           layout=store_cache.folder / LAYOUT if store_cache is not None else None)
                result.files.append(target)
        if background is not None:
            with clock("writing"):
                written = background()
                for n, (fmt, target) in enumerate(targets.items()):
                    if fmt in written:
                        place(written[fmt], target)
                    else:
                        atomic_write(target, serialize(graph, fmt))
                    result.files.insert(n, target)
    if store is not None:
        with clock("store"):
            from .store import write_store

            # Oxigraph reads the Turtle just written faster than any copy of the graph could be handed over
            write_store(out_dir / FORMATS["ttl"][1], Path(store))
            result.files.append(Path(store))
    result.stages = clock.seconds
    result.seconds = time.perf_counter() - started
    return result
