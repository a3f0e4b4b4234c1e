"""The sector paths in the ambassadors' kit: a short link /s/<id>/, its QR code, a one-page handout,
and their place on the « Espace ambassadeurs ». `Kit` (kit.py) calls these functions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from academie.ambassadors.links import display_url, sector_qr, sector_short_path
from academie.ambassadors.templates import render
from academie.content.sectors import SectorPath
from academie.site.pages import GeneratedPage, link, sector_source

if TYPE_CHECKING:
    from academie.ambassadors.kit import Kit

SPACE_PAGE = "ambassadeurs/index.md"


def handout_source(path: SectorPath) -> str:
    return f"ambassadeurs/secteurs/{path.id}/fiche.md"


def sector_link(kit: Kit, path: SectorPath) -> str:
    return kit.site.absolute(sector_short_path(path.id))


def space_entries(kit: Kit, source: str) -> list[dict[str, object]]:
    """What the ambassadors' page shows of each sector path."""
    entries = []
    for path in kit.catalogue.sector_paths:
        track = kit.catalogue.sector_track(path.id)
        # The trade's own lessons, which no track holds: their links and QR codes are here.
        own = [lesson for lesson in kit.catalogue.track_lessons(track) if lesson.id in kit.catalogue.trade_lessons]
        entries.append(
            {
                "path": path,
                "short_link": sector_link(kit, path),
                "qr_svg": link(source, sector_qr(path.id, "svg")),
                "qr_png": link(source, sector_qr(path.id, "png")),
                "syllabus": link(source, sector_source(path.id)),
                "handout": link(source, handout_source(path)),
                "lessons": len(kit.catalogue.track_lessons(track)),
                "duration": kit.catalogue.track_duration(track),
                "own": [kit.lesson_entry(lesson, source) for lesson in own],
            }
        )
    return entries


def handout_page(kit: Kit, path: SectorPath) -> GeneratedPage:
    source = handout_source(path)
    track = kit.catalogue.sector_track(path.id)
    lessons = kit.catalogue.track_lessons(track)
    durations = [lesson.duration for lesson in lessons] or [0]
    markdown = render(
        "fiche_secteur.md.j2",
        path=path,
        track=track,
        lesson_count=len(lessons),
        shortest=min(durations),
        longest=max(durations),
        duration=kit.catalogue.track_duration(track),
        outcomes=track.outcomes[:3],
        short_link=sector_link(kit, path),
        short_display=display_url(sector_link(kit, path)),
        qr_svg=link(source, sector_qr(path.id, "svg")),
        space=link(source, SPACE_PAGE),
    )
    return GeneratedPage(source, markdown)


def handout_pages(kit: Kit) -> list[GeneratedPage]:
    return [handout_page(kit, path) for path in kit.catalogue.sector_paths]


def qr_targets(kit: Kit) -> list[tuple[str, str, str, str]]:
    """(SVG path, PNG path, short link, what it is) of each sector path's QR code."""
    return [
        (
            sector_qr(p.id, "svg"),
            sector_qr(p.id, "png"),
            sector_link(kit, p),
            f"du parcours métier «\u00a0{p.title}\u00a0»",
        )
        for p in kit.catalogue.sector_paths
    ]


def redirect_targets(kit: Kit) -> list[tuple[str, str, str, str]]:
    """(short path, page source, title, description) of each sector path's short link."""
    return [(sector_short_path(p.id), sector_source(p.id), p.title, p.summary) for p in kit.catalogue.sector_paths]
