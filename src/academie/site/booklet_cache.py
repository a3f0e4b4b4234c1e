"""The booklets' parts, converted once: each lesson's part of a track booklet is kept as HTML under
`.cache/livrets/<scope>/<booklet>.json`, and a build converts only the parts whose input changed.

The booklet's Markdown marks each lesson's part (`<!-- academie-livret:<id> -->` …
`<!-- /academie-livret:<id> -->`, see booklet.md.j2). The booklet hook takes the parts out of the
page (`split_parts`: MkDocs then converts only the page's frame, a placeholder standing for each
part), converts the parts whose key is not in the cache, one by one, and puts every part's HTML in
place of its placeholder (`assemble`).

A part converted alone gets the same heading ids whatever the other lessons of the booklet: each id
of a part is prefixed with its lesson's anchor (`lecon-<id>--a-retenir`, `scope_ids`), which keeps
them unique on the page, and the part's own `#a-retenir` links follow.

The key hashes everything the part's HTML depends on: its Markdown as assembled (links rebased,
quizzes and exercises printable, notebook outputs, links out of a pack), the address each of its
relative links resolves to, and the conversion context the hook gives (the booklet's path and URL
style, mkdocs.yml's markdown_extensions, the versions of Markdown, its extensions and MkDocs, the
hook's source), plus this module's source.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

CACHE_DIR = Path(".cache") / "livrets"
# Bump when the recipe of a cache entry changes (this module's source is hashed too).
KEY_FORMAT = "1"
START = "<!-- academie-livret:{id} -->"
BOOKLET_MARK = "<!-- academie-livret:"
_PART = re.compile(
    r"^<!-- academie-livret:(?P<id>[a-z0-9-]+) -->\n(?P<body>.*?)\n<!-- /academie-livret:(?P=id) -->$", re.S | re.M
)
_PLACEHOLDER = re.compile(r"<!-- academie-livret:(?P<id>[a-z0-9-]+) -->")
# Inline links and images `](target)`, and reference definitions `[name]: target`.
_TARGET = re.compile(r"\]\(\s*<?(?P<inline>[^)\s>]+)|^ {0,3}\[[^\]]+\]:\s*<?(?P<reference>[^\s>]+)", re.M)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", re.I)
_ID = re.compile(r'(?P<before>\s(?:id|name)=")(?P<id>[^"]*)(?P<after>")')
_HREF = re.compile(r'(?P<before>\shref="#)(?P<id>[^"]*)(?P<after>")')
_SOURCE = Path(__file__).read_bytes()


@dataclass(frozen=True)
class Part:
    """A lesson's part of a booklet, as Markdown."""

    lesson: str  # the lesson's id
    markdown: str


@dataclass
class ConvertedPart:
    """A part's HTML, its headings for the page's table of contents (Python-Markdown's toc tokens),
    the anchors it holds and its links to anchors of pages (`[page source, anchor, link]`), which
    MkDocs validates after the build."""

    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    links: list[list[str]] = field(default_factory=list)


def split_parts(markdown: str) -> tuple[str, list[Part]]:
    """The booklet's Markdown with each part replaced by a placeholder, and the parts in order."""
    parts: list[Part] = []

    def take(match: re.Match[str]) -> str:
        parts.append(Part(match.group("id"), match.group("body")))
        return "\n" + START.format(id=match.group("id")) + "\n"

    return _PART.sub(take, markdown), parts


def assemble(html: str, converted: Mapping[str, str]) -> str:
    """The page's HTML with each placeholder replaced by its part's HTML."""
    return _PLACEHOLDER.sub(lambda m: converted.get(m.group("id"), m.group(0)), html)


def link_targets(markdown: str, booklet: str) -> list[str]:
    """The files of the site a part's relative links and images point to, as paths in content/."""
    found = set()
    for match in _TARGET.finditer(markdown):
        target = match.group("inline") or match.group("reference")
        path = target.split("#")[0].split("?")[0]
        if path and not _EXTERNAL.match(target):
            found.add(posixpath.normpath(posixpath.join(posixpath.dirname(booklet), path)).lstrip("/"))
    return sorted(found)


def scope_ids(lesson_anchor: str, html: str, toc: list[dict[str, Any]]) -> ConvertedPart:
    """A part's HTML with its ids prefixed by its lesson's anchor (kept as is: the anchor itself),
    so that two lessons' « À retenir » stay two anchors; its own links to them follow."""
    own = {m.group("id") for m in _ID.finditer(html)} - {lesson_anchor}

    def new(anchor: str) -> str:
        return f"{lesson_anchor}--{anchor}" if anchor in own else anchor

    html = _ID.sub(lambda m: m.group("before") + new(m.group("id")) + m.group("after"), html)
    html = _HREF.sub(lambda m: m.group("before") + new(m.group("id")) + m.group("after"), html)

    def renamed(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**t, "id": new(t["id"]), "children": renamed(t.get("children", []))} for t in tokens]

    return ConvertedPart(html, renamed(toc), sorted({m.group("id") for m in _ID.finditer(html)}))


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "_"


class BookletCache:
    """The converted parts of one booklet page, for one kind of build (`scope`: the website, or a
    pack): one JSON file, `{key: part}`, read once and written once at the end of the page, only if
    a part was converted or left out."""

    def __init__(self, root: Path, scope: str, booklet: str, context: str) -> None:
        self.path = root / CACHE_DIR / _slug(scope) / f"{_slug(booklet.removesuffix('.md'))}.json"
        self.booklet = booklet
        self.context = context
        self.entries: dict[str, dict[str, Any]] = {}
        try:
            found = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(found, dict):
                self.entries = found
        except (OSError, ValueError):
            pass
        self.kept: dict[str, dict[str, Any]] = {}
        self.converted = 0
        self.reused = 0

    def key(self, part: Part, resolved: Mapping[str, str | None]) -> str:
        """The part's key; `resolved`: the URL each of its link targets resolves to (None: not found)."""
        digest = hashlib.sha256(f"format {KEY_FORMAT}\0".encode())
        digest.update(hashlib.sha256(_SOURCE).digest())
        for text in (self.context, self.booklet, part.lesson, part.markdown):
            digest.update(f"\0{len(text)}\0{text}".encode())
        digest.update(json.dumps(sorted(resolved.items())).encode())
        return digest.hexdigest()[:32]

    def get(self, key: str) -> ConvertedPart | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            found = ConvertedPart(**entry)
        except TypeError:  # written by another version
            return None
        self.kept[key] = entry
        self.reused += 1
        return found

    def put(self, key: str, part: ConvertedPart, keep: bool = True) -> None:
        """A freshly converted part, kept unless `keep` is false."""
        self.converted += 1
        if keep:
            self.kept[key] = asdict(part)

    def save(self) -> None:
        """Write the parts this build used, and only them (written aside, then renamed: never half a
        file); nothing if they are the ones already there."""
        if self.kept.keys() == self.entries.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}-{os.getpid()}")
        partial.write_text(json.dumps(self.kept, ensure_ascii=False), encoding="utf-8")
        partial.replace(self.path)


def prune_booklets(root: Path, scope: str, booklets: Iterable[str]) -> None:
    """Remove the cached booklets of a scope that this build did not make (a track removed)."""
    folder = root / CACHE_DIR / _slug(scope)
    kept = {f"{_slug(booklet.removesuffix('.md'))}.json" for booklet in booklets}
    if folder.is_dir():
        for entry in folder.glob("*.json"):
            if entry.name not in kept:
                entry.unlink(missing_ok=True)
