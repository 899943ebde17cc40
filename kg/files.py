"""Writing output without ever leaving a half-written file: everything goes to
a temporary file in the target folder and is renamed over the old one, so an
interrupted run keeps the previous output intact."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import BadInput


def atomic_write(path: Path, data: str | bytes) -> None:
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def ensure_writable_dir(folder: Path) -> Path:
    """Create the output folder and prove it is writable before any work."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=folder, prefix=".kg-probe-", delete=True)
        probe.close()
    except OSError as exc:
        raise BadInput(f"cannot write to output folder {folder}: {exc.strerror or exc}",
                       "choose another --out folder or fix its permissions") from None
    return folder
