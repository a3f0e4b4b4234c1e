"""The house rules of the layout (docs/ARCHITECTURE.md): one subpackage per concept, lower concepts
never importing higher ones, hooks using only the subpackages' public surfaces, short modules, and
content/ holding only what authors write."""

from __future__ import annotations

import ast
from pathlib import Path

from projects import ROOT

PACKAGE = ROOT / "src" / "academie"
# Each subpackage may import only those before it (and itself); top-level modules may import anything.
LAYERS = ("content", "site", "notebooks", "ambassadors")
ALLOWED = {
    "content": {"content"},
    "site": {"content", "site"},
    "notebooks": {"content", "site", "notebooks"},
    "ambassadors": {"content", "site", "ambassadors", "parallel"},
}
MAX_LINES = 400


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every `academie…` module a file imports, with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] if node.module != "academie" else [f"academie.{a.name}" for a in node.names]
            found += [(node.lineno, name) for name in names if name.startswith("academie")]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("academie")]
    return found


def test_the_package_is_split_by_concept():
    subpackages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert set(LAYERS) <= set(subpackages) and len(subpackages) >= 4, subpackages
    assert len(modules) <= 6, modules


def test_lower_concepts_never_import_higher_ones():
    wrong = []
    for layer, allowed in ALLOWED.items():
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            for line, module in imported_modules(path):
                target = module.split(".")[1] if "." in module else ""
                if target not in allowed:
                    wrong.append(f"{path.relative_to(ROOT)}:{line} importe {module}")
    assert wrong == []


def test_hooks_use_only_the_public_surfaces():
    wrong = []
    for path in sorted((ROOT / "hooks").glob("*.py")):
        for line, module in imported_modules(path):
            if module.count(".") > 1 or module.split(".")[-1] not in LAYERS:
                wrong.append(f"{path.relative_to(ROOT)}:{line} importe {module}")
    assert wrong == []


def test_no_module_is_too_long():
    files = [*PACKAGE.rglob("*.py"), *(ROOT / "hooks").glob("*.py")]
    long = {
        str(p.relative_to(ROOT)): n for p in files if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_content_holds_only_what_authors_write():
    code = [p.relative_to(ROOT).as_posix() for p in (ROOT / "content").rglob("*") if p.suffix in {".js", ".css"}]
    assert code == []


def test_the_edition_and_the_notebook_lessons_live_in_different_folders(site: Path):
    lessons = {p.parent.parent.name for p in site.glob("carnets/*/index.html")}
    edition = {p.parent.name for p in site.glob("*/search.html")} | {
        p.parent.name for p in site.glob("*/genindex.html")
    }
    assert lessons == {"carnets"}, "les leçons-carnets sont sous /carnets/<id>/"
    assert edition == {"edition-carnets"}, edition
    assert not list(site.glob("carnets/*.html")), "aucune page de l’édition parmi les leçons-carnets"
