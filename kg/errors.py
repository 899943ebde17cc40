"""The one error family of kg: every failure a user can cause carries a
message saying what was wrong and a hint saying what to do about it.

The CLI maps each class to an exit code: 2 for bad input, 1 for a graph that
fails validation."""
from __future__ import annotations


class KgError(Exception):
    exit_code = 2

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


class BadInput(KgError):
    """An input file, folder, option or query that cannot be used."""

    exit_code = 2


class ValidationFailed(KgError):
    """A graph that violates the SHACL shapes."""

    exit_code = 1
