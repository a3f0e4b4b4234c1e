"""Practice blocks (```atelier, ```reperer) written wrongly: `academie check` names the file and the exact
line of each mistake, in French with its fix, all in one run, before anything is built."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import run_academie
from practice_blocks import BUILD, CHOOSE, REPERER
from projects import ROOT, lesson_text, make_project, track_text

from academie.content.practice import parse_practice_blocks
from academie.content.yamltext import parse_yaml

# One block per mistake; the marker comment (a YAML comment, ignored by the parser) names the line
# the error must point to: the line the author has to change.
BLOCKS = {
    "choice-without-answer": """\
```atelier
kind: choose
situation: "Vous tenez une boulangerie."
requests:
  - text: "Écris un post."
    answer: "Voici un post."
    feedback: "Trop vague."
  - text: "Tu es community manager : écris un post de 4 lignes."  # <choice-without-answer>
    feedback: "Précis."
```
""",
    "segment-without-explanation": """\
```reperer
segments:
  - text: "La galette se mange en janvier, "
  - text: "depuis un décret de 1682."  # <segment-without-explanation>
    wrong: true
```
""",
    "unknown-key": """\
```reperer
segments:
  - text: "La galette se mange en janvier, "
    explication: "Juste."  # <unknown-key>
  - text: "depuis un décret de 1682."
    wrong: true
    explanation: "Inventé."
```
""",
    "no-full-answer": """\
```atelier
kind: build
situation: "Un avis à 2 étoiles."
base: "Réponds à cet avis."
pieces:
  - id: contexte
    label: "Le contexte"
    text: "Je tiens une boulangerie."
  - id: ton
    label: "Le ton"
    text: "Ton cordial."
answers:  # <no-full-answer>
  - pieces: []
    answer: "Merci."
  - pieces: [contexte]
    answer: "Merci, la boulangerie."
```
""",
    "unknown-piece": """\
```atelier
kind: build
situation: "Un avis à 2 étoiles."
base: "Réponds à cet avis."
pieces:
  - id: contexte
    label: "Le contexte"
    text: "Je tiens une boulangerie."
  - id: ton
    label: "Le ton"
    text: "Ton cordial."
answers:
  - pieces: [contexte, tonn]  # <unknown-piece>
    answer: "Merci."
  - pieces: [contexte, ton]
    answer: "Merci, la boulangerie."
```
""",
    "duplicate-piece": """\
```atelier
kind: build
situation: "Un avis à 2 étoiles."
base: "Réponds à cet avis."
pieces:
  - id: ton
    label: "Le ton"
    text: "Ton cordial."
  - id: ton  # <duplicate-piece>
    label: "Le ton encore"
    text: "Ton chaleureux."
answers:
  - pieces: [ton]
    answer: "Merci."
```
""",
    "five-requests": """\
```atelier
kind: choose
situation: "Vous tenez une boulangerie."
requests:  # <five-requests>
  - {text: "Un.", answer: "1", feedback: "a"}
  - {text: "Deux.", answer: "2", feedback: "b"}
  - {text: "Trois.", answer: "3", feedback: "c"}
  - {text: "Quatre.", answer: "4", feedback: "d"}
  - {text: "Cinq.", answer: "5", feedback: "e"}
```
""",
    "two-best": """\
```atelier
kind: choose
situation: "Vous tenez une boulangerie."
requests:
  - text: "Écris un post."
    answer: "Voici un post."
    feedback: "Trop vague."
    best: true
  - text: "Écris un post de 4 lignes."
    answer: "Voici quatre lignes."
    feedback: "Mieux."
    best: true  # <two-best>
```
""",
    "no-wrong-segment": """\
```reperer
segments:  # <no-wrong-segment>
  - text: "La galette se mange en janvier, "
  - text: "avec une fève."
```
""",
    "no-kind": """\
```atelier
situation: "Vous tenez une boulangerie."  # <no-kind>
requests: []
```
""",
    "bad-yaml": """\
```reperer
segments:
  - text: Attention: ceci casse le YAML  # <bad-yaml>
```
""",
}

# What each message says (a part of it), so that each error is told apart from the others.
MESSAGES = {
    "choice-without-answer": "« requests › élément 2 › answer » manquant",
    "segment-without-explanation": "wrong: true sans explication",
    "unknown-key": "clé inconnue « explication »",
    "no-full-answer": "aucune réponse pour la demande complète",
    "unknown-piece": "élément inconnu « tonn »",
    "duplicate-piece": "identifiant d’élément « ton » en double",
    "five-requests": "de 2 à 4 demandes (5 ici)",
    "two-best": "une seule demande peut porter best: true",
    "no-wrong-segment": "aucun passage à repérer",
    "no-kind": "« kind » manquant",
    "bad-yaml": "bloc reperer illisible",
}
# How to fix it (a part of it): the fix names what to write.
FIXES = {
    "choice-without-answer": "écrivez la réponse de l’assistant à cette demande",
    "segment-without-explanation": "ajoutez explanation:",
    "unknown-key": "vouliez-vous dire « explanation »",
    "no-full-answer": "ajoutez une réponse avec pieces: [contexte, ton]",
    "unknown-piece": "contexte, ton",
}


def lesson_with(*blocks: str) -> str:
    return lesson_text("lecon-pratique", body="## Texte\n\nContenu.\n\n" + "\n".join(blocks))


def project_with(tmp_path: Path, text: str) -> Path:
    return make_project(
        tmp_path, {"bases/lecon-pratique.md": text}, {"tpe.yml": track_text("tpe", [("Module", ["lecon-pratique"])])}
    )


def test_every_practice_mistake_is_reported_at_its_own_line_in_one_run(tmp_path: Path):
    text = lesson_with(CHOOSE, *BLOCKS.values(), BUILD, REPERER)
    lines = text.split("\n")
    expected = {kind: next(n for n, line in enumerate(lines, start=1) if f"# <{kind}>" in line) for kind in BLOCKS}

    result = run_academie("check", root=project_with(tmp_path, text))

    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    reported = [line for line in result.stderr.splitlines() if line.startswith("content/bases/lecon-pratique.md:")]
    assert len(reported) == len(BLOCKS), result.stderr
    for kind, line_number in expected.items():
        matching = [line for line in reported if line.startswith(f"content/bases/lecon-pratique.md:{line_number}: ")]
        assert len(matching) == 1, f"{kind}: attendu à la ligne {line_number}\n{result.stderr}"
        message, _, fix = matching[0].partition(" — ")
        assert MESSAGES[kind] in message, f"{kind}: {matching[0]}"
        assert fix, f"{kind}: le message doit dire comment corriger : {matching[0]}"
        assert FIXES.get(kind, "") in fix, f"{kind}: {matching[0]}"
    assert f"{len(BLOCKS)} erreur(s)" in result.stderr


def test_several_mistakes_in_one_block_are_all_reported(tmp_path: Path):
    block = """\
```atelier
kind: build
situation: "Un avis."
base: "Réponds."
pieces:
  - id: ton
    label: "Le ton"
    text: "Cordial."
    colour: rouge  # <unknown-key>
  - id: ton  # <duplicate>
    label: "Le ton 2"
    text: "Cordial."
answers:  # <no-full-answer>
  - pieces: [tonn]  # <unknown-piece>
    answer: "Merci."
```
"""
    text = lesson_with(block)
    lines = text.split("\n")
    result = run_academie("check", root=project_with(tmp_path, text))
    assert result.returncode == 1
    for marker in ("unknown-key", "duplicate", "no-full-answer", "unknown-piece"):
        line = next(n for n, content in enumerate(lines, start=1) if f"# <{marker}>" in content)
        assert f"content/bases/lecon-pratique.md:{line}: " in result.stderr, f"{marker}\n{result.stderr}"


def test_the_documented_blocks_pass_the_check(tmp_path: Path):
    result = run_academie("check", root=project_with(tmp_path, lesson_with(CHOOSE, BUILD, REPERER)))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("block", "schema"), [(CHOOSE, "atelier"), (BUILD, "atelier"), (REPERER, "reperer")])
def test_the_published_json_schemas_accept_the_documented_blocks(block: str, schema: str):
    """An editor that autocompletes from schemas/ agrees with `academie check` on a correct block."""
    data = parse_yaml("\n".join(block.strip().split("\n")[1:-1])).data
    published = json.loads((ROOT / "schemas" / f"{schema}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, published)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "inconnue": 1}, published)


def test_the_examples_of_the_authors_guide_pass_the_check():
    """docs/EXERCICES.md shows one block of each kind: they are valid, and so are copied safely."""
    guide = (ROOT / "docs" / "EXERCICES.md").read_text(encoding="utf-8")
    problems: list[str] = []
    blocks = parse_practice_blocks(guide, 1, lambda line, message, fix: problems.append(f"{line}: {message}"))
    assert problems == []
    assert blocks is not None
    assert sorted(type(b.exercise).__name__ for b in blocks) == ["AtelierBuild", "AtelierChoose", "Reperer"]
