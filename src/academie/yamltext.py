"""YAML parsing that keeps line numbers and refuses what authors never need.

Aliases are refused outright: they serve no purpose in a lesson and are the vector of
the « billion laughs » expansion bomb.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode


class _StrictLoader(yaml.SafeLoader):
    def compose_node(self, parent: Node | None, index: Any) -> Node | None:  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="les alias YAML (*nom) ne sont pas acceptés",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


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
                return value_node
    if isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        return node.value[key]
    return None


class YamlProblem(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(f"{line}: {message}")


# libyaml is several times faster; it is used when the text cannot hold an alias (no « * »),
# since only the pure-Python loader can refuse aliases before they are expanded.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def parse_yaml(text: str) -> YamlDoc:
    """Parse one YAML document; raise YamlProblem with a 1-based line on any syntax error."""
    loader = _FAST_LOADER(text) if _FAST_LOADER is not None and "*" not in text else _StrictLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # An unclosed [ is best shown where it opens; other errors where they are found.
        unclosed = "expected ',' or ']'" in (exc.problem or "")
        mark = (exc.context_mark if unclosed else None) or exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlProblem(line, _french(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, f"YAML illisible ({exc})") from None
    except RecursionError:
        raise YamlProblem(1, "YAML trop profondément imbriqué") from None
    finally:
        loader.dispose()
    return YamlDoc(data, node)


def _french(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    known = {
        "found character '\\t' that cannot start any token": "tabulation interdite en YAML",
        "mapping values are not allowed here": "deux-points inattendu (une valeur contenant « : » doit être entre guillemets)",
        "mapping values are not allowed in this context": "deux-points inattendu (une valeur contenant « : » doit être entre guillemets)",
        "did not find expected ',' or ']'": "crochet fermant ] ou virgule manquant",
        "could not find expected ':'": "deux-points manquant après une clé",
        "found undefined alias": "alias YAML inconnu",
    }
    for english, french in known.items():
        if problem.startswith(english):
            return french
    if "alias" in problem and "accept" in problem:
        return problem
    return f"YAML invalide ({problem})" if problem else "YAML invalide"
