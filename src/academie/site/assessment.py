"""A track's final assessment: the question pool of its lessons, module by module.

The browser draws `questions_per_lesson` questions from each lesson and shuffles questions
and choices at every attempt (academie-evaluation.js).
"""

from __future__ import annotations

from academie.content.catalogue import Catalogue
from academie.content.model import Track
from academie.content.quiz import QuizQuestion


def question_data(question: QuizQuestion) -> dict[str, object]:
    return {
        "text": question.text,
        "kind": question.kind,
        "explanation": question.explanation,
        "choices": [{"text": c.text, "correct": c.correct, "feedback": c.feedback} for c in question.choices],
    }


def assessment_pool(catalogue: Catalogue, track: Track) -> dict[str, object]:
    modules = []
    for index, module in enumerate(track.modules):
        lessons = [
            {"id": lesson.id, "title": lesson.title, "questions": [question_data(q) for q in lesson.questions]}
            for lesson in catalogue.module_lessons(track, index)
            if lesson.questions
        ]
        modules.append({"title": module.title, "lessons": lessons})
    settings = track.final_assessment
    return {
        "track": track.id,
        "title": track.title,
        "perLesson": settings.questions_per_lesson,
        "passMark": settings.pass_mark,
        "modules": modules,
    }


def assessment_size(catalogue: Catalogue, track: Track) -> int:
    """How many questions one attempt asks."""
    per_lesson = track.final_assessment.questions_per_lesson
    return sum(min(per_lesson, len(lesson.questions)) for lesson in catalogue.track_lessons(track))
