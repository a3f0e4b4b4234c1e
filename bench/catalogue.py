"""Time the catalogue of a project as `academie build` handles it: loaded and written for the
MkDocs processes (catalogue_cache.load_catalogue_shared); the build's state and the packs' keys
computed from it (what `academie build` does next, before it gives the MkDocs processes their
builds); then read back as each MkDocs process reads it (load_catalogue_cached), N times each, in
this process alone.

Use: .venv/bin/python bench/catalogue.py <project> [runs]   (3 runs by default)"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from academie.content import catalogue_cache
from academie.site.incremental import content_digests, current_state
from academie.site.pack_cache import pack_key, shared_key

LINE = (
    "essai {run}\u00a0: chargé et écrit en {loaded:.2f} s, état et clés des paquets en {keyed:.2f} s, "
    "relu en {read:.2f} s de calcul"
)


def main() -> int:
    root = Path(sys.argv[1]).resolve()
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as work:
        shared = Path(work) / "catalogue.pickle"
        os.environ[catalogue_cache.SHARED_CATALOGUE] = str(shared)
        key, files = shared_key(root), content_digests(root / "content")  # done before the load
        for run in range(1, runs + 1):
            started = time.process_time()
            catalogue, _ = catalogue_cache.load_catalogue_shared(root, shared)
            loaded = time.process_time()
            state = current_state(key.hexdigest(), files, catalogue)
            for track in catalogue.tracks:
                pack_key(catalogue, track.id, "0", key, state.files)
            keyed = time.process_time()
            catalogue_cache._cache.clear()  # as in a new MkDocs process
            catalogue_cache.load_catalogue_cached(root)
            read = time.process_time()
            times = {"loaded": loaded - started, "keyed": keyed - loaded, "read": read - keyed}
            print(LINE.format(run=run, **times).replace(".", ","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
