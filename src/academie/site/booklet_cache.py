"""The booklets' parts, converted once: each lesson's part of a track booklet is kept as HTML under
`.cache/livrets/<scope>/<booklet>.json`, and a build converts only the parts found in no cache.

The booklet's Markdown marks each lesson's part (`<!-- academie-livret:<id> -->` …
`<!-- /academie-livret:<id> -->`, see booklet.md.j2). The booklet hook takes the parts out of the
page (`split_parts`: MkDocs then converts only the page's frame, a placeholder standing for each
part), converts the parts whose key is not in the cache, one by one, and puts every part's HTML in
place of its placeholder (`assemble`).

A part is kept as converted before its links are resolved: each link and image of the part holds a
mark (`academie-lien-<n>`) and the part keeps the address written in the Markdown, from the content
root (booklet.lesson_part). Each build resolves them for its own booklet (`from_root`, then MkDocs'
own resolution: the same warnings, so a broken link still fails a --strict build). A part is then
the same for the website's booklet (`parcours/<id>/livret.md`, directory URLs) and for a pack's
(`livret.md`, .html pages): whichever build converts it first, the other takes it from the first
one's cache file (`.cache/livrets/<other scope>/`), even while that build is still running.

A part converted alone gets the same heading ids whatever the other lessons of the booklet: each id
of a part is prefixed with its lesson's anchor (`lecon-<id>--a-retenir`, `scope_ids`), which keeps
them unique on the page, and the part's own `#a-retenir` links follow.

The key hashes everything the part's HTML depends on: its Markdown as assembled (quizzes and
exercises printable, notebook outputs, links out of a pack), its lesson, and the conversion
context the hook gives (mkdocs.yml's markdown_extensions, the versions of Markdown, its extensions
and MkDocs, the hook's source), plus this module's source.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CACHE_DIR = Path(".cache") / "livrets"
# Bump when the recipe of a cache entry changes (this module's source is hashed too).
KEY_FORMAT = "2"
START = "<!-- academie-livret:{id} -->"
BOOKLET_MARK = "<!-- academie-livret:"
_PART = re.compile(
    r"^<!-- academie-livret:(?P<id>[a-z0-9-]+) -->\n(?P<body>.*?)\n<!-- /academie-livret:(?P=id) -->$", re.S | re.M
)
_PLACEHOLDER = re.compile(r"<!-- academie-livret:(?P<id>[a-z0-9-]+) -->")
# What booklet.rebase_links leaves alone: an address with a scheme, from the site's root, or an anchor.
_NOT_REBASED = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|#)")
LINK_MARK = "academie-lien-{n}"
_MARK = re.compile(r'"academie-lien-(?P<n>[0-9]+)"')
_ID = re.compile(r'(?P<before>\s(?:id|name)=")(?P<id>[^"]*)(?P<after>")')
_HREF = re.compile(r'(?P<before>\shref="#)(?P<id>[^"]*)(?P<after>")')
_SOURCE = Path(__file__).read_bytes()


@dataclass(frozen=True)
class Part:
    """A lesson's part of a booklet, as Markdown."""

    lesson: str  # the lesson's id
    markdown: str


@dataclass
class StoredPart:
    """A part as converted, before its links are resolved: its HTML, whose links and images hold a
    mark (LINK_MARK) for each address of `urls`, in order, and its headings (Python-Markdown's toc
    tokens, ids not yet scoped)."""

    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


@dataclass
class ConvertedPart:
    """A part's HTML as it goes into one booklet, its headings for the page's table of contents, the
    anchors it holds and its links to anchors of pages (`[page source, anchor, link]`), which
    MkDocs validates after the build."""

    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    links: list[list[str]] = field(default_factory=list)


def from_root(url: str, booklet: str) -> str:
    """A part's relative address, written from the content root (booklet.lesson_part), seen from the
    booklet page: what booklet.rebase_links used to write into the booklet's Markdown."""
    if _NOT_REBASED.match(url):
        return url
    path, sep, anchor = url.partition("#")
    if not path:
        return url
    return posixpath.relpath(path, posixpath.dirname(booklet) or ".") + sep + anchor


def fill_links(html: str, urls: list[str]) -> str:
    """A stored part's HTML with each mark replaced by its resolved address (already escaped for an
    attribute)."""
    return _MARK.sub(lambda m: f'"{urls[int(m.group("n"))]}"', html)


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
    a part was converted or left out. A part missing from it is looked for in the other builds'
    files (the same lesson converted for the website and for a pack is one part)."""

    def __init__(self, root: Path, scope: str, booklet: str, context: str) -> None:
        self.folder = root / CACHE_DIR
        self.path = self.folder / _slug(scope) / f"{_slug(booklet.removesuffix('.md'))}.json"
        self.context = context
        self.entries = _read(self.path)
        self.others: dict[str, dict[str, Any]] | None = None  # the other builds' parts, read on the first miss
        self.kept: dict[str, dict[str, Any]] = {}
        self.converted = 0
        self.derived = 0
        self.reused = 0

    def key(self, part: Part) -> str:
        digest = hashlib.sha256(f"format {KEY_FORMAT}\0".encode())
        digest.update(hashlib.sha256(_SOURCE).digest())
        for text in (self.context, part.lesson, part.markdown):
            digest.update(f"\0{len(text)}\0{text}".encode())
        return digest.hexdigest()[:32]

    def get(self, key: str) -> StoredPart | None:
        entry = self.entries.get(key)
        if entry is None:
            entry = self._other_builds().get(key)
        if entry is None:
            return None
        try:
            found = StoredPart(**entry)
        except TypeError:  # written by another version
            return None
        self.kept[key] = entry
        self.reused += 1
        return found

    def _other_builds(self) -> dict[str, dict[str, Any]]:
        if self.others is None:
            self.others = {}
            for path in sorted(self.folder.glob("*/*.json")):
                if path != self.path:
                    self.others.update(_read(path))
        return self.others

    def put(self, key: str, part: StoredPart, derived: bool = False) -> None:
        """A freshly converted part, or one made from its lesson's page (`derived`, booklet_parts.py)."""
        if derived:
            self.derived += 1
        else:
            self.converted += 1
        self.kept[key] = vars(part).copy()  # as asdict gives it, without its deep copy (the part is not changed after)

    def save(self) -> None:
        """Write the parts this build used, and only them (written aside, then renamed: never half a
        file, even for a build reading it at the same time); nothing if they are the ones already there."""
        if self.kept.keys() == self.entries.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}-{os.getpid()}")
        partial.write_text(json.dumps(self.kept, ensure_ascii=False), encoding="utf-8")
        partial.replace(self.path)


def _read(path: Path) -> dict[str, dict[str, Any]]:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def prune_booklets(root: Path, scope: str, booklets: Iterable[str]) -> None:
    """Remove the cached booklets of a scope that this build did not make (a track removed)."""
    folder = root / CACHE_DIR / _slug(scope)
    kept = {f"{_slug(booklet.removesuffix('.md'))}.json" for booklet in booklets}
    if folder.is_dir():
        for entry in folder.glob("*.json"):
            if entry.name not in kept:
                entry.unlink(missing_ok=True)
