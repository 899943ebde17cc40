"""The `kg` command: parses options, calls one library function per command,
formats its result. Heavy libraries are imported inside the commands so that
`kg --help` starts fast."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .errors import KgError


def _fail(exc: KgError) -> None:
    from .document import one_line

    click.echo(f"error: {one_line(exc.message)}", err=True)
    if exc.hint:
        click.echo(f"  hint: {one_line(exc.hint)}", err=True)
    sys.exit(exc.exit_code)


def _interrupted(exc: KeyboardInterrupt) -> None:
    signum = exc.args[0] if exc.args and isinstance(exc.args[0], int) else 2
    click.echo("interrupted", err=True)
    sys.exit(128 + signum)


class _Group(click.Group):
    """Turns every KgError raised by a command into a message and an exit
    code, and Ctrl-C or SIGTERM into "interrupted" (exit 130 or 143) after
    the temporary files are gone."""

    def invoke(self, ctx):
        from .files import interrupt_on_sigterm

        restore = interrupt_on_sigterm()
        try:
            return super().invoke(ctx)
        except KgError as exc:
            _fail(exc)
        except KeyboardInterrupt as exc:
            _interrupted(exc)
        except Exception as exc:
            # cleanup that fails because it was itself cut short is still an interruption
            if isinstance(exc.__context__, KeyboardInterrupt):
                _interrupted(exc.__context__)
            raise
        finally:
            restore()


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """Build knowledge graphs of diplomatic negotiations from German news.

    \b
    kg build seeds --out out        text files -> out/graph.ttl + out/graph.html
    kg validate out/graph.ttl       check a graph against the SHACL shapes
    kg query disputes --graph out/graph.ttl
    """


# Builds shorter than this many documents finish before a bar would help.
_BAR_MIN_DOCS = 20


class _Bar:
    """click's progress bar with the articles per second in it."""

    def __init__(self, total: int):
        import time

        self._clock = time.perf_counter
        self._started = self._clock()
        self._done = 0
        self._bar = click.progressbar(length=total, label="extracting", file=sys.stderr, show_eta=True,
                                      show_percent=True, item_show_func=lambda rate: rate)

    def __enter__(self):
        self._bar.__enter__()
        return self

    def __exit__(self, *exc):
        return self._bar.__exit__(*exc)

    def update(self, n: int) -> None:
        self._done += n
        rate = self._done / max(self._clock() - self._started, 1e-9)
        self._bar.update(n, f"{rate:.1f} articles/s")


def _progress_bar(total: int) -> _Bar | None:
    return _Bar(total) if total >= _BAR_MIN_DOCS else None


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder for graph.ttl, graph.html and any --format files.")
@click.option("--format", "formats", multiple=True, type=click.Choice(["ttl", "nt", "jsonld", "trig"]),
              help="Also write the graph in this format (repeatable); Turtle is always written.")
@click.option("--no-html", is_flag=True, help="Skip the HTML view.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path),
              help="Also write the graph into an Oxigraph store in this folder (for kg query/serve --store).")
@click.option("--lexicon", "lexicon_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Read the lexicons (actors, roles, cues, issues, places) from this folder instead of the shipped ones.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N",
              help="Extract in N processes [default: one per core].")
@click.option("--no-cache", is_flag=True,
              help="Extract every file afresh and keep no cache (default: unchanged files are taken from DIR/.kg-cache).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(paths, out_dir, formats, no_html, store_dir, lexicon_dir, jobs, no_cache, quiet) -> None:
    """Extract a graph from text files or folders of .txt files.

    Each file is plain UTF-8 text that may start with a header
    `date YYYY-MM-DD`; that date becomes the document's dcterms:date.
    """
    from .build import build as run_build

    def log(line: str) -> None:
        # --quiet keeps the errors: a refused file must never go unmentioned
        if not quiet or line.startswith("error"):
            click.echo(line, err=True)

    result = run_build(list(paths), out_dir, formats=tuple(formats), html=not no_html, store=store_dir,
                       lexicon_dir=lexicon_dir, log=log, jobs=jobs, cache=not no_cache,
                       progress=None if quiet or not sys.stderr.isatty() else _progress_bar)
    if not quiet:
        click.echo(result.summary())


@main.command()
@click.argument("query")
@click.option("--graph", "graph_files", multiple=True, type=click.Path(path_type=Path),
              help="Graph file to query (.ttl .nt .jsonld .trig .nq; repeatable).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path),
              help="Query the Oxigraph store in this folder (from kg build --store) instead.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter (repeatable): an IRI (<…>, http…, nkr:…) or a label.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "ttl"]),
              help="Output format [default: table on a terminal, else csv; ttl for CONSTRUCT].")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Stop the query after this long (exit 3).")
def query(query, graph_files, store_dir, params, fmt, timeout) -> None:
    """Run QUERY, a competency query's name (disputes, demands, …) or a .rq file.

    Exit 0 with results, 2 for bad input or a syntax error, 3 on --timeout.
    """
    from .query import default_format, parse_param_args, render, run_query

    result = run_query(query, graph_files=graph_files, store=store_dir, params=parse_param_args(params),
                       timeout=timeout)
    click.echo(render(result, fmt or default_format(result, sys.stdout.isatty())), nl=False)


@main.command()
@click.option("--graph", "graph_files", multiple=True, type=click.Path(path_type=Path),
              help="Graph file to serve (repeatable).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path),
              help="Serve the Oxigraph store in this folder instead.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
def serve(graph_files, store_dir, port) -> None:
    """Serve a graph read-only as a SPARQL 1.1 endpoint on 127.0.0.1 until Ctrl-C."""
    from .store import serve as run_server

    sys.exit(run_server(graph_files=graph_files, store_dir=store_dir, port=port,
                        announce=lambda line: click.echo(line)))


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--endpoint", required=True, metavar="URL",
              help="SPARQL 1.1 Graph Store endpoint, e.g. http://127.0.0.1:7878/store (Oxigraph).")
def push(source, endpoint) -> None:
    """Upload a graph file or kg build folder, one named graph per document.

    Each PUT replaces its named graph, so pushing a rebuilt graph replaces
    every document's triples.
    """
    from .store import push as run_push

    pushed = run_push(source, endpoint)
    for name, triples in pushed:
        click.echo(f"{triples:>8} triples  <{name}>")
    click.echo(f"pushed {len(pushed)} named graphs to {endpoint}")


@main.command()
@click.argument("graph_file", type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Only the exit code: 0 conforms, 1 violations, 2 bad input.")
def validate(graph_file, quiet) -> None:
    """Check a graph file against the SHACL shapes (exit 0 conforms, 1 violations, 2 bad input)."""
    from .validate import validate_file

    report = validate_file(graph_file)
    if not quiet:
        click.echo(report.text)
    sys.exit(0 if report.conforms else 1)


@main.command()
@click.argument("graph_file", type=click.Path(path_type=Path))
@click.option("--out", "out_file", type=click.Path(path_type=Path), required=True,
              help="The HTML file to write (opens offline in any browser).")
@click.option("--focus", metavar="NAME",
              help="Show only the neighbourhood of the node with this label or altLabel (case and accents ignored).")
@click.option("--depth", type=click.IntRange(min=0), default=2, show_default=True,
              help="How many hops around --focus to show.")
def view(graph_file, out_file, focus, depth) -> None:
    """Write an interactive HTML view of a graph file (Turtle, N-Triples, JSON-LD, TriG)."""
    from .view import load_graph, write_html

    click.echo(write_html(load_graph(graph_file), out_file, focus=focus, depth=depth))


def run() -> None:
    """The `kg` executable: main(), then an immediate exit. Python's own
    shutdown frees spaCy's and HanTa's models object by object, 0.15-0.2 s
    of a one-article build; every output is written, closed and renamed and
    every worker joined by the time a command returns."""
    try:
        main(prog_name="kg")
        code = 0
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    run()
