"""Practice blocks: fenced ```atelier and ```reperer blocks of YAML inside a lesson, parsed and checked.

Every mistake is reported at its line with its fix, all at once (the schema's, then the rules
below, which a schema cannot say).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode

from academie.content.practice_model import (
    PIECES,
    REQUESTS,
    SEGMENTS,
    AtelierBuild,
    AtelierChoose,
    Piece,
    Reperer,
    Request,
    ScriptedAnswer,
    Segment,
)
from academie.content.quiz import RawBlock, Report, find_blocks
from academie.content.schema_errors import describe
from academie.content.yamltext import YamlDoc, YamlProblem, parse_yaml

LANGUAGES = ("atelier", "reperer")
Exercise = AtelierChoose | AtelierBuild | Reperer
Loc = tuple[int | str, ...]


@dataclass(frozen=True)
class PracticeBlock:
    start: int  # index of the opening fence in the body lines
    end: int  # index of the closing fence
    line: int  # file line of the opening fence
    language: str  # atelier | reperer
    exercise: Exercise

    @property
    def counts(self) -> bool:
        return isinstance(self.exercise, Reperer) and self.exercise.counts


def find_practice_blocks(body: str, body_line: int) -> list[tuple[str, RawBlock]]:
    """Every ```atelier and ```reperer fence of a body, in the order of the text."""
    found = [(language, raw) for language in LANGUAGES for raw in find_blocks(body, body_line, language)]
    return sorted(found, key=lambda item: item[1].start)


def parse_practice_blocks(body: str, body_line: int, report: Report) -> tuple[PracticeBlock, ...] | None:
    """The practice blocks of a lesson body; None when one of them has a mistake (each one reported)."""
    blocks = [parse_practice(language, raw, report) for language, raw in find_practice_blocks(body, body_line)]
    usable = [b for b in blocks if b is not None]
    return tuple(usable) if len(usable) == len(blocks) else None


# ---------- fixes, in French, for each key (by its list, then by its name) ----------

FIXES: dict[str, str] = {
    "kind": "écrivez kind: choose (choisir une demande) ou kind: build (construire une demande)",
    "title": "écrivez un titre court entre guillemets, ou retirez la ligne",
    "situation": "décrivez en une ou deux phrases, entre guillemets, la situation de l’apprenant",
    "requests": f"proposez de {REQUESTS[0]} à {REQUESTS[1]} demandes, chacune avec text, answer et feedback",
    "requests.text": "écrivez, entre guillemets, la demande envoyée à l’assistant",
    "requests.answer": "écrivez la réponse de l’assistant à cette demande : « answer: | » puis le texte, indenté, sur les lignes suivantes",
    "feedback": "écrivez un retour sur cette demande : ce qui lui manque (contexte, tâche, format, ton…) ou ce qu’elle laisse fuiter",
    "best": "écrivez best: true sur la demande recommandée, ou retirez la ligne",
    "base": "écrivez, entre guillemets, la demande de départ, avant tout élément ajouté",
    "pieces": f"listez de {PIECES[0]} à {PIECES[1]} éléments, chacun avec id, label et text",
    "pieces.id": "donnez un identifiant en minuscules, chiffres et tirets, par exemple « sans-donnees »",
    "pieces.label": "écrivez le texte du bouton qui ajoute l’élément, par exemple « Le ton »",
    "pieces.text": "écrivez ce que l’élément ajoute à la demande",
    "answers": "listez les réponses écrites d’avance (pieces et answer), dont une avec tous les éléments",
    "answers.pieces": "listez les identifiants des éléments de cette demande, par exemple [contexte, ton] ; [] pour la demande de départ seule",
    "answers.answer": "écrivez la réponse de l’assistant à la demande faite de ces éléments : « answer: | » puis le texte indenté",
    "instructions": "écrivez la consigne entre guillemets, ou retirez la ligne (une consigne par défaut existe)",
    "counts": "écrivez counts: true pour que l’exercice compte dans la progression, sinon retirez la ligne",
    "segments": f"listez de {SEGMENTS[0]} à {SEGMENTS[1]} passages (« - text: … »), dont au moins un wrong: true",
    "segments.text": "écrivez le passage entre guillemets, espaces compris",
    "wrong": "écrivez wrong: true sur un passage inventé, faux ou risqué, ou retirez la ligne",
    "explanation": "expliquez pourquoi ce passage est inventé, faux ou risqué (montré après la validation)",
}
COUNTS = {
    "requests": f"un atelier « choose » propose de {REQUESTS[0]} à {REQUESTS[1]} demandes",
    "pieces": f"un atelier « build » a de {PIECES[0]} à {PIECES[1]} éléments",
    "answers": "un atelier « build » a au moins une réponse écrite d’avance",
    "segments": f"un exercice « reperer » a de {SEGMENTS[0]} à {SEGMENTS[1]} passages",
}
ITEM_MODELS: dict[str, type[BaseModel]] = {
    "requests": Request,
    "pieces": Piece,
    "answers": ScriptedAnswer,
    "segments": Segment,
}


def _where(loc: Loc) -> tuple[str, str]:
    """(the list a key belongs to, "" at the top of the block; the key): ("requests", "answer")."""
    names = [str(p) for p in loc if isinstance(p, str)]
    return (names[-2] if len(names) > 1 else ""), (names[-1] if names else "")


def _fix(loc: Loc) -> str | None:
    container, key = _where(loc)
    return FIXES.get(f"{container}.{key}") or FIXES.get(key)


def _unknown_key(loc: Loc, top: type[BaseModel]) -> tuple[str, str]:
    container, key = _where(loc)
    model = ITEM_MODELS.get(container, top)
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(key), allowed, n=1)
    hint = f"vouliez-vous dire « {close[0]} » ? " if close else ""
    return (
        f"clé inconnue « {key} »",
        f"{hint}supprimez-la ou corrigez son nom ; clés possibles ici : {', '.join(allowed)}".replace(" ?", "\u00a0?"),
    )


def _schema_problems(exc: ValidationError, top: type[BaseModel], line_of: Any, key_line: Any, report: Report) -> None:
    seen: set[tuple[int, str]] = set()
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(
            p for p in error.get("loc", ()) if not (isinstance(p, str) and ("[" in p or p in ("str", "bool")))
        )
        kind = error.get("type", "")
        line = line_of(loc)
        if kind == "extra_forbidden":
            message, fix = _unknown_key(loc, top)
        elif kind in ("too_short", "too_long") and loc and loc[-1] in COUNTS:
            # A list too short or too long is shown at its key (« requests: »).
            value = error.get("input")
            count = len(value) if isinstance(value, list) else "?"
            message, fix, line = f"{COUNTS[str(loc[-1])]} ({count} ici)", FIXES[str(loc[-1])], key_line(loc)
        else:
            message, described = describe({**error, "loc": loc})
            fix = described if kind == "string_pattern_mismatch" else (_fix(loc) or described)
        if (line, message) not in seen:
            seen.add((line, message))
            report(line, message, fix)


# ---------- one block ----------


def parse_practice(language: str, raw: RawBlock, report: Report) -> PracticeBlock | None:
    first = raw.line + 1
    try:
        doc = parse_yaml(raw.text, first_line=first)
    except YamlProblem as problem:
        report(problem.line, f"bloc {language} illisible : {problem.message}", problem.fix)
        return None

    def line_of(loc: Loc) -> int:
        return first + doc.line_of(loc) - 1

    def key_line(loc: Loc) -> int:
        """The line of the key itself (« answers: »), not of its first item."""
        return first + _key_line(doc, loc) - 1

    if not isinstance(doc.data, dict):
        line = line_of(()) if doc.node is not None else raw.line
        keys = "kind, situation, requests…" if language == "atelier" else "segments…"
        report(
            line,
            f"un bloc {language} doit être un ensemble de lignes « clé: valeur »",
            f"commencez par les clés {keys} (voir docs/EXERCICES.md)",
        )
        return None
    top: type[BaseModel]
    if language == "reperer":
        top = Reperer
    else:
        kind = doc.data.get("kind")
        if kind not in ("choose", "build"):
            what = (
                "champ obligatoire « kind » manquant" if kind is None else f"valeur « {kind} » inconnue pour « kind »"
            )
            report(line_of(("kind",)), what, FIXES["kind"])
            return None
        top = AtelierChoose if kind == "choose" else AtelierBuild
    ok = True

    def fail(line: int, message: str, fix: str) -> None:
        nonlocal ok
        ok = False
        report(line, message, fix)

    # The rules read the raw data, so that they are reported with the schema's mistakes, in one run.
    rules = {AtelierChoose: _check_choose, AtelierBuild: _check_build, Reperer: _check_reperer}[top]
    rules(doc.data, line_of, key_line, fail)
    try:
        exercise = top.model_validate(doc.data)
    except ValidationError as exc:
        _schema_problems(exc, top, line_of, key_line, report)
        return None
    return PracticeBlock(raw.start, raw.end, raw.line, language, exercise) if ok else None


def _key_line(doc: YamlDoc, loc: Loc) -> int:
    """1-based line of the key that ends `loc` in the block, or of its value when it cannot be found."""
    node = doc.node
    for key in loc[:-1]:
        values = getattr(node, "value", None)
        if isinstance(key, int) and isinstance(values, list) and key < len(values):
            node = values[key]
        else:
            node = next((v for k, v in values or [] if getattr(k, "value", None) == key), None)
    for key_node, _ in node.value if isinstance(node, MappingNode) else []:
        if key_node.value == loc[-1]:
            return int(key_node.start_mark.line) + 1
    return doc.line_of(loc)


def _items(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    """(index, item) of the well-formed items of a list; the schema reports the others."""
    values = data.get(key)
    return [(i, item) for i, item in enumerate(values) if isinstance(item, dict)] if isinstance(values, list) else []


def _check_choose(data: dict[str, Any], line_of: Any, key_line: Any, fail: Any) -> None:
    best: int | None = None
    texts: dict[str, int] = {}
    for index, request in _items(data, "requests"):
        if request.get("best") is True:
            if best is not None:
                fail(
                    line_of(("requests", index, "best")),
                    f"une seule demande peut porter best: true (déjà la demande {best + 1})",
                    "gardez best: true sur la demande recommandée seulement",
                )
            else:
                best = index
        text = request.get("text")
        if isinstance(text, str) and text.strip():
            if text.strip() in texts:
                fail(
                    line_of(("requests", index, "text")),
                    f"cette demande est proposée deux fois (déjà la demande {texts[text.strip()] + 1})",
                    "reformulez-la ou supprimez le doublon",
                )
            texts.setdefault(text.strip(), index)


def _check_build(data: dict[str, Any], line_of: Any, key_line: Any, fail: Any) -> None:
    ids: dict[str, int] = {}
    for index, piece in _items(data, "pieces"):
        piece_id = piece.get("id")
        if not isinstance(piece_id, str):
            continue
        if piece_id in ids:
            fail(
                line_of(("pieces", index, "id")),
                f"identifiant d’élément « {piece_id} » en double (déjà l’élément {ids[piece_id] + 1})",
                "donnez à chaque élément un identifiant unique dans le bloc",
            )
        ids.setdefault(piece_id, index)
    sets: dict[frozenset[str], int] = {}
    for index, answer in _items(data, "answers"):
        chosen = answer.get("pieces")
        if not isinstance(chosen, list):
            continue
        for position, piece_id in enumerate(chosen):
            if not isinstance(piece_id, str):
                continue
            if piece_id not in ids:
                fail(
                    line_of(("answers", index, "pieces", position)),
                    f"élément inconnu « {piece_id} » dans cette réponse",
                    "utilisez un identifiant déclaré sous pieces : " + ", ".join(ids),
                )
            elif piece_id in chosen[:position]:
                fail(
                    line_of(("answers", index, "pieces", position)),
                    f"élément « {piece_id} » cité deux fois dans cette réponse",
                    "citez chaque élément une seule fois",
                )
        if not all(isinstance(piece_id, str) for piece_id in chosen):
            continue
        key = frozenset(chosen)
        if key in sets:
            fail(
                line_of(("answers", index)),
                f"deux réponses pour les mêmes éléments (déjà la réponse {sets[key] + 1})",
                "gardez une seule réponse par ensemble d’éléments",
            )
        sets.setdefault(key, index)
    if ids and isinstance(data.get("answers"), list) and frozenset(ids) not in sets:
        fail(
            key_line(("answers",)),
            "aucune réponse pour la demande complète (avec tous les éléments)",
            f"ajoutez une réponse avec pieces: [{', '.join(ids)}]",
        )


def _check_reperer(data: dict[str, Any], line_of: Any, key_line: Any, fail: Any) -> None:
    segments = _items(data, "segments")
    for index, segment in segments:
        text = segment.get("text")
        if isinstance(text, str) and text and not text.strip():
            fail(
                line_of(("segments", index, "text")),
                "passage vide (seulement des espaces)",
                "mettez ces espaces au début ou à la fin d’un passage voisin",
            )
        if segment.get("wrong") is True and not (
            isinstance(segment.get("explanation"), str) and segment["explanation"].strip()
        ):
            fail(
                line_of(("segments", index)),
                "passage marqué wrong: true sans explication",
                'ajoutez explanation: "…" : pourquoi ce passage est inventé, faux ou risqué (montré après la validation)',
            )
    if segments and not any(segment.get("wrong") is True for _, segment in segments):
        fail(
            key_line(("segments",)),
            "aucun passage à repérer (aucun wrong: true)",
            "marquez d’un wrong: true, avec son explication, chaque passage inventé, faux ou risqué",
        )
