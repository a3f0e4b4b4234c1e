"""A progress line for long builds, on standard error, in French."""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    """Counts steps; draws a bar on a terminal, or prints a line every tenth elsewhere (CI logs)."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None, minimum: int = 40):
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.enabled = total >= minimum
        self.interactive = self.stream.isatty()
        self._last_tenth = -1

    def step(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self.interactive:
            filled = int(30 * self.done / self.total)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}")
            if self.done >= self.total:
                self.stream.write("\n")
            self.stream.flush()
            return
        tenth = 10 * self.done // self.total
        if tenth != self._last_tenth:
            self._last_tenth = tenth
            self.stream.write(f"{self.label} : {self.done}/{self.total} ({100 * self.done // self.total} %)\n")
            self.stream.flush()
