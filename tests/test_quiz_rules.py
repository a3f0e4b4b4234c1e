"""Quiz blocks written wrongly: `academie check` names the file and the exact line of each mistake, all in one run."""

from __future__ import annotations

from pathlib import Path

from conftest import run_academie
from projects import lesson_text, make_project, track_text

# One block per mistake; the marker comment (a YAML comment, ignored by the parser) names the
# line the error must point to: the line the author has to change.
BLOCKS = {
    "two-correct": """\
- question: "Combien de bonnes réponses ?"
  type: "single"
  choices: ["Une", "Deux", "Trois"]
  answer: ["Une", "Deux"]  # <two-correct>
  explanation: "Une seule."
""",
    "not-a-choice": """\
- question: "La réponse est-elle un choix ?"
  type: "single"
  choices: ["Oui", "Non"]
  answer: "Peut-être"  # <not-a-choice>
  explanation: "Non."
""",
    "no-explanation": """\
- question: "Où est l’explication ?"  # <no-explanation>
  type: "single"
  choices: ["Ici", "Là"]
  answer: "Ici"
""",
    "bad-yaml": """\
- question: "Un deux-points sans guillemets"
  type: "single"
  choices: ["A", "B"]
  answer: "A"
  explanation: Attention: ceci casse le YAML  # <bad-yaml>
""",
    "one-choice": """\
- question: "Un seul choix ?"
  type: "single"
  choices: ["Seul"]  # <one-choice>
  answer: "Seul"
  explanation: "Il en faut deux."
""",
    "truefalse-text": """\
- question: "Le soleil est une étoile."
  type: "truefalse"
  answer: "oui"  # <truefalse-text>
  explanation: "C’est une étoile."
""",
    "string": """\
"Ceci n’est pas une liste de questions"  # <string>
""",
}

# What each message says (a part of it), so that each error is told apart from the others.
MESSAGES = {
    "two-correct": "exactement une bonne réponse",
    "not-a-choice": "ne fait pas partie des choix",
    "no-explanation": "explanation",
    "bad-yaml": "quiz illisible",
    "one-choice": "au moins deux choix",
    "truefalse-text": "true ou false",
    "string": "liste de questions",
}

VALID = """\
- question: "Une question bien écrite ?"
  type: "single"
  choices: ["Oui", "Non"]
  answer: "Oui"
  explanation: "Elle est bien écrite."
"""


def quiz_fence(yaml_text: str) -> str:
    return "```quiz\n" + yaml_text + "```\n"


def test_every_quiz_mistake_is_reported_at_its_own_line_in_one_run(tmp_path: Path):
    body = "## Texte\n\nContenu.\n\n" + "\n".join(quiz_fence(text) for text in [VALID, *BLOCKS.values()])
    text = lesson_text("lecon-quiz", body=body)
    project = make_project(
        tmp_path, {"bases/lecon-quiz.md": text}, {"tpe.yml": track_text("tpe", [("Module", ["lecon-quiz"])])}
    )
    lines = text.split("\n")
    expected = {kind: next(n for n, line in enumerate(lines, start=1) if f"# <{kind}>" in line) for kind in BLOCKS}

    result = run_academie("check", root=project)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    reported = [line for line in result.stderr.splitlines() if line.startswith("content/bases/lecon-quiz.md:")]
    assert len(reported) == len(BLOCKS), result.stderr
    for kind, line_number in expected.items():
        matching = [line for line in reported if line.startswith(f"content/bases/lecon-quiz.md:{line_number}: ")]
        assert len(matching) == 1, f"{kind}: attendu à la ligne {line_number}\n{result.stderr}"
        assert MESSAGES[kind] in matching[0], f"{kind}: {matching[0]}"
        assert " — " in matching[0], f"{kind}: le message doit dire comment corriger : {matching[0]}"
    assert f"{len(BLOCKS)} erreur(s)" in result.stderr


def test_a_correct_quiz_passes_the_check(tmp_path: Path):
    text = lesson_text("lecon-quiz", body="## Texte\n\nContenu.\n\n" + quiz_fence(VALID))
    project = make_project(
        tmp_path, {"bases/lecon-quiz.md": text}, {"tpe.yml": track_text("tpe", [("Module", ["lecon-quiz"])])}
    )

    result = run_academie("check", root=project)

    assert result.returncode == 0, result.stderr
