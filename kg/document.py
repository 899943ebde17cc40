"""Text files -> `Document`s: finds the files under the given paths, decodes
them, reads the optional `date YYYY-MM-DD` header.

In: paths to files or folders. Out: Documents (dcterms:source, dcterms:date,
dcterms:language of the graph) and one problem line per file that could not
be read. The header is kept in `Document.text` so offsets stay indices into
the file's text; `body_start` says where the sentences begin."""
from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
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
_BINARY_MAGIC = {b"%PDF": "a PDF file", b"\x89PNG": "a PNG image", b"GIF8": "a GIF image",
                 b"\xff\xd8\xff": "a JPEG image", b"PK\x03\x04": "a ZIP archive (or .docx/.odt)",
                 b"\x7fELF": "a program", b"\xd0\xcf\x11\xe0": "an old Office document (.doc)",
                 b"{\\rtf": "an RTF document", b"\x1f\x8b": "a gzip archive"}
# Controls other than tab, newline, form feed and carriage return. A few are
# tolerated (stray escape codes in scraped text); many mean it is not text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_SHARE = 0.01
# a two-byte UTF-8 sequence (ä = C3 A4); in Latin-1 German text this pair is all but unheard of
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]")


def one_line(text: str) -> str:
    """`text` with line breaks and other controls escaped, so a file name
    holding a newline cannot split a message over two lines."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in str(text))


@dataclass(frozen=True)
class Problem:
    """A file that was skipped, and why (one line for the user)."""

    path: str
    reason: str
    fatal: bool = True   # False: the file was still built, or nothing was lost (a warning)

    def __str__(self) -> str:
        return one_line(f"{self.path}: {self.reason}")


def discover(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The text files named by `paths` (folders are searched recursively,
    hidden files and gold files skipped), in a stable order."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(Problem(str(path), _missing(path)))
        elif path.is_dir():
            found, skipped = _walk(path)
            files += found
            problems += skipped
            if not found and not any(p.fatal for p in skipped):
                problems.append(Problem(str(path), "folder holds no .txt, .text or .md files"))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), "not a regular file (a device, pipe or socket)"))
    seen: set[Path] = set()
    unique = []
    for f in files:
        real = f.resolve()
        if real not in seen:
            seen.add(real)
            unique.append(f)
    return unique, problems


def _missing(path: Path) -> str:
    """Why `path`, which does not exist as far as stat is concerned, cannot be read."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symlink loop (the link points back to itself)"
        if path.is_symlink():
            return f"broken symlink (points to {os.readlink(path)}, which does not exist)"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return "no permission to look into its folder"
    return "no such file or folder"


def _walk(folder: Path) -> tuple[list[Path], list[Problem]]:
    found: list[Path] = []
    skipped: list[Problem] = []
    visited: set[str] = set()

    def unreadable(exc: OSError) -> None:
        skipped.append(Problem(str(exc.filename), f"cannot read folder: {exc.strerror}"))

    for root, dirs, names in os.walk(folder, followlinks=True, onerror=unreadable):
        real = os.path.realpath(root)
        if real in visited:
            parent = os.path.realpath(os.path.dirname(root))
            # Nothing is lost (the folder's files are read once), hence a warning.
            why = ("symlink loop, folder skipped" if parent == real or parent.startswith(real + os.sep)
                   else "same folder as one already read (a second link to it), skipped")
            skipped.append(Problem(root, why, fatal=False))
            dirs[:] = []
            continue
        visited.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or name.endswith(".gold.json"):
                continue
            path = Path(root) / name
            if path.suffix.lower() not in TEXT_SUFFIXES:
                skipped.append(Problem(str(path), f"skipped: not a text file ({path.suffix or 'no suffix'})",
                                       fatal=False))
                continue
            try:
                mode = os.stat(path).st_mode
            except OSError:
                skipped.append(Problem(str(path), _missing(path)))
                continue
            if stat.S_ISREG(mode):
                found.append(path)
            elif not stat.S_ISDIR(mode):
                # reading a named pipe would block the build forever
                skipped.append(Problem(str(path), "not a regular file (a device, pipe or socket)"))
    return found, skipped


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, warning). Refuses binary data."""
    if not data.strip():
        raise BadInput("empty file" if not data else "file holds only whitespace",
                       "give a text with at least one sentence")
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        text, warning = _decode_bom(data, "utf-32", "UTF-32")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, warning = _decode_bom(data, "utf-16", "UTF-16")
    else:
        for magic, kind in _BINARY_MAGIC.items():
            if data.startswith(magic):
                raise BadInput(f"{kind}, not plain text", "convert it to a UTF-8 .txt file first")
        if b"\x00" in data:
            raise BadInput(_nul_reason(data), "save or convert it as a UTF-8 .txt file")
        try:
            text, warning = data.decode("utf-8"), ""
        except UnicodeDecodeError as exc:
            text, warning = _not_utf8(data, exc.start)
        text = text.removeprefix("\ufeff")
    if "\x00" in text or len(_CONTROLS.findall(text)) > max(3, _MAX_CONTROL_SHARE * len(text)):
        raise BadInput("binary data, not plain text (too many control characters)",
                       "convert it to a UTF-8 .txt file first")
    if not text.strip():
        raise BadInput("file holds only whitespace", "give a text with at least one sentence")
    return text, warning


def _not_utf8(data: bytes, first_bad: int) -> tuple[str, str]:
    """A file that is not valid UTF-8 throughout. Most are Latin-1 or
    Windows-1252; but where valid UTF-8 umlauts occur too (texts pasted
    together), reading all as Windows-1252 would garble every one of them
    ("Ã¤"), so only the bad bytes are replaced."""
    if _UTF8_MULTIBYTE.search(data):
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
        return text, f"not all UTF-8 (byte {first_bad}); {bad} undecodable byte(s) replaced by U+FFFD"
    try:
        return data.decode("cp1252"), f"not UTF-8 (byte {first_bad}); decoded as Windows-1252"
    except UnicodeDecodeError:
        raise BadInput(f"not UTF-8 (byte {first_bad}) and not Windows-1252 either",
                       "save the file as UTF-8") from None


def _decode_bom(data: bytes, codec: str, name: str) -> tuple[str, str]:
    try:
        # the codec reads the byte order mark and drops it
        return data.decode(codec), f"decoded as {name} (byte order mark found)"
    except UnicodeDecodeError as exc:
        raise BadInput(f"broken {name} text (byte {exc.start})", "save the file as UTF-8") from None


def _nul_reason(data: bytes) -> str:
    """Zero bytes at every other position are UTF-16 saved without a byte
    order mark rather than binary data; say so, it is easy to fix."""
    sample = data[:4000]
    even, odd = sample[0::2], sample[1::2]
    if len(sample) >= 8 and (odd.count(0) > 0.8 * len(odd) or even.count(0) > 0.8 * len(even)):
        return "looks like UTF-16 without a byte order mark, not UTF-8"
    return "binary data (zero bytes), not plain text"


def parse_header(text: str) -> tuple[date | None, int]:
    """The header date and where the body starts."""
    m = _HEADER.match(text)
    if not m:
        return None, 0
    iso = _ISO.match(m.group(1))
    if not iso:
        raise BadInput(f"malformed date header {m.group(1)[:40]!r}", "write it as `date YYYY-MM-DD`")
    try:
        day = date(*map(int, iso.groups()))
    except ValueError as exc:
        raise BadInput(f"impossible date in header: {m.group(1)}: {exc}",
                       "write a real day as `date YYYY-MM-DD`") from None
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
    except FileNotFoundError:
        raise BadInput(_missing(path), "check the path") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise BadInput("symlink loop (the link points back to itself)", "fix or remove the link") from None
        raise BadInput(f"cannot read: {exc.strerror or exc}", "check the path") from None
    text, warning = decode(data)
    warnings = [warning] if warning else []
    day, body_start = parse_header(text)
    if day is None:
        warnings.append("no `date YYYY-MM-DD` header: the document gets no date, weekdays stay unresolved")
    if not text[body_start:].strip():
        raise BadInput("no text after the date header", "give a text with at least one sentence")
    name = display_name(path.name)
    return Document(source=name, slug=slug or document_slug(Path(name).stem), text=text, body_start=body_start,
                    date=day), warnings


def display_name(name: str) -> str:
    """A file name as text. Names that are not UTF-8 on disk (an old Latin-1
    "Gespr\xe4ch.txt") reach Python with lone surrogates, which no RDF
    serializer can write; they are read as Windows-1252 instead."""
    raw = os.fsencode(name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def document_slug(stem: str) -> str:
    """The IRI part for a file name; a name with no Latin letters (Київ.txt,
    日本.txt) gets a hash of the name from slugify, so such names stay apart."""
    return slugify(stem)


def unique_slugs(paths: list[Path]) -> list[str]:
    """Slugs from file names; two files of the same name get a path hash."""
    slugs = [document_slug(Path(display_name(p.name)).stem) for p in paths]
    counts: dict[str, int] = {}
    for s in slugs:
        counts[s] = counts.get(s, 0) + 1
    return [s if counts[s] == 1 else f"{s}-{hashlib.sha1(os.fsencode(p.resolve())).hexdigest()[:8]}"
            for s, p in zip(slugs, paths)]
