"""kg: knowledge graphs of diplomatic negotiations from German news.

    import kg
    result = kg.build(["seeds"], "out")
"""
from __future__ import annotations

__version__ = "0.1.0"
PIPELINE_VERSION = "1"

__all__ = ["build", "__version__"]


def build(*args, **kwargs):
    from .build import build as _build

    return _build(*args, **kwargs)
