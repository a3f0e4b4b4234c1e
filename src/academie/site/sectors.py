"""The pages of the sector paths (« parcours métier »): the list of trades, `/secteurs/`, and each
trade's syllabus, `/secteurs/<id>/`, rendered by the tracks' own syllabus template.

A sector path has no offline pack, evaluation, booklet or GIFT file of its own: its page sends the
learner to those of its base track (`SectorLayout`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from academie.content.catalogue import Catalogue
from academie.content.model import Track
from academie.content.sectors import SectorPath
from academie.site.pages import (
    SECTORS_INDEX,
    SITE,
    GeneratedPage,
    Layout,
    link,
    render,
    sector_source,
    syllabus,
    track_label,
)


@dataclass(frozen=True)
class SectorLayout(Layout):
    """A sector path's syllabus at /secteurs/<id>/, with its base track's evaluation, booklet and questions."""

    base_track: Track | None = None

    def _base(self, track: Track) -> Track:
        return self.base_track or track

    def syllabus(self, track: Track) -> str:
        return sector_source(track.id)

    def assessment(self, track: Track) -> str:
        return SITE.assessment(self._base(track))

    def booklet(self, track: Track) -> str:
        return SITE.booklet(self._base(track))

    def gift(self, track: Track) -> str:
        return SITE.gift(self._base(track))


def front_matter(**fields: str) -> str:
    """YAML front matter; JSON strings are valid YAML and need no escaping rules of their own."""
    return (
        "---\n"
        + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items())
        + "---\n\n"
    )


def sector_syllabus(catalogue: Catalogue, path: SectorPath, directory_urls: bool = True) -> GeneratedPage:
    track = catalogue.sector_track(path.id)
    layout = SectorLayout(sector=path, base_track=catalogue.track(path.base))
    page = syllabus(catalogue, track, layout, directory_urls)
    # Its modules repeat the base track's syllabus and the lessons: kept out of the search index, like
    # booklets; the trades are found through /secteurs/ and through their own lessons.
    matter = front_matter(description=path.summary).replace("---\n\n", "search:\n  exclude: true\n---\n\n", 1)
    return GeneratedPage(page.source, matter + page.markdown)


def sector_cards(catalogue: Catalogue, from_source: str) -> list[dict[str, object]]:
    """What a card shows of each sector path: name, for whom, lessons, duration, link."""
    cards = []
    for path in catalogue.sector_paths:
        track = catalogue.sector_track(path.id)
        cards.append(
            {
                "path": path,
                "lessons": len(catalogue.track_lessons(track)),
                "duration": catalogue.track_duration(track),
                "link": link(from_source, sector_source(path.id)),
                "base_label": track_label(catalogue.track(path.base)),
            }
        )
    return cards


def sectors_index(catalogue: Catalogue) -> GeneratedPage:
    return GeneratedPage(SECTORS_INDEX, render("secteurs_index.md.j2", cards=sector_cards(catalogue, SECTORS_INDEX)))


def sector_pages(catalogue: Catalogue, directory_urls: bool = True) -> list[GeneratedPage]:
    """/secteurs/ and one syllabus per sector path; none when the project has no sector file."""
    if not catalogue.sector_files:
        return []
    paths = catalogue.sector_paths
    return [sectors_index(catalogue), *(sector_syllabus(catalogue, path, directory_urls) for path in paths)]
