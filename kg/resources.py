"""Where the shipped artefacts live: the ontology, the SHACL shapes and the
competency queries. In a wheel they sit inside the package (kg/_shipped); in a
source checkout they are the top-level folders of the repository."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _folder(name: str) -> Path:
    shipped = _PACKAGE / "_shipped" / name
    if shipped.is_dir():
        return shipped
    return _PACKAGE.parent / name


def ontology_dir() -> Path:
    return _folder("ontology")


def queries_dir() -> Path:
    return _folder("queries")


def data_dir() -> Path:
    return _PACKAGE / "data"
