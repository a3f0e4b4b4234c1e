"""HTML the platform renders itself (quiz forms, practice blocks) crosses Python-Markdown as a
one-line placeholder and is put back into the converted page: converting it would only re-read raw
HTML that has nothing to convert (md_in_html parses every raw block), for most of a lesson's
conversion time."""

from __future__ import annotations

import hashlib
import re

# A block of a generated page already written as HTML (a thousand rows' table, list…), between these
# marks: held back like a quiz form (hold_written), Python-Markdown's HTML parser would read it all.
WRITTEN_START = "<!-- academie-html -->"
WRITTEN_END = "<!-- /academie-html -->"
_WRITTEN = re.compile(rf"^{re.escape(WRITTEN_START)}\n(?P<html>.*?)\n{re.escape(WRITTEN_END)}$", re.S | re.M)
_PLACEHOLDER = re.compile(r"(?:<p>)?<!--academie-html-([0-9a-f]{16})-(\d+)-->(?:</p>)?")


class HtmlParts:
    """The parts held back from one page's Markdown. The token, a hash of the page's source, makes
    the placeholders impossible to write by chance in a lesson (they would have to hold the hash of
    the text holding them), and the same in every build: the converted page can be kept and shared
    (page_cache.py)."""

    def __init__(self, source: str) -> None:
        self.token = hashlib.sha256(source.encode()).hexdigest()[:16]
        self.parts: list[str] = []

    def hold(self, html: str) -> str:
        self.parts.append(html)
        return f"<!--academie-html-{self.token}-{len(self.parts) - 1}-->"

    def restore(self, content: str) -> str:
        if not self.parts:
            return content

        count = 0

        def part(match: re.Match[str]) -> str:
            nonlocal count
            if match.group(1) != self.token:
                return match.group(0)
            count += 1
            return self.parts[int(match.group(2))]

        # One pattern for every page: one per page's token would be compiled again for each page.
        restored = _PLACEHOLDER.sub(part, content)
        if count != len(self.parts):
            raise ValueError(f"{len(self.parts) - count} bloc(s) HTML perdu(s) à la conversion Markdown")
        return restored


def hold_written(markdown: str) -> tuple[str, HtmlParts | None]:
    """A generated page's Markdown with each block written as HTML (between the WRITTEN marks) held
    back, and what holds them (None: no such block)."""
    if WRITTEN_START not in markdown:
        return markdown, None
    parts = HtmlParts(markdown)
    return _WRITTEN.sub(lambda match: parts.hold(match.group("html")), markdown), parts
