"""The catalogue: every lesson and track, loaded and checked together, and what is computed from them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from academie.content.frontmatter import FrontMatter
from academie.content.model import Audience, LessonMeta, Track
from academie.content.orientation import Orientation
from academie.content.practice import PracticeBlock
from academie.content.quiz import QuizBlock, QuizQuestion
from academie.content.sectors import SectorFile, SectorPath, sector_track
from academie.content.yamltext import YamlDoc

TRACK_ORDER = {audience: rank for rank, audience in enumerate(Audience)}
DEFAULT_PASS_MARK = 70  # % of right answers that validates a lesson's quizzes


@dataclass(eq=False)
class Lesson:
    meta: LessonMeta
    source: str  # its page inside content/, POSIX form: "bases/qu-est-ce-que-l-ia.md" (a notebook's is "x.md")
    display_path: str  # path shown to authors: "content/bases/qu-est-ce-que-l-ia.md"
    front: FrontMatter = field(repr=False)
    quizzes: tuple[QuizBlock, ...] = ()
    practices: tuple[PracticeBlock, ...] = ()  # ```atelier and ```reperer blocks, in the order of the text
    notebook: str | None = None  # for a notebook lesson, its .ipynb inside content/ ("carnets/x.ipynb")
    # The files of content/ its page shows or links to, found once (links.lesson_references): kept
    # with the lesson, and so in the catalogue `academie build` hands to its MkDocs processes.
    references: frozenset[str] | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def duration(self) -> int:
        return self.meta.minutes

    @property
    def pass_mark(self) -> int:
        return self.meta.pass_mark or DEFAULT_PASS_MARK

    @property
    def body(self) -> str:
        return self.front.body

    @property
    def questions(self) -> list[QuizQuestion]:
        return [q for block in self.quizzes for q in block.questions]


@dataclass(eq=False)
class TrackFile:
    track: Track
    display_path: str
    doc: YamlDoc = field(repr=False)

    def line_of(self, loc: tuple[int | str, ...]) -> int:
        return self.doc.line_of(loc)


@dataclass(frozen=True)
class TrackPosition:
    track: Track
    index: int  # 0-based position among the track's lessons
    total: int
    previous: Lesson | None
    next: Lesson | None


@dataclass(eq=False)
class Catalogue:
    lessons: dict[str, Lesson]
    track_files: dict[str, TrackFile]
    broken_ids: frozenset[str] = frozenset()  # ids of lessons that failed to load, already reported
    orientation: Orientation | None = None
    sector_files: dict[str, SectorFile] = field(default_factory=dict)  # tracks/secteurs/*.yml, by id

    @cached_property
    def tracks(self) -> list[Track]:
        return sorted((f.track for f in self.track_files.values()), key=lambda t: (TRACK_ORDER[t.audience], t.id))

    @cached_property
    def by_source(self) -> dict[str, Lesson]:
        return {lesson.source: lesson for lesson in self.lessons.values()}

    def track(self, track_id: str) -> Track:
        return self.track_files[track_id].track

    def track_lessons(self, track: Track) -> list[Lesson]:
        return [self.lessons[i] for module in track.modules for i in module.lessons if i in self.lessons]

    def module_lessons(self, track: Track, module_index: int) -> list[Lesson]:
        return [self.lessons[i] for i in track.modules[module_index].lessons if i in self.lessons]

    def track_duration(self, track: Track) -> int:
        return sum(lesson.duration for lesson in self.track_lessons(track))

    @cached_property
    def sector_paths(self) -> list[SectorPath]:
        """The sector paths, by title (« Agriculture », « Bâtiment »…)."""
        return sorted((f.path for f in self.sector_files.values()), key=lambda p: (sort_key(p.title), p.id))

    @cached_property
    def _sector_tracks(self) -> dict[str, Track]:
        return {p.id: sector_track(self, p) for p in self.sector_paths}

    @cached_property
    def trade_lessons(self) -> frozenset[str]:
        """The lessons only a sector path holds (a trade's own lessons), no track."""
        in_tracks = {lesson.id for track in self.tracks for lesson in self.track_lessons(track)}
        in_paths = {i for p in self.sector_paths for m in self.sector_track(p.id).modules for i in m.lessons}
        return frozenset(in_paths - in_tracks)

    def sector_track(self, sector_id: str) -> Track:
        """A sector path's computed curriculum (see content/sectors.py), for a catalogue without errors."""
        return self._sector_tracks[sector_id]

    @cached_property
    def _positions(self) -> dict[str, list[TrackPosition]]:
        positions: dict[str, list[TrackPosition]] = {}
        for track in self.tracks:
            ordered = self.track_lessons(track)
            for index, lesson in enumerate(ordered):
                previous = ordered[index - 1] if index > 0 else None
                following = ordered[index + 1] if index + 1 < len(ordered) else None
                positions.setdefault(lesson.id, []).append(
                    TrackPosition(track, index, len(ordered), previous, following)
                )
        return positions

    def positions(self, lesson_id: str) -> list[TrackPosition]:
        """Where the lesson stands in each track that holds it."""
        return self._positions.get(lesson_id, [])


def sort_key(text: str) -> str:
    """French alphabetical order, accents aside: « Bâtiment » before « Coiffure »."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def format_duration(minutes: int) -> str:
    """French duration: « 45 min », « 1 h », « 3 h 45 »."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}\u00a0min"
    return f"{hours}\u00a0h" + (f"\u00a0{rest:02d}" if rest else "")
