"""The `kg` command: parses options, calls one library function per command,
formats its result. Heavy libraries are imported inside the commands so that
`kg --help` starts fast."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import KgError


def _fail(exc: KgError) -> None:
    click.echo(f"error: {exc.message}", err=True)
    if exc.hint:
        click.echo(f"  hint: {exc.hint}", err=True)
    sys.exit(exc.exit_code)


class _Group(click.Group):
    """Turns every KgError raised by a command into a message and an exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as exc:
            _fail(exc)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """Build knowledge graphs of diplomatic negotiations from German news.

    \b
    kg build seeds --out out        text files -> out/graph.ttl + out/graph.html
    kg validate out/graph.ttl       check a graph against the SHACL shapes
    kg query disputes --graph out/graph.ttl
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder for graph.ttl, graph.html and any --format files.")
@click.option("--format", "formats", multiple=True, type=click.Choice(["ttl", "nt", "jsonld", "trig"]),
              help="Also write the graph in this format (repeatable); Turtle is always written.")
@click.option("--no-html", is_flag=True, help="Skip the HTML view.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(paths, out_dir, formats, no_html, quiet) -> None:
    """Extract a graph from text files or folders of .txt files.

    Each file is plain UTF-8 text that may start with a header
    `date YYYY-MM-DD`; that date becomes the document's dcterms:date.
    """
    from .build import build as run_build

    result = run_build(list(paths), out_dir, formats=tuple(formats), html=not no_html,
                       log=None if quiet else (lambda line: click.echo(line, err=True)))
    if not quiet:
        click.echo(result.summary())


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


if __name__ == "__main__":
    main()
