"""The document cache that makes a rebuild of a folder re-extract only the
files that changed.

In: the cache folder (DIR/.kg-cache by default) and the lexicon folder. Out:
pickled `Fragment`s (a document's share of the graph, kg.rdf), one file per document, named by a key over the
document (file name, slug and text), kg.PIPELINE_VERSION, the lexicon files,
the source of the extraction and RDF modules and the spaCy and HanTa versions. An
entry that cannot be read is treated as missing and rebuilt, never an error.
The folder also keeps the lexicon as read from its TOML files
(`cached_lexicon`), under the same key.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import queue
import threading
from functools import lru_cache
from pathlib import Path

from .errors import KgError
from .files import atomic_write, remove_stale_temps
from .lexicon import Lexicon, load_lexicon
from .records import Document, Fragment

FOLDER = ".kg-cache"
_SUFFIX = ".pickle"
# the view's node positions from the last build (kg.view)
LAYOUT = "layout.json"
# the lexicon as read from its TOML files, one file per fingerprint
_LEXICON = "lexicon-{}.lex"

# Modules that only consume fragments: editing them must not invalidate the
# cache. Every other module in kg/ counts as code that makes fragments, so a
# new extraction module is covered without anyone remembering to list it.
_NOT_EXTRACTION = {"__main__.py", "build.py", "cache.py", "cli.py", "files.py", "query.py",
                   "resources.py", "store.py", "validate.py", "view.py"}


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """kg.PIPELINE_VERSION, the spaCy and HanTa versions and the source of
    the modules that make fragments. Taken once per process: what counts is the code
    this process runs, not what an editor saved since."""
    from . import PIPELINE_VERSION

    h = hashlib.sha256(f"pipeline {PIPELINE_VERSION}\n".encode())
    for dist in ("spacy", "HanTa"):
        h.update(f"{dist} {_installed_version(dist)}\n".encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        if path.name not in _NOT_EXTRACTION:
            h.update(f"code {path.name} ".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _installed_version(dist: str) -> str:
    """The version in the name of the package's .dist-info folder, without
    importing it: importlib.metadata took a twentieth of a second, in every
    worker of a rebuild."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(dist)
        prefix = dist.lower() + "-"
        if spec is not None and spec.origin:
            for name in os.listdir(Path(spec.origin).parent.parent):
                if name.lower().startswith(prefix) and name.endswith(".dist-info") and name[len(prefix):][:1].isdigit():
                    return name[len(prefix):-len(".dist-info")]
    except (ImportError, ValueError, OSError):
        pass
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def fingerprint(lexicon_dir: Path | None = None) -> str:
    """What, besides a document, decides its fragment: the code and the
    lexicon files."""
    from .resources import data_dir

    h = hashlib.sha256(code_fingerprint().encode())
    for path in sorted((Path(lexicon_dir) if lexicon_dir else data_dir()).glob("*.toml")):
        h.update(f"lexicon {path.name} ".encode())
        try:
            h.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()


def document_key(doc: Document, fingerprint_: str) -> str:
    h = hashlib.sha256(fingerprint_.encode())
    for part in (doc.source, doc.slug, doc.language, doc.text):
        h.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def has_entries(folder: Path) -> bool:
    """Whether `folder` holds a cache entry (any: a quick look, not a check)."""
    try:
        with os.scandir(folder) as found:
            return any(entry.name.endswith(_SUFFIX) for entry in found)
    except OSError:
        return False


class _Unpickler(pickle.Unpickler):
    """Builds nothing but the record types a Fragment is made of, so a
    damaged or planted cache file cannot run code."""

    _ALLOWED = {("datetime", "date"), ("builtins", "frozenset"), ("builtins", "set"), ("copyreg", "_reconstructor"),
                ("builtins", "object")}

    def find_class(self, module, name):
        if module == "kg.records" or (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")


class _LexiconUnpickler(pickle.Unpickler):
    """Builds nothing but a Lexicon and its entries."""

    _ALLOWED = {("kg.lexicon", "Lexicon"), ("kg.lexicon", "ActorEntry"), ("builtins", "frozenset"),
                ("builtins", "set")}

    def find_class(self, module, name):
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a cached lexicon")


def cached_lexicon(folder: Path, lexicon_dir: Path | None = None, key: str | None = None) -> Lexicon:
    """The lexicon, read from its TOML files once per fingerprint (`key`,
    default: computed here) and kept pickled in the cache `folder`: each
    process of a rebuild, the build and its worker, spent a tenth of a
    second parsing TOML before the changed document could be extracted. A
    file that is missing, damaged or not a Lexicon is made again."""
    path = Path(folder) / _LEXICON.format((key or fingerprint(lexicon_dir))[:32])
    try:
        found = _LexiconUnpickler(io.BytesIO(path.read_bytes())).load()
        if isinstance(found, Lexicon):
            return found
    except Exception:  # noqa: BLE001 - any damage means: read the TOML files again
        pass
    lex = load_lexicon(Path(lexicon_dir) if lexicon_dir else None)
    try:
        atomic_write(path, pickle.dumps(lex, protocol=pickle.HIGHEST_PROTOCOL))
        for old in Path(folder).glob(_LEXICON.format("*")):
            if old != path:
                old.unlink(missing_ok=True)
    except (KgError, OSError):
        pass   # a cache that cannot be written only costs time
    return lex


class FragmentCache:
    """Pickled Fragments in one folder. Writes go to a background thread:
    each is an atomic, fsynced replace, and the waiting on the disk then
    overlaps with the extraction of the next documents."""

    def __init__(self, folder: Path, fingerprint_: str):
        self.folder = Path(folder)
        self.fingerprint = fingerprint_
        self.hits = 0
        self.misses = 0
        self.errors: list[str] = []
        self._queue: queue.Queue | None = None
        self._writer: threading.Thread | None = None
        self._usable = True
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            remove_stale_temps(self.folder)
        except OSError as exc:
            self._usable = False
            self.errors.append(f"cache folder {self.folder} not usable ({exc.strerror or exc}); building without it")

    def key(self, doc: Document) -> str:
        return document_key(doc, self.fingerprint)

    def _path(self, key: str) -> Path:
        return self.folder / (key + _SUFFIX)

    def present(self) -> set[str]:
        """Keys that have an entry (which may still turn out damaged)."""
        if not self._usable:
            return set()
        try:
            return {name[:-len(_SUFFIX)] for name in os.listdir(self.folder) if name.endswith(_SUFFIX)}
        except OSError:
            return set()

    def get(self, key: str, doc: Document) -> Fragment | None:
        if not self._usable:
            return None
        try:
            data = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            found = _Unpickler(io.BytesIO(data)).load()
        except Exception:  # noqa: BLE001 - any damage means: extract again
            found = None
        # the document is compared too: a hash collision or a file copied in
        # from another cache must not put another text's facts in the graph
        if not isinstance(found, Fragment) or found.document != doc:
            self.misses += 1
            return None
        self.hits += 1
        return found

    def put(self, key: str, fragment: Fragment | bytes) -> None:
        """Store a Fragment, or the bytes it was pickled to."""
        if not self._usable:
            return
        if self._writer is None:
            self._queue = queue.Queue(maxsize=256)
            self._writer = threading.Thread(target=self._write_loop, name="kg-cache-writer", daemon=True)
            self._writer.start()
        self._queue.put((key, fragment))

    def _write_loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            key, fragment = item
            try:
                data = fragment if isinstance(fragment, bytes) else \
                    pickle.dumps(fragment, protocol=pickle.HIGHEST_PROTOCOL)
                atomic_write(self._path(key), data)
            except Exception as exc:  # noqa: BLE001 - a cache that cannot be written only costs time
                if not self.errors:
                    self.errors.append(f"could not write the cache in {self.folder}: {exc}")

    def close(self) -> None:
        """Wait for the pending writes."""
        writer = self._writer
        if writer is None:
            return
        self._queue.put(None)
        # a Ctrl-C can land inside Thread.start(): then there is no thread to wait for
        if writer.ident is not None:
            writer.join()
            self._writer = None

    def prune(self, keep: set[str]) -> None:
        """Drop the entries this build did not use: the cache holds the last
        build's documents and does not grow with every edit."""
        if not self._usable:
            return
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name.endswith(_SUFFIX) and name[:-len(_SUFFIX)] not in keep:
                try:
                    (self.folder / name).unlink()
                except OSError:
                    pass
