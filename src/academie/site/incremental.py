"""Rebuilding only the pages an edit touched.

Each built output (the website, each offline pack's folder) is saved with the state it was built
from: the digest of what every page depends on (`shared_key`: package, templates, configuration…),
the digest of every file of content/, and each lesson's outline — what other pages show of it (front
matter, quiz questions, practice blocks, files it links to, headings). When the only files that
changed since then are lessons whose outline did not change (a sentence added, a paragraph
rewritten), no other page can have changed but their booklet: those pages alone are rebuilt, in a
copy of the previous output made of hard links (see `hard_link_copy`), by MkDocs in its `--dirty`
mode. Anything else — a new file, a notebook, a title, an image, a template — rebuilds everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from academie.content.catalogue import Catalogue, Lesson
from academie.content.links import lesson_references
from academie.site.hard_links import hard_link_copy
from academie.site.pack_cache import input_files
from academie.site.pages import Layout

STATE_FORMAT = 1
_HEADING = re.compile(r"^#{1,6}\s.*$", re.M)
# Written by every build whether its pages changed or not: never shared with the previous output.
ALWAYS_WRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "search/search_index.js")


@dataclass(frozen=True)
class BuildState:
    shared: str  # shared_key's digest
    files: dict[str, str]  # every file of content/ → its SHA-256
    outlines: dict[str, str]  # every lesson page's source → lesson_outline

    def save(self, path: Path) -> None:
        partial = path.with_name(f"{path.name}-{os.getpid()}")
        partial.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(json.dumps({"format": STATE_FORMAT, **asdict(self)}, sort_keys=True), encoding="utf-8")
        partial.replace(path)

    @staticmethod
    def load(path: Path) -> BuildState | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.pop("format", None) != STATE_FORMAT:
            return None
        try:
            return BuildState(**data)
        except TypeError:
            return None


def content_digests(content: Path) -> dict[str, str]:
    return {
        path.relative_to(content).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in input_files(content)
    }


def lesson_outline(lesson: Lesson) -> str:
    """The digest of what pages other than the lesson's own show of it, or depend on."""
    parts = [
        lesson.meta.model_dump_json(),
        lesson.notebook or "",
        repr([block.questions for block in lesson.quizzes]),
        repr([(block.language, block.exercise) for block in lesson.practices]),
        "\n".join(sorted(lesson_references(lesson))),
        "\n".join(_HEADING.findall(lesson.body)),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def current_state(shared: str, files: dict[str, str], catalogue: Catalogue) -> BuildState:
    return BuildState(shared, files, {lesson.source: lesson_outline(lesson) for lesson in catalogue.lessons.values()})


def edited_lessons(previous: BuildState | None, current: BuildState, catalogue: Catalogue) -> list[Lesson] | None:
    """The lessons whose text alone changed since `previous`, or None when anything else changed
    (then everything is rebuilt). An empty list: nothing changed."""
    if previous is None or previous.shared != current.shared or previous.files.keys() != current.files.keys():
        return None
    lessons: list[Lesson] = []
    for source, digest in current.files.items():
        if previous.files[source] == digest:
            continue
        lesson = catalogue.by_source.get(source)
        if lesson is None or lesson.notebook or previous.outlines.get(source) != current.outlines.get(source):
            return None
        lessons.append(lesson)
    return lessons


def pages_to_rebuild(catalogue: Catalogue, lessons: Iterable[Lesson], layout: Layout) -> list[str]:
    """The pages an edit of these lessons' text changes: theirs, and the booklets that print them."""
    lessons = list(lessons)
    ids = {lesson.id for lesson in lessons}
    pages = [lesson.source for lesson in lessons]
    for track in catalogue.tracks:
        if layout.pack not in (None, track.id):
            continue
        if any(lesson.id in ids for lesson in catalogue.track_lessons(track)):
            pages.append(layout.booklet(track))
    return pages


@dataclass(frozen=True)
class Output:
    """A built output and what is kept of its last good build: the site, or a pack's folder."""

    folder: Path  # the last good build
    state: Path  # its BuildState
    titles: Path  # its pages' titles (written by hooks/incremental_hooks.py)


def plan_rebuild(
    catalogue: Catalogue,
    state: BuildState,
    output: Output,
    layout: Layout,
    copy: Path,
    plan: Path,
    also: Iterable[str] = (),
) -> list[Lesson] | None:
    """When only lessons' text changed since `output`'s last build: `copy` becomes a hard-link copy
    of it and `plan` the file hooks/incremental_hooks.py reads (ACADEMIE_INCREMENTAL): the pages to
    build again, and `also`, other files to write again. Returns the edited lessons, or None when
    everything is to be built."""
    if not output.folder.is_dir() or not output.titles.is_file():
        return None
    edited = edited_lessons(BuildState.load(output.state), state, catalogue)
    if not edited:
        return None
    hard_link_copy(output.folder, copy)
    rebuild = [*pages_to_rebuild(catalogue, edited, layout), *also]
    data = {"rebuild": rebuild, "titles": str(output.titles), "previous": str(output.folder)}
    plan.write_text(json.dumps(data), encoding="utf-8")
    return edited
