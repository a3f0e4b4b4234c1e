"""The built website finished for its host, at the end of `academie build`: the platform's scripts
and styles fingerprinted, a .gz beside every text file (each page read once, its security policy
read at the same time), and the nginx configuration next to the site (serving.py).

`finish_site` runs as soon as the website is built, `finish_folder` on the Jupyter Book edition
published after it, `write_site_config` last; `prepare_site` does all three at once.
"""

from __future__ import annotations

import gzip
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from academie.site.fingerprints import fingerprint_files, rewrite_references
from academie.site.hard_links import replace_bytes, replace_text, same_file
from academie.site.pages import platform_assets
from academie.site.serving import CONFIG_NAME, Settings, header_policy, nginx_config, page_policy, with_workers

# zlib's default level: for the 55.4 MB of text of the bench's site (1,000 lessons), 0.76 s of
# compression instead of 1.18 s at level 9, for files 0.5 % larger (bench/gzip_levels.py). Not
# zlib-ng, although it takes 0.41 s at this level: its files are 0.3 % larger, and a lesson's first
# visit (make weight) 0.5 kB heavier, for a budget of 100 kB that it nearly fills.
GZIP_LEVEL = 6
# What nginx sends precompressed (gzip_static): every text format the site publishes.
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ipynb", ".csv", ".gift", ".md", ".map")
MIN_COMPRESSED_SIZE = 256  # below that, gzip's own header outweighs the gain
Result = TypeVar("Result")


def gzip_bytes(data: bytes) -> bytes:
    """The .gz file of these bytes, as the site has it (no timestamp: the same bytes give the same file)."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def _compressed_files(site: Path) -> list[Path]:
    return [path for path in sorted(site.rglob("*")) if path.suffix.lower() in COMPRESSED and path.is_file()]


def _on_threads(function: Callable[[Path], Result], paths: list[Path]) -> list[Result]:
    # zlib lets go of the interpreter while it compresses: threads use every core (1,000 lessons:
    # 2 s on one core). Each thread writes its own files only.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(function, paths))


def finish_files(site: Path, previous: Path | None, renamed: dict[str, str]) -> dict[str, str]:
    """In one pass over the built site, each file read once: every page pointed at the fingerprinted
    files (`renamed`, see fingerprint_files), every text file given its .gz (GZIP_LEVEL, no timestamp:
    reproducible; one taken from `previous` when its file is the same there), and
    the policy of every page read (as `page_policies`, which it returns). `previous`: the site an
    incremental build copied; its pages still shared with it are already rewritten."""
    return with_workers(site, _finish(site, site, previous, renamed))


def _finish(site: Path, folder: Path, previous: Path | None, renamed: dict[str, str]) -> dict[Path, str]:
    """finish_files for the files of `folder`, in `site`; the policy of each of its pages."""
    files = _compressed_files(folder)
    pages = [path for path in files if path.suffix == ".html"]
    others = [path for path in files if path.suffix != ".html"]
    policies = _on_threads(lambda page: _finish_page(page, site, previous, renamed), pages)
    _on_threads(lambda path: _precompress_file(path, site, previous), others)
    return dict(zip(pages, policies, strict=True))


def _finish_page(page: Path, site: Path, previous: Path | None, renamed: dict[str, str]) -> str:
    """Point the page at the fingerprinted files, write its .gz; its header's policy."""
    data = page.read_bytes()
    text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text reads it
    if previous is None or not same_file(page, previous / page.relative_to(site)):
        folder = page.parent.relative_to(site).as_posix()
        new_text = rewrite_references(text, "" if folder == "." else folder, renamed)
        if new_text != text:
            replace_text(page, new_text)
            text, data = new_text, new_text.encode("utf-8")
    _precompress_file(page, site, previous, data)
    return header_policy(page_policy(text))


def recompress(site: Path, names: list[str]) -> None:
    """Write again the .gz of these files of the site, changed since `finish_files` wrote it."""
    for name in names:
        path = site / name
        path.with_name(path.name + ".gz").unlink(missing_ok=True)
        if path.suffix.lower() in COMPRESSED:
            _precompress_file(path, site, None)


def _precompress_file(path: Path, site: Path, previous: Path | None, data: bytes | None = None) -> bool:
    """Write path.gz; False if it is not worth it or taken from `previous`. `data`: the file's
    bytes, if the caller has them."""
    if previous is not None and _shared(path, previous / path.relative_to(site)):
        return False  # the same file as the previous site's (an incremental build's copy), with its .gz
    data = path.read_bytes() if data is None else data
    if len(data) < MIN_COMPRESSED_SIZE:
        return False
    target = path.with_name(path.name + ".gz")
    if previous is not None and _reuse_compressed(previous / path.relative_to(site), data, target):
        return False
    packed = gzip_bytes(data)
    if len(packed) >= len(data):
        target.unlink(missing_ok=True)
        return False
    # An incremental build's site shares its unchanged files with the previous one (hard links).
    replace_bytes(target, packed)
    return True


def _shared(path: Path, old: Path) -> bool:
    """Whether `path` is a hard link to `old` and so is its .gz (or neither has one)."""
    packed, old_packed = path.with_name(path.name + ".gz"), old.with_name(old.name + ".gz")
    both_packed = same_file(packed, old_packed) if old_packed.exists() else not packed.exists()
    return same_file(path, old) and both_packed


def _reuse_compressed(old: Path, data: bytes, target: Path) -> bool:
    old_packed = old.with_name(old.name + ".gz")
    try:
        if old.stat().st_size != len(data) or not old_packed.is_file() or old.read_bytes() != data:
            return False
    except OSError:
        return False
    if same_file(target, old_packed):
        return True  # already shared with the previous site (an incremental build's copy)
    target.unlink(missing_ok=True)
    try:
        # A hard link: the old site is deleted after the swap, and no build writes into a .gz in place.
        os.link(old_packed, target)
    except OSError:
        shutil.copyfile(old_packed, target)
    return True


@dataclass
class Finishing:
    """The website in `staging` (later moved to `site`), as `finish_site` left it: its fingerprinted
    files and the policy of each page finished so far."""

    staging: Path
    site: Path
    renamed: dict[str, str]
    policies: dict[Path, str]

    @property
    def previous(self) -> Path | None:
        return self.site if self.site.is_dir() else None


def finish_site(staging: Path, site: Path) -> Finishing:
    """After the website build in `staging`: fingerprints and .gz files (finish_files)."""
    renamed = fingerprint_files(staging, [path for path, _ in platform_assets()])
    finishing = Finishing(staging, site, renamed, {})
    finishing.policies = _finish(staging, staging, finishing.previous, renamed)
    return finishing


def finish_folder(finishing: Finishing, folder: Path) -> None:
    """The files of a folder put into the website after finish_site (the Jupyter Book edition,
    built meanwhile), finished the same way."""
    finishing.policies.update(_finish(finishing.staging, folder, finishing.previous, finishing.renamed))


def write_site_config(finishing: Finishing) -> None:
    """The nginx configuration next to the site, which points at the site's final place."""
    site = finishing.site
    policies = with_workers(finishing.staging, finishing.policies)
    config = nginx_config(Settings(site=site, prefix=site.parent / "nginx", user=""), finishing.staging, policies)
    (site.parent / CONFIG_NAME).write_text(config, encoding="utf-8")


def prepare_site(staging: Path, site: Path) -> None:
    """After the website build in `staging` (later moved to `site`): fingerprints, .gz files, and
    the nginx configuration next to the site, which points at `site`."""
    write_site_config(finish_site(staging, site))
