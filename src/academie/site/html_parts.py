"""HTML the platform renders itself (quiz forms, practice blocks) crosses Python-Markdown as a
one-line placeholder and is put back into the converted page: converting it would only re-read raw
HTML that has nothing to convert (md_in_html parses every raw block), for most of a lesson's
conversion time."""

from __future__ import annotations

import hashlib
import re


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
        pattern = re.compile(rf"(?:<p>)?<!--academie-html-{self.token}-(\d+)-->(?:</p>)?")
        restored, count = pattern.subn(lambda match: self.parts[int(match.group(1))], content)
        if count != len(self.parts):
            raise ValueError(f"{len(self.parts) - count} bloc(s) HTML perdu(s) à la conversion Markdown")
        return restored
