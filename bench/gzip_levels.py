"""Time gzip at levels 9 and 6 (the site's .gz files, finishing.GZIP_LEVEL) on every text file of a
built site, in this process alone: CPU time and total size at each level.

Use: .venv/bin/python bench/gzip_levels.py <built site>   (build/site of the bench's corpus, say)"""

from __future__ import annotations

import gzip
import sys
import time
from pathlib import Path

from academie.site.finishing import COMPRESSED, MIN_COMPRESSED_SIZE


def main() -> int:
    site = Path(sys.argv[1])
    paths = [path for path in sorted(site.rglob("*")) if path.suffix in COMPRESSED and path.is_file()]
    texts = [data for data in map(Path.read_bytes, paths) if len(data) >= MIN_COMPRESSED_SIZE]
    print(f"{len(texts)} fichiers texte, {sum(map(len, texts)) / 1e6:.1f} Mo".replace(".", ","))
    for level in (9, 6):
        started = time.process_time()
        size = sum(len(gzip.compress(data, compresslevel=level, mtime=0)) for data in texts)
        spent = time.process_time() - started
        print(f"niveau {level}\u00a0: {spent:.2f} s de calcul, {size / 1e6:.2f} Mo".replace(".", ","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
