"""Writing output without ever leaving a half-written file: everything goes to
a temporary file in the target folder and is renamed over the old one, so an
interrupted run keeps the previous output intact.

Inside `write_together()` the renames wait until the block ends, so the files
of one build (graph.ttl, graph.nt, graph.html, ...) replace the previous ones
together or not at all. SIGINT and SIGTERM are held back while a temporary
file is created and while files are renamed; elsewhere they interrupt, and
the temporary files are removed on the way out. A run killed with SIGKILL
cannot clean up; the next run in the same folder removes what it left."""
from __future__ import annotations

import contextlib
import contextvars
import os
import re
import signal
import tempfile
import threading
from pathlib import Path

from .errors import BadInput

_PENDING: contextvars.ContextVar[list | None] = contextvars.ContextVar("kg_pending_renames", default=None)
# .graph.ttl.kg1234-abcd.tmp: the pid tells a later run whether the writer is gone
_TEMP = re.compile(r"\A\..+\.kg(\d+)-[^.]*\.tmp\Z")
_HELD = tuple(s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s)


def atomic_write(path: Path, data: str | bytes) -> None:
    place(write_temp(path, data), path)


def write_temp(path: Path, data: str | bytes, owner: int | None = None) -> str:
    """Write `data` to a new temporary file beside `path` (flushed to disk)
    and return its name, for `place`. owner: the pid of the kg run the file
    belongs to (default this process): a later run removes it once that run
    is gone."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = None
    try:
        with signals_held():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.kg{owner or os.getpid()}-", suffix=".tmp",
                                       dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                # mkstemp makes the file private (0600); output is shared like any other file
                os.fchmod(fh.fileno(), _MODE)
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        written, tmp = tmp, None
        return written
    except OSError as exc:
        raise BadInput(f"cannot write {path}: {exc.strerror or exc}",
                       "free some disk space, or choose another --out folder") from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def place(tmp: str, path: Path) -> None:
    """Rename the temporary file `tmp` over `path`: now, or inside
    `write_together()` at the end of its block."""
    pending = _PENDING.get()
    if pending is not None:
        pending.append((tmp, Path(path)))
        return
    try:
        with signals_held():
            os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BadInput(f"cannot write {path}: {exc.strerror or exc}",
                       "check that nothing else holds that path") from None


def _default_mode() -> int:
    # read once, at import: os.umask can only be read by setting it, which
    # would race with the cache's writer thread creating files
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_MODE = _default_mode()


@contextlib.contextmanager
def write_together():
    """Collect every atomic_write of the block and rename them all at its end;
    on any exception (KeyboardInterrupt included) none replaces its target."""
    pending: list[tuple[str, Path]] = []
    token = _PENDING.set(pending)
    try:
        yield
        with signals_held():
            while pending:
                tmp, path = pending[0]
                try:
                    os.replace(tmp, path)
                except OSError as exc:
                    raise BadInput(f"cannot write {path}: {exc.strerror or exc}",
                                   "check that nothing else holds that path") from None
                del pending[0]
    except BaseException:
        _discard(pending)
        raise
    finally:
        _PENDING.reset(token)


def _discard(pending: list[tuple[str, Path]]) -> None:
    for tmp, _ in pending:
        Path(tmp).unlink(missing_ok=True)


@contextlib.contextmanager
def signals_held():
    """Delay SIGINT/SIGTERM to the end of the block, then act on them as the
    handlers in place would have. Python runs handlers only in the main
    thread, so other threads go ahead unguarded."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {}
    for sig in _HELD:
        handler = signal.getsignal(sig)
        if handler is None:   # installed outside Python: leave it alone
            continue
        previous[sig] = handler
        signal.signal(sig, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if caught:
            handler = previous[caught[0]]
            if callable(handler):
                handler(caught[0], None)
            elif handler == signal.SIG_DFL:
                os.kill(os.getpid(), caught[0])


def interrupt_on_sigterm():
    """Make SIGTERM raise KeyboardInterrupt in this process, so `finally`
    blocks and the temporary-file cleanup run as they do for Ctrl-C. Returns
    a function that puts the previous handler back. Forked worker processes
    inherit the handler but die of SIGTERM as usual."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        return lambda: None
    owner = os.getpid()
    previous = signal.getsignal(signal.SIGTERM)

    def handler(signum, frame):
        if os.getpid() != owner:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise KeyboardInterrupt(signum)

    signal.signal(signal.SIGTERM, handler)

    def restore() -> None:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)

    return restore


def remove_stale_temps(folder: Path) -> None:
    """Delete temporary files that killed kg runs left in `folder`; those of
    runs still alive are kept."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        m = _TEMP.match(entry.name)
        if m and not _alive(int(m.group(1))):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def ensure_writable_dir(folder: Path) -> Path:
    """Create the output folder and prove it is writable before any work."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise BadInput(f"output folder {folder} is a file, not a folder", "choose another --out folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=folder, prefix=".kg-probe-", delete=True)
        probe.close()
    except OSError as exc:
        raise BadInput(f"cannot write to output folder {folder}: {exc.strerror or exc}",
                       "choose another --out folder or fix its permissions") from None
    remove_stale_temps(folder)
    return folder
