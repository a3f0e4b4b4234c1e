"""Pages generated from the catalogue: track list, syllabi, lesson catalogue, lesson header and footer.

Python computes the data; the Jinja2 templates in `templates/` hold the markup. Links are
written as relative links to the Markdown sources, so the site engine resolves them to
whatever URL style it uses (directory URLs online, `.html` files in the offline packs).
"""

from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from academie.content.catalogue import Catalogue, Lesson, format_duration
from academie.content.model import AUDIENCE_LABELS, LEVEL_LABELS, SECTOR_LABELS, Track
from academie.content.sectors import SectorPath
from academie.content.validate import french_date
from academie.site.assessment import assessment_pool, assessment_size
from academie.site.fingerprints import quiz_fingerprint
from academie.site.gift import track_gift
from academie.site.packs import pack_name
from academie.site.urls import page_link

TRACKS_INDEX = "parcours/index.md"
CATALOGUE_PAGE = "catalogue.md"
PROGRESS_PAGE = "progression.md"
ORIENTATION_PAGE = "par-ou-commencer.md"
DOWNLOADS_PAGE = "telechargements/index.md"
AMBASSADORS_PAGE = "ambassadeurs/index.md"
SECTORS_INDEX = "secteurs/index.md"


def sector_source(sector_id: str) -> str:
    """The page of a sector path (site/sectors.py), e.g. « secteurs/restauration/index.md »."""
    return f"secteurs/{sector_id}/index.md"


@dataclass(frozen=True)
class Layout:
    """Where the generated pages of a track stand: on the website, or in the track's offline pack,
    whose home page is the track's syllabus."""

    pack: str | None = None  # the track id of the pack being built
    sector: SectorPath | None = None  # a sector path's page, laid out by site/sectors.py (SectorLayout)

    def syllabus(self, track: Track) -> str:
        return "index.md" if self.pack else f"parcours/{track.id}/index.md"

    def assessment(self, track: Track) -> str:
        return "evaluation.md" if self.pack else f"parcours/{track.id}/evaluation.md"

    def booklet(self, track: Track) -> str:
        return "livret.md" if self.pack else f"parcours/{track.id}/livret.md"

    def directory_urls(self, site: bool) -> bool:
        """Whether its pages have directory addresses: as the website's (`site`), never in a pack."""
        return site and self.pack is None

    def gift(self, track: Track) -> str:
        return f"questions-{track.id}.gift" if self.pack else f"parcours/{track.id}/questions-{track.id}.gift"


SITE = Layout()


def pack_aliases(track: Track) -> dict[str, str]:
    """The pages of the website a track's pack holds under another path, from the website's path to
    the pack's. A lesson's footer links to its syllabus by the website's path in the pack too, and the
    pack's build resolves it (page_cache.py): the lesson's Markdown is then the same on both sides."""
    return {SITE.syllabus(track): Layout(pack=track.id).syllabus(track)}


def syllabus_source(track: Track) -> str:
    return SITE.syllabus(track)


def assessment_source(track: Track) -> str:
    return SITE.assessment(track)


def gift_source(track: Track) -> str:
    return SITE.gift(track)


@dataclass(frozen=True)
class GeneratedPage:
    """A page (Markdown) or a plain file the hooks add to the site without writing into content/."""

    source: str  # path inside the site's sources, e.g. "parcours/tpe/index.md"
    markdown: str


# Every page, booklet, notebook and kit template of the platform; the scripts and styles they use sit in assets/.
TEMPLATES_DIR = Path(__file__).with_name("templates")
ASSETS_DIR = Path(__file__).with_name("assets")


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        # HTML templates are autoescaped; Markdown templates are not, and escape HTML attributes with |e.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["duration"] = format_duration
    env.filters["audience"] = lambda a: AUDIENCE_LABELS[a]
    env.filters["level"] = lambda lv: LEVEL_LABELS[lv]
    env.filters["sector"] = lambda s: SECTOR_LABELS[s]
    env.filters["french_date"] = french_date
    # Plain text as Python-Markdown writes it: &, < and > escaped, quotes left as they are.
    env.filters["text"] = lambda value: Markup(html.escape(str(value), quote=False))
    # French typography: a no-break space before « : ; ! ? » and inside « », written {{ nbsp }}.
    env.globals["nbsp"] = "\u00a0"
    return env


def environment() -> jinja2.Environment:
    """The one Jinja2 environment of the project's templates (other modules add their filters to it)."""
    return _environment()


def platform_assets() -> list[tuple[str, Path]]:
    """The platform's scripts and styles as (path in the site, file): added to every site and pack by the hooks."""
    return sorted((f"assets/{p.relative_to(ASSETS_DIR).as_posix()}", p) for p in ASSETS_DIR.rglob("*") if p.is_file())


def render(template: str, **data: object) -> str:
    return _environment().get_template(template).render(**data)


def link(from_source: str, to_source: str) -> str:
    """Relative link between two source files, as Markdown expects it."""
    return posixpath.relpath(to_source, posixpath.dirname(from_source) or ".")


def track_label(track: Track) -> str:
    return f"Parcours {AUDIENCE_LABELS[track.audience]}"


def tracks_index(catalogue: Catalogue) -> GeneratedPage:
    cards = [
        {
            "track": track,
            "label": track_label(track),
            "lessons": len(catalogue.track_lessons(track)),
            "duration": catalogue.track_duration(track),
            "link": link(TRACKS_INDEX, syllabus_source(track)),
        }
        for track in catalogue.tracks
    ]
    return GeneratedPage(TRACKS_INDEX, render("tracks_index.md.j2", cards=cards))


def syllabus(catalogue: Catalogue, track: Track, layout: Layout = SITE, directory_urls: bool = True) -> GeneratedPage:
    """A track's syllabus; `directory_urls`: the site's (a pack's pages are .html files)."""
    source = layout.syllabus(track)
    urls = layout.directory_urls(directory_urls)
    # A sector path has no pack nor evaluation of its own: its page links to its base track's.
    base = catalogue.track(layout.sector.base) if layout.sector else track
    number = 0
    modules = []
    for index, module in enumerate(track.modules):
        lessons: list[dict[str, object]] = []
        module_lessons = catalogue.module_lessons(track, index)
        for lesson in module_lessons:
            number += 1
            lessons.append({"lesson": lesson, "number": number, "href": page_link(source, lesson.source, urls)})
        modules.append(
            {"title": module.title, "lessons": lessons, "duration": sum(lesson.duration for lesson in module_lessons)}
        )
    markdown = render(
        "syllabus.md.j2",
        track=track,
        label=track_label(track),
        modules=modules,
        lesson_count=number,
        duration=catalogue.track_duration(track),
        assessment_link=link(source, layout.assessment(track)) if assessment_size(catalogue, track) else None,
        booklet_link=link(source, layout.booklet(track)),
        gift_link=link(source, layout.gift(track)),
        question_count=sum(len(lesson.questions) for lesson in catalogue.track_lessons(track)),
        in_pack=layout.pack is not None,
        downloads_link=link(source, DOWNLOADS_PAGE),
        pack_file=pack_name(base.id),
        sector=layout.sector,
        base=base,
        base_label=track_label(base),
        base_link=link(source, SITE.syllabus(base)),
    )
    return GeneratedPage(source, markdown)


def catalogue_page(catalogue: Catalogue, directory_urls: bool = True) -> GeneratedPage:
    rows = [
        {
            "lesson": lesson,
            "href": page_link(CATALOGUE_PAGE, lesson.source, directory_urls),
            "tracks": [
                (track_label(p.track), page_link(CATALOGUE_PAGE, syllabus_source(p.track), directory_urls))
                for p in catalogue.positions(lesson.id)
            ],
        }
        for lesson in sorted(catalogue.lessons.values(), key=lambda x: x.title.lower())
    ]
    lessons = catalogue.lessons.values()
    used = {s for lesson in lessons for s in lesson.meta.sectors}
    markdown = render(
        "catalogue.md.j2",
        rows=rows,
        total=len(rows),
        # The filters (assets/academie-catalogue.js) offer only the values some lesson has.
        sector_options=[(s.value, label) for s, label in SECTOR_LABELS.items() if s in used],
        audience_options=[
            (a.value, label) for a, label in AUDIENCE_LABELS.items() if any(a in x.meta.audiences for x in lessons)
        ],
        level_options=[
            (lv.value, label) for lv, label in LEVEL_LABELS.items() if any(lv == x.meta.level for x in lessons)
        ],
        sectors_link=link(CATALOGUE_PAGE, SECTORS_INDEX) if catalogue.sector_files else None,
    )
    return GeneratedPage(CATALOGUE_PAGE, markdown)


def script_json(data: object) -> str:
    """JSON safe to embed in a <script type="application/json"> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def progress_page(catalogue: Catalogue, layout: Layout = SITE) -> GeneratedPage:
    tracks = [
        {"id": t.id, "label": track_label(t), "link": link(PROGRESS_PAGE, layout.syllabus(t))} for t in catalogue.tracks
    ]
    data = [
        {
            "id": t.id,
            "title": t.title,
            "lessons": [{"id": lesson.id, "duration": lesson.duration} for lesson in catalogue.track_lessons(t)],
        }
        for t in catalogue.tracks
    ]
    return GeneratedPage(PROGRESS_PAGE, render("progression.md.j2", tracks=tracks, data_json=script_json(data)))


def assessment_page(
    catalogue: Catalogue, track: Track, layout: Layout = SITE, directory_urls: bool = True
) -> GeneratedPage | None:
    """The track's final evaluation, or None when its lessons have no quiz (no « 0 sur 0 » page);
    `directory_urls`: the site's (a pack's pages are .html files)."""
    if not assessment_size(catalogue, track):
        return None
    source = layout.assessment(track)
    urls = layout.directory_urls(directory_urls)
    lessons = catalogue.track_lessons(track)
    markdown = render(
        "evaluation.md.j2",
        track=track,
        label=track_label(track),
        size=assessment_size(catalogue, track),
        pass_mark=track.final_assessment.pass_mark,
        syllabus_link=link(source, layout.syllabus(track)),
        lessons=lessons,
        lesson_links={lesson.id: page_link(source, lesson.source, urls) for lesson in lessons},
        duration=catalogue.track_duration(track),
        pool_json=script_json(assessment_pool(catalogue, track)),
    )
    return GeneratedPage(source, markdown)


def orientation_page(catalogue: Catalogue) -> GeneratedPage | None:
    orientation = catalogue.orientation
    if orientation is None:
        return None
    suggested = {i for q in orientation.questions for c in q.choices for i in c.lessons}
    starts = {t.id: [lsn.id for lsn in catalogue.track_lessons(t)[:2]] for t in catalogue.tracks}
    suggested |= {i for ids in starts.values() for i in ids}
    data = {
        "questions": [
            {
                "id": q.id,
                "choices": [
                    {"points": dict(c.points), "lessons": list(c.lessons), "sector": c.sector} for c in q.choices
                ],
            }
            for q in orientation.questions
        ],
        "tracks": [
            {
                "id": t.id,
                "title": t.title,
                "why": orientation.recommendations.get(t.id, ""),
                "lessons": [lsn.id for lsn in catalogue.track_lessons(t)],
                "start": starts[t.id],
            }
            for t in catalogue.tracks
        ],
    }
    markdown = render(
        "orientation.md.j2",
        questions=orientation.questions,
        tracks=[
            {"id": t.id, "title": t.title, "link": link(ORIENTATION_PAGE, syllabus_source(t))} for t in catalogue.tracks
        ],
        lessons=[
            {"id": i, "title": catalogue.lessons[i].title, "link": link(ORIENTATION_PAGE, catalogue.lessons[i].source)}
            for i in sorted(suggested)
            if i in catalogue.lessons
        ],
        sectors=[
            {"id": p.id, "title": p.title, "link": link(ORIENTATION_PAGE, sector_source(p.id))}
            for p in catalogue.sector_paths
        ],
        data_json=script_json(data),
    )
    return GeneratedPage(ORIENTATION_PAGE, markdown)


def generated_pages(catalogue: Catalogue, directory_urls: bool = True) -> list[GeneratedPage]:
    pages = [
        tracks_index(catalogue),
        *(syllabus(catalogue, t, directory_urls=directory_urls) for t in catalogue.tracks),
        catalogue_page(catalogue, directory_urls),
        progress_page(catalogue),
        *(assessment_page(catalogue, t, directory_urls=directory_urls) for t in catalogue.tracks),
        orientation_page(catalogue),
        *(GeneratedPage(gift_source(t), track_gift(catalogue, t)) for t in catalogue.tracks),
    ]
    return [page for page in pages if page is not None]


def lesson_header(catalogue: Catalogue, lesson: Lesson) -> str:
    prerequisites = [
        (catalogue.lessons[p].title, link(lesson.source, catalogue.lessons[p].source))
        for p in lesson.meta.prerequisites
        if p in catalogue.lessons
    ]
    return render("lesson_header.md.j2", lesson=lesson, meta=lesson.meta, prerequisites=prerequisites)


def lesson_footer(catalogue: Catalogue, lesson: Lesson) -> str:
    """The tracks' previous and next lessons and syllabus. A pack's lessons link to the syllabus by
    the website's path too: the pack resolves it to its own (pack_aliases)."""
    positions = [
        {
            "label": track_label(p.track),
            "syllabus": link(lesson.source, SITE.syllabus(p.track)),
            "number": p.index + 1,
            "total": p.total,
            "previous": p.previous and (p.previous.title, link(lesson.source, p.previous.source)),
            "next": p.next and (p.next.title, link(lesson.source, p.next.source)),
        }
        for p in catalogue.positions(lesson.id)
    ]
    return render(
        "lesson_footer.md.j2",
        positions=positions,
        meta=lesson.meta,
        has_quiz=bool(lesson.quizzes),
        counted_practices=sum(block.counts for block in lesson.practices),
        pass_mark=lesson.pass_mark,
        quiz_fingerprint=quiz_fingerprint(lesson),
    )


def navigation(catalogue: Catalogue) -> list[dict[str, Any]]:
    """Site navigation: tracks first, then the catalogue. Lessons stay out of it so that a
    page's size does not grow with the catalogue; syllabi and footers lead to them."""
    tracks: list[dict[str, str]] = [{"Tous les parcours": TRACKS_INDEX}]
    tracks += [{track_label(t): syllabus_source(t)} for t in catalogue.tracks]
    start = [{"Par où commencer ?".replace(" ?", "\u00a0?"): ORIENTATION_PAGE}] if catalogue.orientation else []
    trades = [{"Par métier": SECTORS_INDEX}] if catalogue.sector_files else []
    return [
        {"Accueil": "index.md"},
        *start,
        {"Parcours": tracks},
        *trades,
        {"Catalogue des leçons": CATALOGUE_PAGE},
        {"Ma progression": PROGRESS_PAGE},
        {"Télécharger les parcours": DOWNLOADS_PAGE},
        {"Espace ambassadeurs": AMBASSADORS_PAGE},
    ]
