"""The pages of the offline packs and of the downloads: booklets, the downloads page, a pack's home and navigation."""

from __future__ import annotations

from academie.content.catalogue import Catalogue
from academie.content.model import Track
from academie.site.assessment import assessment_size
from academie.site.booklet import lesson_anchor, lesson_part
from academie.site.gift import track_gift
from academie.site.packs import README_NAME, PackFile, academie_version, content_date, pack_path
from academie.site.pages import (
    DOWNLOADS_PAGE,
    PROGRESS_PAGE,
    SITE,
    GeneratedPage,
    Layout,
    assessment_page,
    generated_pages,
    link,
    progress_page,
    render,
    syllabus,
    syllabus_source,
    track_label,
)
from academie.site.scorm import scorm_path
from academie.site.sectors import sector_pages


def booklet_page(catalogue: Catalogue, track: Track, layout: Layout = SITE) -> GeneratedPage:
    source = layout.booklet(track)
    inside = {lesson.id for lesson in catalogue.track_lessons(track)}

    def printable_quiz(block: object) -> str:
        return render("booklet_quiz.html.j2", block=block)

    parts, modules = [], []
    for index, module in enumerate(track.modules, start=1):
        lessons = catalogue.module_lessons(track, index - 1)
        modules.append(
            {
                "title": module.title,
                "lessons": [
                    {"title": lesson.title, "duration": lesson.duration, "anchor": lesson_anchor(lesson)}
                    for lesson in lessons
                ],
            }
        )
        parts += [
            {
                "lesson": lesson,
                "module": index,
                "anchor": lesson_anchor(lesson),
                "body": lesson_part(catalogue, lesson, inside, printable_quiz),
            }
            for lesson in lessons
        ]
    markdown = render(
        "booklet.md.j2",
        track=track,
        label=track_label(track),
        modules=modules,
        parts=parts,
        lesson_count=len(parts),
        duration=catalogue.track_duration(track),
    )
    return GeneratedPage(source, markdown)


def downloads_page(
    catalogue: Catalogue, packs: dict[str, PackFile], scorm: dict[str, PackFile] | None = None
) -> GeneratedPage:
    rows = []
    for track in catalogue.tracks:
        pack = packs.get(track.id)
        package = (scorm or {}).get(track.id)
        rows.append(
            {
                "track": track,
                "label": track_label(track),
                "pack": pack,
                "link": link(DOWNLOADS_PAGE, pack_path(track.id)) if pack else None,
                "scorm": package,
                "scorm_link": link(DOWNLOADS_PAGE, scorm_path(track.id)) if package else None,
                "lessons": len(catalogue.track_lessons(track)),
                "duration": catalogue.track_duration(track),
                "date": content_date(catalogue, track),
                "syllabus": link(DOWNLOADS_PAGE, syllabus_source(track)),
            }
        )
    return GeneratedPage(DOWNLOADS_PAGE, render("downloads.md.j2", rows=rows, version=academie_version()))


def pack_pages(catalogue: Catalogue, track: Track) -> list[GeneratedPage]:
    """The generated pages of a track's offline pack (its catalogue holds that track only)."""
    layout = Layout(pack=track.id)
    readme = render(
        "lisezmoi.txt.j2",
        track=track,
        label=track_label(track),
        version=academie_version(),
        lessons=catalogue.track_lessons(track),
        duration=catalogue.track_duration(track),
        date=content_date(catalogue, track),
    )
    pages = [
        syllabus(catalogue, track, layout),
        assessment_page(catalogue, track, layout),
        progress_page(catalogue, layout),
        booklet_page(catalogue, track, layout),
        GeneratedPage(layout.gift(track), track_gift(catalogue, track)),
        GeneratedPage(README_NAME, readme),
    ]
    return [page for page in pages if page is not None]


def pack_navigation(catalogue: Catalogue, track: Track) -> list[dict[str, object]]:
    layout = Layout(pack=track.id)
    evaluation: list[dict[str, object]] = (
        [{"Évaluation finale": layout.assessment(track)}] if assessment_size(catalogue, track) else []
    )
    return [
        {"Programme du parcours": layout.syllabus(track)},
        *evaluation,
        {"Livret à imprimer": layout.booklet(track)},
        {"Ma progression": PROGRESS_PAGE},
    ]


def site_pages(catalogue: Catalogue, directory_urls: bool = True) -> list[GeneratedPage]:
    """Every page the website adds to content/: the generated pages and each track's booklet
    (`directory_urls`: mkdocs.yml's use_directory_urls, for the pages written as HTML)."""
    return [
        *generated_pages(catalogue, directory_urls),
        *(booklet_page(catalogue, t) for t in catalogue.tracks),
        *sector_pages(catalogue, directory_urls),
    ]
