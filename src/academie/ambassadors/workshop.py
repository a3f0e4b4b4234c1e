"""Workshop schedules: a one- or two-hour session run by an ambassador, timed from the lessons.

In the spirit of the Carpentries' schedules: each step has a start time and a length, the
lessons are shown in the track's order with their quiz done together right after, and the
two-hour session has a break near its middle. The session samples the track module by module;
lessons that do not fit are left for the participants to follow on their own afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from academie.content.catalogue import Catalogue, Lesson
from academie.content.divs import instructor_notes
from academie.content.model import Track
from academie.site.booklet import rebase_links

WORKSHOP_LENGTHS = (60, 120)
WELCOME_MINUTES = {60: 5, 120: 10}
CLOSING_MINUTES = 10
BREAK_MINUTES = 10
BREAK_FROM = 90  # sessions this long or longer have a break
MINUTES_PER_QUESTION = 1  # read the question, vote by show of hands, read the explanation
MIN_DISCUSSION = 5  # spare time shorter than this goes to the closing step


class Step(StrEnum):
    WELCOME = "accueil"
    LESSON = "lecon"
    QUIZ = "quiz"
    BREAK = "pause"
    DISCUSSION = "echanges"
    CLOSING = "conclusion"


@dataclass(frozen=True)
class Slot:
    step: Step
    start: int  # minutes since the start of the session
    minutes: int
    lesson: Lesson | None = None

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass(frozen=True)
class Workshop:
    track: Track
    length: int  # minutes
    slots: tuple[Slot, ...]
    later: tuple[Lesson, ...]  # the track's lessons not shown, to follow alone afterwards

    @property
    def shown(self) -> list[Lesson]:
        return [s.lesson for s in self.slots if s.step is Step.LESSON and s.lesson is not None]

    @property
    def quiz_count(self) -> int:
        return sum(1 for s in self.slots if s.step is Step.QUIZ)


def quiz_minutes(lesson: Lesson) -> int:
    return len(lesson.questions) * MINUTES_PER_QUESTION


def lesson_minutes(lesson: Lesson) -> int:
    """What showing a lesson costs: its duration, then its quiz done together."""
    return lesson.duration + quiz_minutes(lesson)


def choose_lessons(catalogue: Catalogue, track: Track, budget: int) -> tuple[list[Lesson], list[Lesson]]:
    """The lessons a session of `budget` minutes shows, in the track's order, and the others.

    A workshop gives a taste of the whole track: it takes the first lesson of each module, then
    the second of each, and so on, keeping each lesson that fits the time left, unless one of its
    prerequisites in the track is not shown (the group would lack the basis for it)."""
    ordered = catalogue.track_lessons(track)
    in_track = {lesson.id for lesson in ordered}
    modules = [catalogue.module_lessons(track, index) for index in range(len(track.modules))]
    rounds = max((len(m) for m in modules), default=0)
    candidates = [m[rank] for rank in range(rounds) for m in modules if rank < len(m)]
    chosen: set[str] = set()
    used = 0
    for lesson in candidates:
        ready = all(p in chosen for p in lesson.meta.prerequisites if p in in_track)
        if lesson.id not in chosen and ready and used + lesson_minutes(lesson) <= budget:
            chosen.add(lesson.id)
            used += lesson_minutes(lesson)
    return [x for x in ordered if x.id in chosen], [x for x in ordered if x.id not in chosen]


def plan_workshop(catalogue: Catalogue, track: Track, length: int) -> Workshop:
    """The schedule of a `length`-minute session on `track`; its steps add up to exactly `length`."""
    welcome = WELCOME_MINUTES.get(length, 5)
    has_break = length >= BREAK_FROM
    budget = length - welcome - CLOSING_MINUTES - (BREAK_MINUTES if has_break else 0)
    shown, later = choose_lessons(catalogue, track, budget)

    blocks: list[list[tuple[Step, int, Lesson | None]]] = []
    for lesson in shown:
        block: list[tuple[Step, int, Lesson | None]] = [(Step.LESSON, lesson.duration, lesson)]
        if lesson.questions:
            block.append((Step.QUIZ, quiz_minutes(lesson), lesson))
        blocks.append(block)
    steps: list[tuple[Step, int, Lesson | None]] = [(Step.WELCOME, welcome, None)]
    break_after = _break_position(blocks, welcome, length) if has_break else None
    for index, block in enumerate(blocks):
        steps += block
        if index == break_after:
            steps.append((Step.BREAK, BREAK_MINUTES, None))
    spare = budget - sum(lesson_minutes(lesson) for lesson in shown)
    if has_break and break_after is None:
        steps.append((Step.BREAK, BREAK_MINUTES, None))
    closing = CLOSING_MINUTES
    if spare >= MIN_DISCUSSION:
        steps.append((Step.DISCUSSION, spare, None))
    else:
        closing += spare
    steps.append((Step.CLOSING, closing, None))

    slots: list[Slot] = []
    start = 0
    for step, minutes, subject in steps:
        slots.append(Slot(step, start, minutes, subject))
        start += minutes
    return Workshop(track=track, length=length, slots=tuple(slots), later=tuple(later))


def _break_position(blocks: list[list[tuple[Step, int, Lesson | None]]], welcome: int, length: int) -> int | None:
    """Index of the lesson after which the break falls: the end of a lesson (and its quiz) closest
    to the middle of the session. None when fewer than two lessons are shown."""
    if len(blocks) < 2:
        return None
    ends, elapsed = [], welcome
    for block in blocks[:-1]:
        elapsed += sum(minutes for _, minutes, _ in block)
        ends.append(elapsed)
    return min(range(len(ends)), key=lambda i: abs(ends[i] - length / 2))


@dataclass(frozen=True)
class TrainerNotes:
    lesson: Lesson
    notes: tuple[str, ...]  # Markdown, links seen from the workshop page


def trainer_notes(catalogue: Catalogue, track: Track, page: str) -> list[TrainerNotes]:
    """The instructor notes of the track's lessons (« ::: instructor » blocks, never shown to learners),
    in the track's order, for the workshop script at `page`."""
    found = []
    for lesson in catalogue.track_lessons(track):
        notes = tuple(rebase_links(note, lesson, page, catalogue, set()) for note in instructor_notes(lesson.body))
        if notes:
            found.append(TrainerNotes(lesson, notes))
    return found
