"""Running SPARQL queries, above all the competency queries in queries/.

In: a query (the path of a .rq file, or the name of a shipped one:
`disputes` -> queries/disputes.rq), the graph to run it on (graph files, or
an on-disk Oxigraph store written by `kg build --store`), parameters
`name -> value`, and an optional time limit. Out: a `Result` (columns and
rows of rdflib terms, an ASK answer, or CONSTRUCT triples) and `render()`,
which formats it as an aligned table, CSV, TSV, SPARQL 1.1 Query Results
JSON or Turtle.

Parameters are bound as RDF terms (rdflib `initBindings`, Oxigraph
`substitutions`), never pasted into the query text, so no value can change
the query. A value `<…>`, `http(s)://…` or `prefix:local` with a prefix of
kg.namespaces becomes an IRI; anything else a plain literal. The shipped
queries compare a literal with the STR() of a label, ignoring case, so the
language tag of the label does not matter. Oxigraph only substitutes
variables that the query SELECTs, so each query also selects its
parameters; those columns only echo the value passed and are dropped from
the Result.

A query file starts with `#` lines: the competency question, then
`# Columns: a, b, …` and `# Parameters: ?x = …; ?y = …`.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BadInput, KgError
from .namespaces import PREFIXES
from .resources import queries_dir

FORMATS = ("table", "csv", "tsv", "json", "ttl")
ENGINES = ("oxigraph", "rdflib")


class QueryTimeout(KgError):
    """A query that did not finish within the time it was given."""

    exit_code = 3


@dataclass(frozen=True)
class QueryFile:
    name: str
    path: Path
    text: str
    question: str
    columns: tuple[str, ...]
    parameters: tuple[str, ...]


@dataclass
class Result:
    """SELECT: `columns` and `rows` (tuples of rdflib terms, None where
    unbound). ASK: `boolean`. CONSTRUCT and DESCRIBE: `triples`."""

    columns: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple] | None = None

    @property
    def kind(self) -> str:
        if self.triples is not None:
            return "graph"
        return "boolean" if self.boolean is not None else "select"


# ------------------------------------------------------------ query files

def query_names() -> list[str]:
    return sorted(p.stem for p in queries_dir().glob("*.rq"))


def _header(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    question, columns, parameters = "", (), ()
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        key, _, rest = body.partition(":")
        if key.lower() == "columns":
            columns = tuple(c.strip() for c in rest.split(",") if c.strip())
        elif key.lower() == "parameters":
            parameters = tuple(re.findall(r"\?(\w+)", rest))
        elif not question:
            question = body
    return question, columns, parameters


def load_query(query: str | Path) -> QueryFile:
    """A .rq file by path, or a shipped query by name."""
    text = str(query)
    if text.endswith(".rq") or "/" in text or "\\" in text:
        path = Path(text)
        if not path.is_file():
            raise BadInput(f"query file {path} does not exist",
                           f"give an existing .rq file or one of: {', '.join(query_names())}")
    else:
        path = queries_dir() / f"{text}.rq"
        if not path.is_file():
            raise BadInput(f"there is no query named {text!r}",
                           f"choose one of: {', '.join(query_names())} (or give the path of a .rq file)")
    try:
        body = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read the query {path}: {exc}", "a query is a UTF-8 text file") from None
    return QueryFile(path.stem, path, body, *_header(body))


# ------------------------------------------------------------- parameters

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def to_term(value: str):
    """The RDF term a parameter value stands for (see the module docstring)."""
    from rdflib import Literal, URIRef

    iri = None
    if len(value) > 2 and value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    elif re.match(r"https?://", value):
        iri = value
    else:
        prefixed = re.fullmatch(r"([A-Za-z][\w.-]*):(\S*)", value)
        if prefixed and prefixed.group(1) in PREFIXES:
            iri = str(PREFIXES[prefixed.group(1)]) + prefixed.group(2)
    if iri is None:
        return Literal(value)
    if _IRI_FORBIDDEN.search(iri):
        raise BadInput(f"{value!r} looks like an IRI but contains characters an IRI cannot hold",
                       "write the IRI without spaces, quotes, braces or angle brackets inside")
    return URIRef(iri)


def parse_param_args(pairs) -> dict[str, str]:
    """`name=value` strings (as given to --param) -> {name: value}."""
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"\w+", name):
            raise BadInput(f"--param {pair!r} is not name=value", "write e.g. --param actor=Russland")
        params[name] = value
    return params


def _bindings(qf: QueryFile, params: dict[str, str]) -> dict:
    if qf.parameters:
        unknown = sorted(set(params) - set(qf.parameters))
        if unknown:
            raise BadInput(f"query {qf.name} has no parameter {', '.join(unknown)}",
                           f"it takes: {', '.join(qf.parameters)}")
    return {name: to_term(value) for name, value in params.items()}


# ------------------------------------------------------------------ engines

_OX_ERROR_AT = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)


def _syntax_error(qf: QueryFile, line, column, detail: str) -> BadInput:
    where = f" at line {line}, column {column}" if line else ""
    detail = " ".join(detail.split())
    if "Prefix not found" in detail:
        # Oxigraph buries this among the dozens of tokens it expected.
        detail = "a prefix is used without a PREFIX declaration"
    if len(detail) > 240:
        detail = detail[:240] + "…"
    return BadInput(f"syntax error in query {qf.path.name}{where}: {detail}",
                    "fix the query; kg runs SPARQL 1.1")


def _ox_term(term):
    import pyoxigraph as ox
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise BadInput(f"cannot bind {term!r}", "pass an IRI or a text value")


def _run_oxigraph(store, qf: QueryFile, bindings: dict) -> Result:
    import pyoxigraph as ox

    from .store import rdflib_converter

    substitutions = {ox.Variable(k): _ox_term(v) for k, v in bindings.items()} or None
    # Quads from .trig/.nq files sit in named graphs; the queries ask the
    # default graph, so it is the union where there are named graphs.
    union = next(iter(store.named_graphs()), None) is not None
    try:
        answer = store.query(qf.text, substitutions=substitutions, use_default_graph_as_union=union)
    except SyntaxError as exc:
        match = _OX_ERROR_AT.match(str(exc))
        if match:
            raise _syntax_error(qf, match.group(1), match.group(2), match.group(3)) from None
        raise _syntax_error(qf, None, None, str(exc)) from None
    except (RuntimeError, ValueError) as exc:
        raise BadInput(f"cannot run query {qf.name}: {exc}",
                       "a parameter must be a variable the query SELECTs") from None
    convert = rdflib_converter()
    if isinstance(answer, ox.QueryBoolean):
        return Result(boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        columns = [v.value for v in answer.variables]
        return Result(columns, [tuple(map(convert, solution)) for solution in answer])
    return Result(triples=[(convert(t.subject), convert(t.predicate), convert(t.object)) for t in answer])


@functools.lru_cache(maxsize=32)
def _rdflib_parsed(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def _prepare_rdflib(qf: QueryFile):
    try:
        return _rdflib_parsed(qf.text)
    except Exception as exc:  # pyparsing errors carry a position; rdflib's own errors do not
        raise _syntax_error(qf, getattr(exc, "lineno", None), getattr(exc, "col", None),
                            getattr(exc, "msg", None) or str(exc)) from None


def _run_rdflib(graph, qf: QueryFile, bindings: dict) -> Result:
    answer = graph.query(_prepare_rdflib(qf), initBindings=bindings)
    if answer.type == "ASK":
        return Result(boolean=bool(answer.askAnswer))
    if answer.type == "SELECT":
        return Result([str(v) for v in answer.vars], [tuple(row) for row in answer])
    return Result(triples=list(answer.graph))


def _open(graph_files, store, engine):
    from . import store as stores

    if engine == "rdflib":
        if store is not None:
            raise BadInput("the rdflib engine reads graph files, not stores", "pass --graph FILE")
        return stores.read_graph(graph_files)
    if store is None:
        return stores.memory_store(graph_files)
    return store if not isinstance(store, (str, Path)) else stores.open_store(store)


def _execute(target, qf: QueryFile, bindings: dict, engine: str) -> Result:
    return (_run_rdflib if engine == "rdflib" else _run_oxigraph)(target, qf, bindings)


def _check(qf: QueryFile, bindings: dict, engine: str) -> None:
    """Syntax and parameter errors, found before any graph is loaded."""
    if engine == "rdflib":
        _prepare_rdflib(qf)
    else:
        import pyoxigraph as ox

        _run_oxigraph(ox.Store(), qf, bindings)


# ------------------------------------------------------------- time limits

def _worker(conn, qf: QueryFile, graph_files, store, bindings, engine) -> None:
    try:
        target = _open(graph_files, store, engine)
        conn.send(("loaded", None))
        conn.send(("done", _execute(target, qf, bindings, engine)))
    except KgError as exc:
        conn.send(("error", (type(exc) is BadInput, exc.message, exc.hint)))
    except Exception as exc:  # reported to the parent, which owns the user's terminal
        conn.send(("error", (False, f"query {qf.name} failed: {type(exc).__name__}: {exc}", "")))
    finally:
        conn.close()


def _receive(conn, qf: QueryFile, timeout):
    if not conn.poll(timeout):
        return None
    try:
        return conn.recv()
    except EOFError:
        raise KgError(f"the process running query {qf.name} died",
                      "it may have run out of memory; narrow the query with --param or a LIMIT") from None


def _execute_with_timeout(qf, graph_files, store, bindings, engine, timeout: float) -> Result:
    """Run in a child process, the only way to stop an rdflib or pyoxigraph
    query midway. The clock starts once the graph is loaded."""
    import multiprocessing

    if store is not None and not isinstance(store, (str, Path)):
        raise BadInput("a time limit needs a store folder, not an open store", "pass the store's path")
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_worker, args=(sender, qf, tuple(graph_files), store, bindings, engine),
                              daemon=True)
    process.start()
    sender.close()
    try:
        message = _receive(receiver, qf, None)
        if message[0] == "loaded":
            message = _receive(receiver, qf, timeout)
        if message is None:
            raise QueryTimeout(f"query {qf.name} did not finish within {timeout:g} s and was stopped",
                               "narrow it with --param or a LIMIT, or allow more time with --timeout")
        status, payload = message
        if status == "error":
            is_bad_input, text, hint = payload
            raise (BadInput if is_bad_input else KgError)(text, hint)
        return payload
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()


def run_query(query: str | Path, *, graph_files=(), store=None, params: dict[str, str] | None = None,
              timeout: float | None = None, engine: str = "oxigraph") -> Result:
    """Run `query` on graph files (loaded into memory) or an Oxigraph store.

    `store` is a store folder, or an open pyoxigraph Store. `engine`
    "rdflib" runs graph files on rdflib's memory store instead, for
    comparison. `timeout` limits the query itself, in seconds, not the
    loading of the graph; QueryTimeout when it runs out."""
    if engine not in ENGINES:
        raise BadInput(f"unknown engine {engine!r}", f"use one of {', '.join(ENGINES)}")
    graph_files = tuple(graph_files or ())
    if bool(graph_files) == (store is not None):
        raise BadInput("a query needs graph files or a store, not both" if graph_files else
                       "a query needs a graph to run on",
                       "pass --graph FILE (repeatable) or --store DIR")
    if timeout is not None and timeout <= 0:
        raise BadInput(f"--timeout must be positive, not {timeout:g}", "give the limit in seconds, e.g. 30")
    qf = load_query(query)
    bindings = _bindings(qf, params or {})
    _check(qf, bindings, engine)
    if timeout is None:
        result = _execute(_open(graph_files, store, engine), qf, bindings, engine)
    else:
        result = _execute_with_timeout(qf, graph_files, store, bindings, engine, timeout)
    return _drop_parameter_columns(result, qf)


def _drop_parameter_columns(result: Result, qf: QueryFile) -> Result:
    keep = [i for i, column in enumerate(result.columns) if column not in qf.parameters]
    if result.kind != "select" or len(keep) == len(result.columns):
        return result
    return Result([result.columns[i] for i in keep], [tuple(row[i] for i in keep) for row in result.rows])


# --------------------------------------------------------------- rendering

def default_format(result: Result, terminal: bool) -> str:
    if result.kind == "graph":
        return "ttl"
    return "table" if terminal else "csv"


@functools.cache
def _namespaces() -> list[tuple[str, str]]:
    # Longest namespace first: nkr: and nkg: share the w3id.org/nkg/ stem.
    return sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda item: -len(item[1]))


def _compact(term) -> str:
    from rdflib import URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, ns in _namespaces():
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns):]}"
        return text
    return str(term) if not _is_bnode(term) else f"_:{term}"


def _is_bnode(term) -> bool:
    from rdflib import BNode

    return isinstance(term, BNode)


def _plain(term) -> str:
    """SPARQL 1.1 CSV: IRIs and literals bare, blank nodes as _:id."""
    if term is None:
        return ""
    return f"_:{term}" if _is_bnode(term) else str(term)


def _nt(term) -> str:
    """SPARQL 1.1 TSV: terms in N-Triples syntax."""
    from rdflib import Literal, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = (str(term).replace("\\", "\\\\").replace('"', '\\"')
                .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
        if term.language:
            return f'"{text}"@{term.language}'
        return f'"{text}"^^<{term.datatype}>' if term.datatype else f'"{text}"'
    return f"_:{term}"


def _json_term(term) -> dict:
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "bnode", "value": str(term)}


def _table(result: Result, width: int) -> str:
    def cell(term) -> str:
        text = " ".join(_compact(term).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    cells = [[cell(t) for t in row] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(result.columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    count = len(result.rows)
    lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(lines) + "\n"


def render(result: Result, fmt: str, *, width: int = 60) -> str:
    """The result as text in `fmt` (one of FORMATS). In a table, IRIs are
    shortened with kg's prefixes and cells cut at `width` characters."""
    if fmt not in FORMATS:
        raise BadInput(f"unknown format {fmt!r}", f"use one of {', '.join(FORMATS)}")
    if result.kind == "graph":
        if fmt != "ttl":
            raise BadInput(f"a CONSTRUCT or DESCRIBE query gives a graph, which has no {fmt} form",
                           "use --format ttl")
        from rdflib import Graph

        from .namespaces import bind_all

        graph = Graph()
        bind_all(graph)
        for triple in result.triples:
            graph.add(triple)
        return graph.serialize(format="turtle")
    if fmt == "ttl":
        raise BadInput("only CONSTRUCT and DESCRIBE queries give Turtle",
                       "use --format table, csv, tsv or json")
    if result.kind == "boolean":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "table":
        return _table(result, width)
    if fmt == "json":
        bindings = [{c: _json_term(t) for c, t in zip(result.columns, row) if t is not None} for row in result.rows]
        return json.dumps({"head": {"vars": result.columns}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1) + "\n"
    if fmt == "tsv":
        lines = ["\t".join(f"?{c}" for c in result.columns)]
        lines += ["\t".join(_nt(t) for t in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(result.columns)
    writer.writerows([_plain(t) for t in row] for row in result.rows)
    return out.getvalue()
