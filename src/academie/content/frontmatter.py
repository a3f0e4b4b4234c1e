"""Split a Markdown lesson into its YAML front matter and its body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass

from academie.content.yamltext import YamlDoc, YamlProblem, parse_yaml

FENCE = "---"


@dataclass(frozen=True)
class FrontMatter:
    doc: YamlDoc
    first_line: int  # file line of the first YAML line
    body: str
    body_line: int  # file line where the body starts

    def line_of(self, loc: tuple[int | str, ...]) -> int:
        return self.first_line + self.doc.line_of(loc) - 1


class FrontMatterProblem(Exception):
    def __init__(self, line: int, message: str, fix: str):
        self.line, self.message, self.fix = line, message, fix
        super().__init__(message)


def split_front_matter(text: str) -> FrontMatter:
    lines = text.split("\n")
    if not text.strip():
        raise FrontMatterProblem(
            1, "fichier vide", "ajoutez un en-tête YAML entre deux lignes --- puis le texte de la leçon"
        )
    if lines[0].rstrip() != FENCE:
        raise FrontMatterProblem(
            1,
            "en-tête YAML (front matter) absent",
            "commencez le fichier par une ligne --- suivie des champs id, title…",
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            break
    else:
        raise FrontMatterProblem(
            1, "en-tête YAML non fermé", "ajoutez une ligne --- après le dernier champ de l’en-tête"
        )
    yaml_text = "\n".join(lines[1:index])
    try:
        doc = parse_yaml(yaml_text, first_line=2)
    except YamlProblem as problem:
        raise FrontMatterProblem(problem.line, f"en-tête illisible : {problem.message}", problem.fix) from None
    if not isinstance(doc.data, dict):
        raise FrontMatterProblem(
            doc.line_of(()) + 1,
            "l’en-tête doit être un ensemble de lignes « clé: valeur »",
            'écrivez par exemple id: "ma-lecon" sur sa propre ligne',
        )
    return FrontMatter(doc=doc, first_line=2, body="\n".join(lines[index + 1 :]), body_line=index + 2)
