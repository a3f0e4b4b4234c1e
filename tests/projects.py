"""Small project trees for tests: a copy of the site's configuration with chosen lessons and tracks."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What a project needs besides its lessons and tracks.
SKELETON = ("mkdocs.yml", "hooks", "overrides")
# A home page without links: the real one links to tracks and pages a small project does not have.
HOME = "---\ntitle: Accueil\n---\n\n# Projet d’essai\n\nUne page d’accueil.\n"


def lesson_text(
    lesson_id: str,
    title: str | None = None,
    *,
    duration: int = 10,
    prerequisites: tuple[str, ...] = (),
    audiences: tuple[str, ...] = ("tpe",),
    body: str = "",
    extra: str = "",
) -> str:
    prereq = ", ".join(f'"{p}"' for p in prerequisites)
    aud = ", ".join(f'"{a}"' for a in audiences)
    return (
        textwrap.dedent(f"""\
        ---
        id: "{lesson_id}"
        title: "{title or "Leçon " + lesson_id}"
        description: "Une leçon d’essai."
        audiences: [{aud}]
        level: "debutant"
        duration: {duration}
        objectives:
          - "Citer un exemple."
          - "Repérer une erreur."
        prerequisites: [{prereq}]
        updated: 2026-11-26
        sources: ["faits.md"]
        """)
        + extra
        + "---\n\n"
        + (body or f"## Texte\n\nContenu de la leçon {lesson_id}.\n")
    )


def track_text(track_id: str, modules: list[tuple[str, list[str]]], audience: str = "tpe") -> str:
    lines = [
        f'id: "{track_id}"',
        f'title: "Parcours {track_id}"',
        f'audience: "{audience}"',
        'summary: "Un parcours d’essai."',
        'outcomes: ["Savoir faire."]',
        "modules:",
    ]
    for title, lessons in modules:
        lines.append(f'  - title: "{title}"')
        lines.append("    lessons:")
        lines += [f"      - {lesson}" for lesson in lessons]
    return "\n".join(lines) + "\n"


def make_project(folder: Path, lessons: dict[str, str], tracks: dict[str, str]) -> Path:
    """Write a project into `folder`: the real configuration plus the given files (paths inside content/ and tracks/)."""
    for name in SKELETON:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, dirs_exist_ok=True)
        elif source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    link_node_modules(folder)
    (folder / "content").mkdir(parents=True, exist_ok=True)
    (folder / "content" / "index.md").write_text(HOME, encoding="utf-8")
    for path, text in lessons.items():
        (folder / "content" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "content" / path).write_text(text, encoding="utf-8")
    (folder / "tracks").mkdir(exist_ok=True)
    for name, text in tracks.items():
        (folder / "tracks" / name).write_text(text, encoding="utf-8")
    return folder


def link_node_modules(folder: Path) -> None:
    """The project's npm packages (installed by `make`), shared rather than installed again."""
    if (ROOT / "node_modules").is_dir() and not (folder / "node_modules").exists():
        (folder / "node_modules").symlink_to(ROOT / "node_modules")


def copy_real_project(folder: Path) -> Path:
    """A full copy of the real content, tracks and configuration."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "hooks", "overrides", "content", "tracks", "orientation.yml", "package.json"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.is_file():
            shutil.copy2(source, folder / name)
    link_node_modules(folder)
    return folder
