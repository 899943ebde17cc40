"""Text files -> `Document`s: finds the files under the given paths, decodes
them, reads the optional `date YYYY-MM-DD` header.

In: paths to files or folders. Out: Documents (dcterms:source, dcterms:date,
dcterms:language of the graph) and one problem line per file that could not
be read. The header is kept in `Document.text` so offsets stay indices into
the file's text; `body_start` says where the sentences begin."""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .errors import BadInput
from .lexicon import slugify
from .records import Document

TEXT_SUFFIXES = {".txt", ".text", ".md"}
MAX_BYTES = 50_000_000
_HEADER = re.compile(r"\A\s*date\s+(\S+)(?:[ \t]+|\s*\n|\Z)")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF", b"\xd0\xcf\x11\xe0")


@dataclass(frozen=True)
class Problem:
    """A file that was skipped, and why (one line for the user)."""

    path: str
    reason: str
    fatal: bool = True   # False: the file was still built (a warning)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def discover(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The text files named by `paths` (folders are searched recursively,
    hidden files and gold files skipped), in a stable order."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(Problem(str(path), "no such file or folder"))
        elif path.is_dir():
            found, skipped = _walk(path)
            files += found
            problems += skipped
            if not found and not skipped:
                problems.append(Problem(str(path), "folder holds no .txt files"))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), "not a regular file"))
    seen: set[Path] = set()
    unique = []
    for f in files:
        real = f.resolve()
        if real not in seen:
            seen.add(real)
            unique.append(f)
    return unique, problems


def _walk(folder: Path) -> tuple[list[Path], list[Problem]]:
    found: list[Path] = []
    skipped: list[Problem] = []
    visited: set[str] = set()
    for root, dirs, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(root)
        if real in visited:
            skipped.append(Problem(root, "symlink loop, folder skipped"))
            dirs[:] = []
            continue
        visited.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or name.endswith(".gold.json"):
                continue
            path = Path(root) / name
            if path.suffix.lower() in TEXT_SUFFIXES:
                found.append(path)
            else:
                skipped.append(Problem(str(path), f"skipped: not a text file ({path.suffix or 'no suffix'})",
                                       fatal=False))
    return found, skipped


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, warning). Refuses binary data."""
    if not data.strip():
        raise BadInput("empty file" if not data else "file holds only whitespace",
                       "give a text with at least one sentence")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "decoded as UTF-16 (byte order mark found)"
        except UnicodeDecodeError:
            raise BadInput("broken UTF-16 text", "save the file as UTF-8") from None
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data:
        kind = "PDF" if data.startswith(b"%PDF") else "binary data"
        raise BadInput(f"{kind}, not plain text", "convert it to a UTF-8 .txt file first")
    try:
        text = data.decode("utf-8")
        return (text[1:] if text.startswith("\ufeff") else text), ""
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise BadInput(f"not UTF-8 (byte {exc.start}) and not Windows-1252 either",
                           "save the file as UTF-8") from None
        return text, f"not UTF-8 (byte {exc.start}); decoded as Windows-1252"


def parse_header(text: str) -> tuple[date | None, int]:
    """The header date and where the body starts."""
    m = _HEADER.match(text)
    if not m:
        return None, 0
    iso = _ISO.match(m.group(1))
    if not iso:
        raise BadInput(f"malformed date header {m.group(1)!r}", "write it as `date YYYY-MM-DD`")
    try:
        day = date(*map(int, iso.groups()))
    except ValueError:
        raise BadInput(f"impossible date in header: {m.group(1)}", "write a real day as `date YYYY-MM-DD`") from None
    return day, m.end()


def read_document(path: Path, slug: str | None = None) -> tuple[Document, list[str]]:
    """One file -> Document and its warnings. Raises BadInput with the reason."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BadInput(f"file is {size // 1_000_000} MB, more than {MAX_BYTES // 1_000_000} MB",
                           "split it into articles")
        data = path.read_bytes()
    except PermissionError:
        raise BadInput("no permission to read the file", "check its permissions (chmod +r)") from None
    except IsADirectoryError:
        raise BadInput("is a folder, not a file", "pass the folder itself to read the files in it") from None
    except OSError as exc:
        raise BadInput(f"cannot read: {exc.strerror or exc}", "check the path") from None
    text, warning = decode(data)
    warnings = [warning] if warning else []
    day, body_start = parse_header(text)
    if day is None:
        warnings.append("no `date YYYY-MM-DD` header: the document gets no date, weekdays stay unresolved")
    if not text[body_start:].strip():
        raise BadInput("no text after the date header", "give a text with at least one sentence")
    return Document(source=path.name, slug=slug or slugify(path.stem), text=text, body_start=body_start,
                    date=day), warnings


def unique_slugs(paths: list[Path]) -> list[str]:
    """Slugs from file names; two files of the same name get a path hash."""
    slugs = [slugify(p.stem) for p in paths]
    counts: dict[str, int] = {}
    for s in slugs:
        counts[s] = counts.get(s, 0) + 1
    return [s if counts[s] == 1 else f"{s}-{hashlib.sha1(str(p.resolve()).encode()).hexdigest()[:8]}"
            for s, p in zip(slugs, paths)]
