"""The authors' search synonyms (recherche/synonymes.yml): groups of words or phrases that a
learner may type for one another (« RGPD » and « données personnelles »). The build ships them
with the search index; the search worker expands a query with the other members of a group."""

from __future__ import annotations

from pathlib import Path

from academie.content.problems import Problem
from academie.content.yamltext import YamlProblem, parse_yaml

SYNONYMS_FILE = "recherche/synonymes.yml"
MAX_LENGTH = 80  # characters in one word or phrase of a group
EXAMPLE = "- [RGPD, données personnelles]"


def load_synonyms(root: Path, problems: list[Problem]) -> list[list[str]]:
    """The synonym groups (each of two words or phrases or more), or [] if the project has none;
    every problem is reported with its line."""
    path = root / SYNONYMS_FILE
    if not path.is_file():
        return []
    try:
        doc = parse_yaml(path.read_text(encoding="utf-8"))
    except (YamlProblem, UnicodeDecodeError) as exc:
        line = exc.line if isinstance(exc, YamlProblem) else 1
        message = exc.message if isinstance(exc, YamlProblem) else "fichier non encodé en UTF-8"
        problems.append(Problem(SYNONYMS_FILE, line, f"synonymes illisibles : {message}", "corrigez la syntaxe YAML"))
        return []
    if doc.data is None:
        return []
    if not isinstance(doc.data, list):
        problems.append(
            Problem(
                SYNONYMS_FILE,
                1,
                "le fichier doit être une liste de groupes",
                f"écrivez un groupe par ligne : {EXAMPLE}",
            )
        )
        return []
    groups: list[list[str]] = []
    seen: dict[str, int] = {}
    for position, group in enumerate(doc.data):
        line = doc.line_of((position,))
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(item, str) for item in group):
            problems.append(
                Problem(
                    SYNONYMS_FILE,
                    line,
                    "un groupe doit lister au moins deux mots ou expressions",
                    f"écrivez par exemple : {EXAMPLE}",
                )
            )
            continue
        words = [" ".join(item.split()) for item in group]
        for word in words:
            if not word or len(word) > MAX_LENGTH:
                problems.append(
                    Problem(
                        SYNONYMS_FILE,
                        line,
                        f"« {word[:MAX_LENGTH]} » : mot ou expression vide ou trop long",
                        f"{MAX_LENGTH} caractères au plus ; une expression courte, comme on la taperait",
                    )
                )
            key = word.casefold()
            if key in seen and seen[key] != line:
                problems.append(
                    Problem(
                        SYNONYMS_FILE,
                        line,
                        f"« {word} » est déjà dans le groupe de la ligne {seen[key]}",
                        "réunissez les deux groupes en un seul",
                    )
                )
            seen.setdefault(key, line)
        groups.append(words)
    return groups
