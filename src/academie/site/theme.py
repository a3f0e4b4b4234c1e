"""What the Académie does with Material's theme beyond its templates: the theme's files no page
loads are left out, and its templates are compiled once per process."""

from __future__ import annotations

import jinja2

# Material's files that no page loads: its search worker and the lunr languages that worker would
# load (the Académie's own engine replaces it: overrides/partials/academie-config.html), and the source
# maps of its scripts and styles, for developers' tools. Left out of the site and the packs: each pack's
# ZIP is about 0.5 MB lighter (docs/PERFORMANCE.md).
UNUSED_THEME_FILES = ("assets/javascripts/workers/", "assets/javascripts/lunr/")


def unused_theme_file(path: str) -> bool:
    """Whether a file of Material's theme is one no page of the site or of a pack loads."""
    return path.startswith(UNUSED_THEME_FILES) or (path.startswith("assets/") and path.endswith(".map"))


class ProcessBytecodeCache(jinja2.BytecodeCache):
    """Templates compiled once per process: the packs' process runs one MkDocs build per track, each
    with a new Jinja environment (the theme's), which would compile Material's templates again (about
    0.1 s of processor time per build). A template whose source changed is compiled again (Jinja
    checks its checksum)."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


THEME_BYTECODE = ProcessBytecodeCache()
