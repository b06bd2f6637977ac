"""Problems found in input files, reported one line each: file, row, column, value, expected."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong (``severity="error"``) or worth a look (``"warning"``) in an input file."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None
    severity: str = "error"
    period: str | None = None
    record: str = "row"  # "column" in a transposed file, where each project is a column

    def __str__(self) -> str:
        file = printable(self.file)  # a file named with a line break must not break the line
        where = (file if self.row is None else f"{file}:{self.row}" if self.record == "row"
                 else f"{file} ({self.record} {self.row})")
        parts = [f"{where}: {self.severity}: {self.message}"]
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        if self.value is not None:
            parts.append(f"value {_shorten(self.value)!r}")
        if self.expected is not None:
            parts.append(f"expected {self.expected}")
        return "; ".join(parts)


class InputError(Exception):
    """Raised when input files have errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error(s) in the input:\n" + "\n".join(str(p) for p in errors))


def errors_in(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def raise_if_errors(problems: list[Problem]) -> None:
    if errors_in(problems):
        raise InputError(problems)


def printable(text: str) -> str:
    """Control and other unprintable characters as escapes (``\\n``, ``\\u202e``); letters such as æøå as they are."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def _shorten(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


class UnreadableFile(Exception):
    def __init__(self, message: str, expected: str):
        super().__init__(message)
        self.expected = expected


class UsageError(Exception):
    """A command given in a way that cannot be answered (a choice left open): told as a usage message."""
