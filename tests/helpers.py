"""Small builders shared by the extraction tests."""
from __future__ import annotations

from kg.document import parse_header
from kg.lexicon import load_lexicon
from kg.pipeline import extract
from kg.records import Document


def doc_from(text: str, day: str | None = "2026-01-24", slug: str = "t") -> Document:
    full = f"date {day} {text}" if day else text
    d, start = parse_header(full)
    return Document(source=f"{slug}.txt", slug=slug, text=full, body_start=start, date=d)


def run(text: str, day: str | None = "2026-01-24", lexicon=None):
    return extract(doc_from(text, day), load_lexicon(lexicon))


def positions(ex, kind: str):
    return [p for p in ex.positions if p.kind == kind]


def entity(ex, key: str):
    return next((e for e in ex.entities if e.key == key), None)


def members(ex) -> dict[str, set[str]]:
    """The members of every delegation, by the party it represents."""
    out: dict[str, set[str]] = {}
    for d in ex.delegations:
        out.setdefault(d.represents, set()).update(d.members)
    return out
