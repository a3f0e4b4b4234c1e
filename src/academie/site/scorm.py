"""A track as a SCORM 1.2 package, for the LMS of training organisations (Moodle and others).

The package is the track's offline pack plus a launch page (`scorm.html`, one SCO for the whole
track: see docs/SCORM.md for why) and `imsmanifest.xml`, which lists the track's outline and every
file of the package. It is zipped like the pack: the same sources give the same bytes.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from academie.content.catalogue import Catalogue, format_duration
from academie.content.model import Track
from academie.site.packs import DOWNLOADS_DIR, LEFT_OUT, academie_version
from academie.site.pages import render

MANIFEST = "imsmanifest.xml"
LAUNCH_PAGE = "scorm.html"
SCORM_FILES = [LAUNCH_PAGE, MANIFEST]  # what a SCORM package adds to the pack


def scorm_name(track_id: str, pack_version: str | None = None) -> str:
    return f"academie-ia-{track_id}-scorm12-{pack_version or academie_version()}.zip"


def scorm_path(track_id: str) -> str:
    return f"{DOWNLOADS_DIR}/{scorm_name(track_id)}"


def pack_page(source: str) -> str:
    """A lesson's page in a pack (built without directory URLs): « bases/x.md » → « bases/x.html »."""
    return posixpath.splitext(source)[0] + ".html"


def launch_data(catalogue: Catalogue, track: Track) -> dict[str, object]:
    """What the launch page's script needs: the track's lessons in order, where they are, where to start."""
    return {
        "track": track.id,
        "start": "index.html",
        "evaluation": "evaluation.html",
        "passMark": track.final_assessment.pass_mark,
        "lessons": [{"id": lesson.id, "page": pack_page(lesson.source)} for lesson in catalogue.track_lessons(track)],
    }


def manifest(catalogue: Catalogue, track: Track, files: list[str]) -> str:
    modules = [
        {"title": module.title, "lessons": catalogue.module_lessons(track, index)}
        for index, module in enumerate(track.modules)
    ]
    return render(
        "imsmanifest.xml.j2",
        track=track,
        version=academie_version(),
        modules=modules,
        lesson_count=len(catalogue.track_lessons(track)),
        duration=format_duration(catalogue.track_duration(track)),
        files=files,
    )


def add_scorm_files(folder: Path, catalogue: Catalogue, track: Track) -> None:
    """Turn a built offline pack (a folder) into a SCORM package: the launch page, then the manifest
    listing every file that will be zipped."""
    launch = render("scorm.html.j2", track=track, data=launch_data(catalogue, track))
    remove_scorm_files(folder)
    (folder / LAUNCH_PAGE).write_text(launch, encoding="utf-8")
    files = sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.name not in LEFT_OUT and path.name != MANIFEST
    )
    (folder / MANIFEST).write_text(manifest(catalogue, track, files), encoding="utf-8")


def remove_scorm_files(folder: Path) -> None:
    """Back to the plain pack (its folder is kept for the next build: see pack_builds.py)."""
    for name in SCORM_FILES:
        (folder / name).unlink(missing_ok=True)
