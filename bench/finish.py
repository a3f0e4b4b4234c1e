"""Time the end of `academie build` on a built website: the platform's scripts and styles
fingerprinted, every page pointed at them, a .gz beside every text file, every page's policy read
(fingerprints.fingerprint_files and finishing.finish_files). The site is copied first, without its .gz files;
the site given is left as it is.

Use: .venv/bin/python bench/finish.py <built site> [runs]   (build/site of the bench's corpus, say)"""

from __future__ import annotations

import posixpath
import shutil
import sys
import tempfile
import time
from pathlib import Path

from academie.site.fingerprints import fingerprint_files
from academie.site.finishing import finish_files
from academie.site.pages import platform_assets


def unfinish(site: Path) -> None:
    """The site as MkDocs leaves it: pages pointing at the plain names, no fingerprinted copy."""
    renamed = fingerprint_files(site, [path for path, _ in platform_assets()])
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        plain = text
        for old, new in renamed.items():
            plain = plain.replace(posixpath.basename(new), posixpath.basename(old))
        if plain != text:
            page.write_text(plain, encoding="utf-8")
    for new in renamed.values():
        (site / new).unlink()


def one_run(site: Path) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="academie-fin-") as scratch:
        copy = Path(scratch) / "site"
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns("*.gz"))
        unfinish(copy)
        wall, cpu = time.monotonic(), time.process_time()
        renamed = fingerprint_files(copy, [path for path, _ in platform_assets()])
        finish_files(copy, None, renamed)
        return time.monotonic() - wall, time.process_time() - cpu


def main() -> int:
    if len(sys.argv) < 2 or not (Path(sys.argv[1]) / "index.html").is_file():
        print("usage : bench/finish.py <site construit> [exécutions]", file=sys.stderr)
        return 2
    site, runs = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3
    pages = sum(1 for _ in site.rglob("*.html"))
    for _ in range(runs):
        wall, cpu = one_run(site)
        print(f"{pages} pages\u00a0: {wall:.2f} s réelles, {cpu:.2f} s de calcul".replace(".", ","))
    return 0


if __name__ == "__main__":
    sys.exit(main())
