"""Python-Markdown set up as a project's mkdocs.yml sets it up (its extensions and their options),
for the bench scripts that time a conversion in their own process (parts.py, generated.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import markdown
from mkdocs.config import load_config


def project_converter(root: Path) -> Callable[[str], str]:
    """A function converting Markdown as the project's pages are converted (one converter, reset for each text)."""
    config = load_config(str(root / "mkdocs.yml"))
    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)

    def convert(text: str) -> str:
        converter.reset()
        return converter.convert(text)

    return convert
