"""The one shape every author-facing message takes: `path:line: message — fix`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    message: str
    fix: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.is_error else "avertissement : "
        return f"{where}: {label}{self.message} — {self.fix}"


class ContentError(Exception):
    """Raised by the adapters when the catalogue has errors; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
