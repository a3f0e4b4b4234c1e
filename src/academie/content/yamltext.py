"""YAML parsing that keeps line numbers and refuses what authors never need.

Aliases are refused outright: they serve no purpose in a lesson and are the vector of
the « billion laughs » expansion bomb. A key written twice is refused too (YAML would
silently keep the last one). Every failure is a YamlProblem in French with its line and
its fix, never another exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_ALIAS = "alias refused"
_IMPOSSIBLE_PREFIX = "impossible value for "


class _SafeValues:
    """Turn a value YAML recognises but cannot build (« 2026-02-30 », « !!int x ») into a
    located error instead of a bare ValueError."""

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)  # type: ignore[misc]
        except (ValueError, TypeError, KeyError, OverflowError) as exc:
            raise ConstructorError(problem=f"{_IMPOSSIBLE_PREFIX}{node.tag}", problem_mark=node.start_mark) from exc


class _StrictLoader(_SafeValues, yaml.SafeLoader):
    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(problem=_ALIAS, problem_mark=event.start_mark)
        return super().compose_node(parent, index)


_C_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FastLoader(_SafeValues, _C_LOADER):  # type: ignore[misc]  # libyaml's loader is untyped
    """libyaml, several times faster: used when the text cannot hold an alias (no « * »),
    since only the pure-Python loader can refuse aliases before they are expanded."""


@dataclass(frozen=True)
class YamlDoc:
    data: Any
    node: Node | None

    def line_of(self, loc: tuple[Any, ...]) -> int:
        """1-based line of the value at `loc` (keys and list indexes), or of its nearest parent."""
        node = self.node
        line = node.start_mark.line if node is not None else 0
        for key in loc:
            child = _child(node, key)
            if child is None:
                break
            node = child
            line = node.start_mark.line
        return line + 1


def _child(node: Node | None, key: Any) -> Node | None:
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node  # type: ignore[no-any-return]  # PyYAML nodes are untyped
    if isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]  # type: ignore[no-any-return]
    return None


GENERIC_FIX = "corrigez la syntaxe YAML (indentation par espaces, valeurs entre guillemets)"


class YamlProblem(Exception):
    def __init__(self, line: int, message: str, fix: str = GENERIC_FIX):
        self.line = line
        self.message = message
        self.fix = fix
        super().__init__(f"{line}: {message}")


def parse_yaml(text: str, first_line: int = 1) -> YamlDoc:
    """Parse one YAML document; raise YamlProblem on any error, with the line it has in its file
    (`first_line` is the file line of the text's first line; YamlDoc.line_of stays relative to the text)."""
    offset = first_line - 1
    loader = None
    try:
        loader = _StrictLoader(text) if "*" in text else _FastLoader(text)
        node = loader.get_single_node()
        _refuse_duplicate_keys(node, offset)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise _described(exc, text, offset) from None
    except yaml.reader.ReaderError as exc:
        raise _invisible_character(exc, text, offset) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(first_line, f"YAML illisible ({exc})") from None
    except RecursionError:
        raise YamlProblem(
            first_line, "YAML trop profondément imbriqué", "simplifiez la structure : quelques niveaux suffisent"
        ) from None
    except UnicodeEncodeError:
        raise YamlProblem(
            first_line, "caractère impossible à enregistrer en UTF-8", "retapez le texte dans votre éditeur"
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    return YamlDoc(data, node)


def _refuse_duplicate_keys(root: Node | None, offset: int) -> None:
    """Refuse a key written twice in one mapping, at the first such line of the text."""
    duplicates: list[tuple[int, str, int]] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            first_line: dict[str, int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode):
                    line = key_node.start_mark.line + 1 + offset
                    if key_node.value in first_line:
                        duplicates.append((line, key_node.value, first_line[key_node.value]))
                    first_line.setdefault(key_node.value, line)
                stack.append(value_node)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    if duplicates:
        line, key, first = min(duplicates)
        raise YamlProblem(
            line,
            f"clé « {key} » en double (déjà ligne {first})",
            "gardez une seule de ces deux lignes, en y réunissant les valeurs",
        )


def _invisible_character(exc: yaml.reader.ReaderError, text: str, offset: int) -> YamlProblem:
    character = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    position = text.find(character)
    line = text.count("\n", 0, position) + 1 if position >= 0 else 1
    return YamlProblem(
        line + offset,
        f"caractère invisible interdit (U+{ord(character[:1] or ' '):04X})",
        "supprimez-le : il vient souvent d’un copier-coller depuis un autre logiciel",
    )


_TAB = ("tabulation interdite en YAML", "indentez avec des espaces, jamais avec la touche Tab")
_INDENT = (
    "indentation incohérente ou texte en trop après une valeur",
    "alignez les clés d’un même niveau avec des espaces ; après une valeur entre guillemets, rien d’autre sur la ligne",
)

# (what PyYAML or libyaml says, what the author reads, how to fix it); the first match wins.
_KNOWN: tuple[tuple[str, str, str], ...] = (
    (
        _ALIAS,
        "les alias YAML (*nom) ne sont pas acceptés",
        "recopiez la valeur au lieu d’utiliser & et * ; un texte qui commence par * s’écrit entre guillemets",
    ),
    (
        _IMPOSSIBLE_PREFIX + "tag:yaml.org,2002:timestamp",
        "date impossible",
        "écrivez une date qui existe, au format AAAA-MM-JJ",
    ),
    (
        _IMPOSSIBLE_PREFIX,
        "valeur impossible pour son étiquette YAML (!!…)",
        "retirez l’étiquette qui commence par !! et écrivez la valeur simplement",
    ),
    ("found unexpected end of stream", "guillemet fermant manquant", "fermez les guillemets de cette valeur (\" ou ')"),
    (
        "found unknown escape character",
        "barre oblique inverse \\ inconnue entre guillemets doubles",
        "doublez-la (\\\\) ou mettez la valeur entre guillemets simples '…'",
    ),
    ("found a tab character", *_TAB),
    (
        "mapping values are not allowed",
        "deux-points inattendu (une valeur contenant « : » doit être entre guillemets)",
        "mettez la valeur entre guillemets, ou passez à la ligne après la clé",
    ),
    (
        "expected ',' or ']'",
        "crochet fermant ] ou virgule manquant",
        "fermez la liste par ] et séparez ses éléments par des virgules",
    ),
    (
        "did not find expected ',' or ']'",
        "crochet fermant ] ou virgule manquant",
        "fermez la liste par ] et séparez ses éléments par des virgules",
    ),
    (
        "expected ',' or '}'",
        "accolade fermante } ou virgule manquante",
        "fermez l’ensemble par } et séparez ses éléments par des virgules",
    ),
    (
        "did not find expected ',' or '}'",
        "accolade fermante } ou virgule manquante",
        "fermez l’ensemble par } et séparez ses éléments par des virgules",
    ),
    ("could not find expected ':'", "deux-points manquant après une clé", "écrivez « clé: valeur »"),
    ("did not find expected key", *_INDENT),
    ("expected <block end>", *_INDENT),
    (
        "did not find expected '-' indicator",
        "ligne mal indentée dans une liste",
        "alignez les tirets « - » d’une même liste avec des espaces",
    ),
    (
        "block sequence entries are not allowed",
        "tiret de liste « - » inattendu",
        "passez à la ligne après la clé et indentez la liste de deux espaces",
    ),
    (
        "did not find expected node content",
        "valeur manquante ou caractère ] } inattendu",
        "écrivez la valeur, ou mettez-la entre guillemets",
    ),
    (
        "expected the node content",
        "valeur manquante ou caractère ] } inattendu",
        "écrivez la valeur, ou mettez-la entre guillemets",
    ),
    (
        "but found another document",
        "ligne --- en trop : un seul bloc YAML est attendu",
        "supprimez la ligne --- ou ... au milieu du texte",
    ),
    (
        "found unhashable key",
        "une clé ne peut pas être une liste ni un ensemble",
        "écrivez une clé simple, par exemple « title: »",
    ),
    (
        "could not determine a constructor for the tag",
        "étiquette YAML inconnue (commençant par !)",
        "retirez l’étiquette, ou mettez la valeur entre guillemets si elle commence par !",
    ),
    (
        "exceeded maximum nesting depth",
        "YAML trop profondément imbriqué",
        "simplifiez la structure : quelques niveaux suffisent",
    ),
    (
        "expected alphabetic or numeric character",
        "caractère * ou & inattendu au début d’une valeur",
        "un texte qui commence par * ou & s’écrit entre guillemets",
    ),
    (
        "found undefined alias",
        "les alias YAML (*nom) ne sont pas acceptés",
        "un texte qui commence par * s’écrit entre guillemets",
    ),
)


def _described(exc: yaml.MarkedYAMLError, text: str, offset: int) -> YamlProblem:
    problem = (exc.problem or "").strip()
    # An unclosed quote or bracket is best shown where it opens; other errors where they are found.
    opens = "quoted scalar" in (exc.context or "") or "flow" in (exc.context or "")
    mark = (exc.context_mark if opens else None) or exc.problem_mark or exc.context_mark
    line = (mark.line + 1 if mark is not None else 1) + offset
    if "cannot start any token" in problem:
        character = _character_at(text, exc.problem_mark)
        if character == "\t":
            return YamlProblem(line, *_TAB)
        return YamlProblem(
            line, f"caractère « {character} » interdit au début d’une valeur", "mettez la valeur entre guillemets"
        )
    for english, french, fix in _KNOWN:
        if problem.startswith(english):
            if english.startswith(_IMPOSSIBLE_PREFIX):
                french += f" « {_source_at(text, exc.problem_mark)} »"
            return YamlProblem(line, french, fix)
    return YamlProblem(line, f"YAML invalide ({problem})" if problem else "YAML invalide")


def _character_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return "?"
    lines = text.split("\n")
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return "?"


def _source_at(text: str, mark: yaml.Mark | None) -> str:
    """The value written at `mark`, up to the end of its line (for « date impossible « 2026-02-30 » »)."""
    if mark is None:
        return "?"
    lines = text.split("\n")
    return lines[mark.line][mark.column :].split(" #")[0].strip()[:60] if mark.line < len(lines) else "?"
