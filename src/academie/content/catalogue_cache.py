"""The catalogue of a build, loaded once: shared by every hook module of a MkDocs process, and
handed by `academie build` to the MkDocs processes it starts (the website's and each pack's)."""

from __future__ import annotations

import gc
import os
import pickle
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from academie.content.catalogue import Catalogue
from academie.content.loader import CONTENT_DIR, TRACKS_DIR, load_catalogue
from academie.content.problems import Problem
from academie.content.synonyms import SYNONYMS_FILE

_cache: dict[Path, tuple[tuple[object, ...], tuple[Catalogue, list[Problem]]]] = {}


def _signature(root: Path) -> tuple[object, ...]:
    files = [
        *(root / CONTENT_DIR).rglob("*"),
        *(root / TRACKS_DIR).rglob("*"),
        root / "orientation.yml",
        root / SYNONYMS_FILE,
    ]
    found = []
    for path in files:
        try:
            status = path.stat()  # one system call per file, not three (asked by every hook of every build)
        except OSError:  # gone meanwhile, or a broken link: not a file
            continue
        if stat.S_ISREG(status.st_mode):
            found.append((str(path), status.st_mtime_ns, status.st_size))
    return tuple(sorted(found))


def load_catalogue_cached(root: Path) -> tuple[Catalogue, list[Problem]]:
    """load_catalogue, shared by every hook module of one build (and reloaded when a file changes, for `serve`).
    In a MkDocs process started by `academie build`, the catalogue that command loaded is read back
    (load_catalogue_shared) unless a file changed since."""
    root = root.resolve()
    signature = _signature(root)
    cached = _cache.get(root)
    if cached is None or cached[0] != signature:
        with _no_collection():
            cached = (signature, _shared(root, signature) or load_catalogue(root))
        _cache[root] = cached
    return cached[1]


# The file where `academie build` leaves the catalogue it loaded, for the MkDocs processes it starts
# (the website’s and each pack’s): reading it back takes 0.09 s, loading it again 0.6 s at 1,000 lessons.
SHARED_CATALOGUE = "ACADEMIE_CATALOGUE"


def load_catalogue_shared(root: Path, path: Path) -> tuple[Catalogue, list[Problem]]:
    """load_catalogue, also written to `path` with the files' signature taken before loading: a file
    changed meanwhile makes the saved catalogue stale, and load_catalogue_cached then loads again."""
    root = root.resolve()
    signature = _signature(root)
    with _no_collection():
        loaded = load_catalogue(root)
        saved = pickle.dumps((str(root), signature, loaded), protocol=pickle.HIGHEST_PROTOCOL)
    path.write_bytes(saved)
    return loaded


def _shared(root: Path, signature: tuple[object, ...]) -> tuple[Catalogue, list[Problem]] | None:
    path = os.environ.get(SHARED_CATALOGUE)
    if not path or not Path(path).is_file():
        return None
    # Written by this build's own `academie build` process (load_catalogue_shared), in its work folder.
    saved_root, saved_signature, loaded = pickle.loads(Path(path).read_bytes())
    if saved_root != str(root) or saved_signature != signature:
        return None
    return loaded  # type: ignore[no-any-return]


@contextmanager
def _no_collection() -> Iterator[None]:
    """Python's cycle collector paused while the catalogue is made, written or read back: it would
    walk the objects being made (millions at 1,000 lessons, none of them garbage) again and again.
    At 1,000 lessons (bench/catalogue.py): loaded and written in 0.68 s instead of 0.77 s, read back
    in 0.09 s instead of 0.14 s. Then frozen (gc.freeze): each MkDocs process of a cold build spent
    0.85 s in the collector, mostly walking the catalogue in full collections, 0.34 s since."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # The catalogue lives as long as the process: out of the collector's reach from now on, or
        # each full collection of the build would walk it again.
        gc.freeze()
        if was_enabled:
            gc.enable()
