"""Oxigraph stores and SPARQL endpoints for kg graphs.

In: graph files (format by extension: .ttl .nt .jsonld .trig .nq .rdf .xml;
the graphs of a TriG or N-Quads file are read as one) or an rdflib Graph.
Out:

- `read_graph(files)`: one rdflib Graph, parsed by Oxigraph's parsers;
- `memory_store(files)`: an in-memory pyoxigraph Store;
- `write_store(source, store_dir)`: an on-disk Oxigraph store holding the
  graph, swapped in whole for the previous one (`kg build --store`);
- `open_store(store_dir)`: such a store, opened read-only (`kg query --store`);
- `serve(...)`: the Oxigraph server (from the `oxigraph` package) on
  127.0.0.1 as a read-only SPARQL 1.1 Protocol endpoint, until interrupted;
- `split_by_document(graph)` and `push(source, endpoint)`: the graph cut into
  one named graph per document plus a shared one, each PUT to a SPARQL 1.1
  Graph Store HTTP Protocol endpoint.

Every failure a user can cause raises BadInput.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from .errors import BadInput

# The formats kg reads; pyoxigraph's own guess would also take .txt as N-Triples.
_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD", ".trig": "TRIG", ".nq": "N_QUADS",
            ".rdf": "RDF_XML", ".xml": "RDF_XML"}


def rdf_format(path):
    """The pyoxigraph RdfFormat of a graph file, from its extension."""
    import pyoxigraph as ox

    path = Path(path)
    name = _FORMATS.get(path.suffix.lower())
    if name is None:
        raise BadInput(f"cannot tell the RDF format of {path} from its extension",
                       f"name the file with one of {' '.join(_FORMATS)}")
    return getattr(ox.RdfFormat, name)


def _existing_file(path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise BadInput(f"graph file {path} does not exist" if not path.exists() else f"{path} is not a file",
                       "give the path of a graph file such as out/graph.ttl (build it with `kg build`)")
    return path


def _parse_error(path: Path, fmt, exc: Exception) -> BadInput:
    detail = " ".join(str(exc).split())[:300] or type(exc).__name__
    return BadInput(f"{path} is not valid {fmt.name}: {detail}",
                    "rebuild it with `kg build`, or check that the extension matches the content")


def rdflib_converter():
    """A function turning pyoxigraph terms into rdflib terms.

    Oxigraph gives every plain literal the datatype xsd:string; rdflib
    treats "x" and "x"^^xsd:string as different terms, so that datatype is
    dropped to keep both engines' answers comparable."""
    import pyoxigraph as ox
    from rdflib import BNode, Literal, URIRef

    xsd_string = "http://www.w3.org/2001/XMLSchema#string"

    def convert(term):
        if term is None:
            return None
        kind = type(term)
        if kind is ox.NamedNode:
            return URIRef(term.value)
        if kind is ox.Literal:
            if term.language:
                return Literal(term.value, lang=term.language)
            datatype = term.datatype.value
            return Literal(term.value, datatype=None if datatype == xsd_string else URIRef(datatype))
        if kind is ox.BlankNode:
            return BNode(term.value)
        raise BadInput(f"kg cannot handle the term {term}", "RDF-star triples are not supported")

    return convert


def read_graph(files):
    """One rdflib Graph holding the triples of all `files` (named graphs merged)."""
    import pyoxigraph as ox
    from rdflib import Graph

    graph = Graph()
    convert = rdflib_converter()
    for path in map(_existing_file, files):
        fmt = rdf_format(path)
        try:
            quads = ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri(), rename_blank_nodes=True)
            graph.addN((convert(q.subject), convert(q.predicate), convert(q.object), graph) for q in quads)
        except (SyntaxError, ValueError) as exc:
            raise _parse_error(path, fmt, exc) from None
    return graph


def memory_store(files):
    """An in-memory Oxigraph store of `files`; quads keep their named graph."""
    import pyoxigraph as ox

    store = ox.Store()
    for path in map(_existing_file, files):
        fmt = rdf_format(path)
        try:
            store.load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
        except (SyntaxError, ValueError) as exc:
            raise _parse_error(path, fmt, exc) from None
    return store


# ------------------------------------------------------------ on-disk stores

def _is_store(folder: Path) -> bool:
    # RocksDB's own bookkeeping files; nothing else writes both.
    return (folder / "CURRENT").is_file() and any(folder.glob("MANIFEST-*"))


def _check_replaceable(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"{folder} is a file, not a store folder", "choose a folder for --store")
    if folder.is_dir() and any(folder.iterdir()) and not _is_store(folder):
        raise BadInput(f"{folder} is neither empty nor an Oxigraph store; kg will not replace it",
                       "choose a new or empty folder for --store")


def write_store(source, store_dir) -> Path:
    """Write `source` (an rdflib Graph, a graph file, or a list of graph files)
    into an Oxigraph store at `store_dir`.

    The store is bulk-loaded in a sibling folder and then renamed over the
    old one, so a failed load leaves the previous store as it was and a
    rebuild never mixes old and new triples."""
    import pyoxigraph as ox
    from rdflib import Graph

    store_dir = Path(store_dir)
    _check_replaceable(store_dir)
    files = [] if isinstance(source, Graph) else [source] if isinstance(source, (str, Path)) else list(source)
    files = [_existing_file(f) for f in files]
    formats = [rdf_format(f) for f in files]
    try:
        store_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{store_dir.name}.", suffix=".tmp", dir=store_dir.parent))
    except OSError as exc:
        raise BadInput(f"cannot write the store {store_dir}: {exc.strerror or exc}",
                       "choose another --store folder or fix its permissions") from None
    try:
        store = ox.Store(str(tmp))
        if isinstance(source, Graph):
            store.bulk_load(source.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
        for path, fmt in zip(files, formats):
            try:
                store.bulk_load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
            except (SyntaxError, ValueError) as exc:
                raise _parse_error(path, fmt, exc) from None
        store.flush()
        del store  # closes RocksDB before the folder moves
        _swap_in(tmp, store_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return store_dir


def _swap_in(new: Path, target: Path) -> None:
    if not target.exists():
        os.replace(new, target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _require_store(store_dir) -> Path:
    store_dir = Path(store_dir)
    if not store_dir.is_dir() or not _is_store(store_dir):
        raise BadInput(f"there is no Oxigraph store at {store_dir}",
                       "create one with `kg build … --store DIR`, or query graph files with --graph")
    return store_dir


def open_store(store_dir):
    """The store at `store_dir`, read-only (several readers may share it)."""
    import pyoxigraph as ox

    store_dir = _require_store(store_dir)
    try:
        return ox.Store.read_only(str(store_dir))
    except OSError as exc:
        raise BadInput(f"cannot open the store {store_dir}: {exc}",
                       "check that it was written by `kg build --store`") from None


# ------------------------------------------------------------------ serving

def oxigraph_binary() -> str:
    """The `oxigraph` server program: beside this Python first, then on PATH."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    exe = shutil.which("oxigraph", path=search)
    if exe is None:
        raise BadInput("the Oxigraph server program `oxigraph` is not installed",
                       "install it into kg's environment: pip install oxigraph")
    return exe


def _check_port_free(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # The server sets SO_REUSEADDR too, so lingering TIME_WAIT
        # connections do not count as "in use".
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise BadInput(f"port {port} on 127.0.0.1 is in use", "choose another with --port") from None


def _wait_until_listening(proc: subprocess.Popen, port: int, errlog, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            errlog.seek(0)
            detail = " ".join(errlog.read().decode("utf-8", "replace").split())[:400]
            raise BadInput(f"the Oxigraph server stopped at once (exit {proc.returncode}): {detail}",
                           "check the store folder and the port")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise BadInput(f"the Oxigraph server did not listen on port {port} within {limit:.0f} s",
                   "try another --port")


def serve(*, graph_files=(), store_dir=None, port: int = 7878, announce=print) -> int:
    """Serve graph files or a store read-only on 127.0.0.1:`port` until
    Ctrl-C or SIGTERM. Graph files are first loaded into a temporary store.
    `announce` gets one line with the endpoint's URL once it answers."""
    if bool(graph_files) == (store_dir is not None):
        raise BadInput("serve needs graph files or a store, not both",
                       "pass --graph FILE (repeatable) or --store DIR")
    exe = oxigraph_binary()
    _check_port_free(port)
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as scratch:
        location = _require_store(store_dir) if store_dir is not None \
            else write_store(list(graph_files), Path(scratch) / "store")
        cmd = [exe, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}",
               "--union-default-graph"]
        # A plain SIGTERM would end Python without its finally blocks and
        # leave the server running; turning it into SystemExit stops it too.
        previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            with tempfile.TemporaryFile() as errlog:
                proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errlog)
                try:
                    _wait_until_listening(proc, port, errlog)
                    announce(f"SPARQL endpoint: http://127.0.0.1:{port}/query  (web UI at "
                             f"http://127.0.0.1:{port}/; Ctrl-C stops it)")
                    return proc.wait()
                except KeyboardInterrupt:
                    return 0
                finally:
                    if proc.poll() is None:
                        proc.terminate()
                        try:
                            proc.wait(10)
                        except subprocess.TimeoutExpired:
                            proc.kill()
                            proc.wait()
        finally:
            signal.signal(signal.SIGTERM, previous)


# ------------------------------------------------------------------ pushing

def graph_name(document) -> "URIRef":
    """The named graph of a document: nkr:graph/document/{slug}, or
    nkr:graph/shared for `None`."""
    from .namespaces import NKR

    if document is None:
        return NKR["graph/shared"]
    iri = str(document)
    prefix = str(NKR["document/"])
    slug = iri[len(prefix):] if iri.startswith(prefix) else hashlib.sha1(iri.encode()).hexdigest()[:16]
    return NKR[f"graph/document/{slug}"]


def split_by_document(graph) -> dict:
    """Named graph IRI -> rdflib Graph: one per document, then the shared one.

    A document's graph holds the document node, its mentions, every node
    whose evidence lies in that document only (positions, statements, and
    actors, issues or meetings seen in no other document), the evidence
    links of nodes seen in several documents to this document's mentions,
    and the rdf:type and rdfs:label of every node it refers to that lives
    elsewhere. Everything else (nodes seen in several documents, nodes
    without evidence such as roles, places and the negotiation) goes to the
    shared graph."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF, RDFS

    from .namespaces import NIF, NKG

    context = dict(graph.subject_objects(NIF.referenceContext))
    documents = set(graph.subjects(RDF.type, NKG.Document)) | set(context.values())
    seen_in = defaultdict(set)
    for node, mention in graph.subject_objects(NKG.evidence):
        if mention in context:
            seen_in[node].add(context[mention])

    def home(node):
        if node in documents:
            return node
        if node in context:
            return context[node]
        docs = seen_in.get(node, ())
        return next(iter(docs)) if len(docs) == 1 else None

    parts = {doc: Graph() for doc in sorted(documents)}
    shared = Graph()
    for s, p, o in graph:
        where = home(s)
        if where is None and p == NKG.evidence and o in context:
            where = context[o]
        (shared if where is None else parts[where]).add((s, p, o))
    for doc, part in parts.items():
        referenced = {n for n in part.all_nodes() if isinstance(n, URIRef)}
        for node in referenced:
            if home(node) != doc:
                for p in (RDF.type, RDFS.label):
                    for o in graph.objects(node, p):
                        part.add((node, p, o))
    named = {graph_name(doc): part for doc, part in parts.items()}
    named[graph_name(None)] = shared
    return named


def _graph_file(source) -> Path:
    source = Path(source)
    if source.is_dir():
        candidate = source / "graph.ttl"
        if not candidate.is_file():
            raise BadInput(f"there is no graph.ttl in {source}",
                           f"build one with `kg build … --out {source}`, or give the graph file itself")
        return candidate
    return _existing_file(source)


def push(source, endpoint: str, *, timeout: float = 60.0) -> list[tuple[str, int]]:
    """PUT each named graph of `split_by_document` to a Graph Store Protocol
    `endpoint` (Oxigraph: http://HOST:PORT/store). PUT replaces the named
    graph, so pushing a rebuilt graph replaces each document's triples; the
    graph of a document no longer in `source` is left alone. `source` is an
    rdflib Graph, a graph file or a `kg build` output folder. Returns
    (graph IRI, triple count) per graph pushed."""
    import urllib.error
    import urllib.parse
    import urllib.request

    from rdflib import Graph

    if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
        raise BadInput(f"{endpoint!r} is not an http(s) URL",
                       "pass the graph store URL, e.g. --endpoint http://127.0.0.1:7878/store")
    graph = source if isinstance(source, Graph) else read_graph([_graph_file(source)])
    pushed = []
    for name, part in split_by_document(graph).items():
        glue = "&" if "?" in endpoint else "?"
        url = f"{endpoint}{glue}graph={urllib.parse.quote(str(name), safe='')}"
        request = urllib.request.Request(url, data=part.serialize(format="nt", encoding="utf-8"), method="PUT",
                                         headers={"Content-Type": "application/n-triples"})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                pass
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
            raise BadInput(f"{endpoint} refused graph <{name}>: HTTP {exc.code} {detail}",
                           "pass the Graph Store Protocol URL (Oxigraph: http://HOST:PORT/store) "
                           "of a server that accepts writes") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise BadInput(f"cannot reach {endpoint}: {reason}",
                           "start the server first, e.g. `oxigraph serve --location DIR --bind 127.0.0.1:7878`") from None
        pushed.append((str(name), len(part)))
    return pushed
