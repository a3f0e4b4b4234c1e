"""Time gzip on every text file of a built site, in this process alone: zlib (Python's gzip module)
and zlib-ng (the site's .gz files, finishing.gzip_bytes), at levels 9 and 6 (finishing.GZIP_LEVEL):
CPU time and total size of each.

Use: .venv/bin/python bench/gzip_levels.py <built site>   (build/site of the bench's corpus, say)"""

from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

from zlib_ng import gzip_ng

from academie.site.finishing import COMPRESSED, MIN_COMPRESSED_SIZE


def main() -> int:
    site = Path(sys.argv[1])
    paths = [path for path in sorted(site.rglob("*")) if path.suffix in COMPRESSED and path.is_file()]
    texts = [data for data in map(Path.read_bytes, paths) if len(data) >= MIN_COMPRESSED_SIZE]
    print(f"{len(texts)} fichiers texte, {sum(map(len, texts)) / 1e6:.1f} Mo".replace(".", ","))
    for library, compress in (("zlib", gzip.compress), ("zlib-ng", gzip_ng.compress)):
        for level in (9, 6):
            started = time.process_time()
            size = sum(len(compress(data, level, mtime=0)) for data in texts)
            spent = time.process_time() - started
            print(f"{library}, niveau {level}\u00a0: {spent:.2f} s de calcul, {size / 1e6:.2f} Mo".replace(".", ","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
