"""The built website as a host serves it: nginx with the security headers, precompressed files,
cache lifetimes and HTTP redirects that the site needs, all computed from the built folder.

`prepare_site` runs at the end of `academie build` (as `finish_site`, `finish_folder` for the
Jupyter Book edition published later, and `write_site_config`): it fingerprints the platform's
scripts and styles, writes a .gz beside every text file, and writes the nginx configuration next to
the site (build/nginx.conf, from templates/nginx.conf.j2). `Nginx` runs Debian's nginx on that folder in
the foreground, with its own temporary folders: `make serve-prod`, `make bench-serve` and the tests.

    python -m academie.site.serving build/site [--port 8080]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TypeVar

from academie.site.fingerprints import fingerprint_files, rewrite_references
from academie.site.hard_links import replace_bytes, replace_text, same_file
from academie.site.pages import platform_assets, render

NGINX = "/usr/sbin/nginx"
DEFAULT_PORT = 8080
# zlib's default level: for the 57.7 MB of text of the bench's site (1,000 lessons), 0.64 s of
# compression instead of 1.12 s at level 9, for files 0.4 % larger (bench/gzip_levels.py).
GZIP_LEVEL = 6
# What nginx sends precompressed (gzip_static): every text format the site publishes.
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ipynb", ".csv", ".gift", ".md", ".map")
MIN_COMPRESSED_SIZE = 256  # below that, gzip's own header outweighs the gain
# Added to every page's own policy: only an HTTP header can forbid framing (clickjacking).
FRAME_ANCESTORS = "frame-ancestors 'none'"
# The policy of every response that is not a page (a style sheet, an image, an SVG opened alone).
DEFAULT_POLICY = f"default-src 'none'; {FRAME_ANCESTORS}; base-uri 'none'; form-action 'none'"
CONFIG_NAME = "nginx.conf"
Result = TypeVar("Result")


class _PolicyReader(HTMLParser):
    """The first Content-Security-Policy <meta> of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.policy: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if (
            self.policy is None
            and tag == "meta"
            and (values.get("http-equiv") or "").lower() == ("content-security-policy")
        ):
            self.policy = values.get("content") or ""


_HEAD_END = re.compile(r"</head\s*>", re.I)


_POLICY_META = re.compile(r"<meta\b[^>]*content-security-policy[^>]*>", re.I)


def page_policy(html: str) -> str | None:
    """The page's policy <meta>: a browser obeys one only in <head>, so the body is not read; nor is
    the head past the first tag that may hold it (the parser then reads a few hundred characters, not
    the head's scripts and data), unless that one turns out not to count (in a comment, say)."""
    end = _HEAD_END.search(html)
    head = html[: end.start()] if end else html
    candidate = _POLICY_META.search(head)
    if candidate is not None:
        found = _read_policy(head[: candidate.end()])
        if found is not None:
            return found
    return _read_policy(head)


def _read_policy(html: str) -> str | None:
    reader = _PolicyReader()
    reader.feed(html)
    return reader.policy


def header_policy(meta_policy: str | None) -> str:
    """The header sent with a page: its own <meta> policy, plus frame-ancestors. A page without a
    policy of its own gets only frame-ancestors: the header never forbids more than the page needs."""
    parts = [p.strip() for p in (meta_policy or "").split(";") if p.strip()]
    return "; ".join([*parts, FRAME_ANCESTORS])


def _uri(site: Path, page: Path) -> str:
    return "/" + page.relative_to(site).as_posix()


# A Web Worker obeys the policy of its own script's response, not the page's: the search worker
# loads its engine (importScripts) and the index (fetch) on the first query, from the site only.
WORKER_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self'; " + FRAME_ANCESTORS


def page_policies(site: Path) -> dict[str, str]:
    """{URI of each page file: the policy its header carries} — the same as the page's <meta>, so
    that the pages whose Material scripts hash differently (one hash per folder depth) each get theirs;
    and the search worker's scripts, which run under their own header."""
    pages = sorted(site.rglob("*.html"))
    return _with_workers(site, {page: header_policy(page_policy(page.read_text(encoding="utf-8"))) for page in pages})


def _with_workers(site: Path, pages: dict[Path, str]) -> dict[str, str]:
    policies = {_uri(site, page): pages[page] for page in sorted(pages)}
    for worker in sorted((site / "assets" / "search").glob("*.js")):
        policies[_uri(site, worker)] = WORKER_POLICY
    return policies


def short_links(site: Path) -> dict[str, str]:
    """{short link path: target path}, from the open catalogue (catalogue.json) the site publishes:
    /l/<lesson>/ and /p/<track>/. Empty if the site has none (a small test project, a pack)."""
    path = site / "catalogue.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    base = str(data.get("url") or "")
    links: dict[str, str] = {}
    for entry in [*data.get("tracks", []), *data.get("lessons", [])]:
        short, target = str(entry["short_link"]), str(entry["url"])
        if short.startswith(base) and target.startswith(base):
            links["/" + short.removeprefix(base)] = "/" + target.removeprefix(base)
    return links


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
    return _with_workers(site, _finish(site, site, previous, renamed))


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
    packed = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
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


def _quoted(value: str) -> str:
    if any(c in value for c in '"\\$\n'):
        raise ValueError(f"valeur impossible à écrire dans la configuration nginx : {value!r}")
    return f'"{value}"'


@dataclass(frozen=True)
class Settings:
    """Where nginx serves from and listens, and where it keeps its own files."""

    site: Path
    prefix: Path
    listen: str = str(DEFAULT_PORT)
    # None: the user running nginx when it is root (its workers must read the site wherever it
    # is); "": no `user` line, nginx's default (the file the build writes for hosts).
    user: str | None = field(default=None)


def nginx_config(settings: Settings, built: Path | None = None, policies: dict[str, str] | None = None) -> str:
    """The whole nginx configuration of a built site (read from `built`, if it is not yet in place);
    `policies`: the pages' (page_policies), if the caller has read them."""
    site = settings.site.resolve()
    policies = page_policies(built or site) if policies is None else policies
    user = settings.user
    if user is None and os.geteuid() == 0:
        user = pwd.getpwuid(os.geteuid()).pw_name  # workers must read the site, wherever it is
    return render(
        "nginx.conf.j2",
        site=_quoted(str(site)),
        prefix=settings.prefix.resolve(),
        listen=settings.listen,
        user=user,
        default_policy=_quoted(DEFAULT_POLICY),
        policies=[(_quoted(uri), _quoted(policy)) for uri, policy in policies.items()],
        redirects=[
            (_quoted(uri), _quoted(target))
            for short, target in short_links(built or site).items()
            for uri in (short, short.rstrip("/"), short + "index.html")
        ],
    )


def write_config(settings: Settings, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nginx_config(settings), encoding="utf-8")
    return path


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
    policies = _with_workers(finishing.staging, finishing.policies)
    config = nginx_config(Settings(site=site, prefix=site.parent / "nginx", user=""), finishing.staging, policies)
    (site.parent / CONFIG_NAME).write_text(config, encoding="utf-8")


def prepare_site(staging: Path, site: Path) -> None:
    """After the website build in `staging` (later moved to `site`): fingerprints, .gz files, and
    the nginx configuration next to the site, which points at `site`."""
    write_site_config(finish_site(staging, site))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Nginx:
    """Debian's nginx serving a built site in the foreground, stopped on exit."""

    def __init__(self, site: Path, prefix: Path, port: int, host: str = "127.0.0.1") -> None:
        self.site, self.prefix, self.port, self.host = site.resolve(), prefix.resolve(), port, host
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host if self.host != '0.0.0.0' else '127.0.0.1'}:{self.port}/"

    def write(self) -> Path:
        listen = f"{self.host}:{self.port}" if self.host != "0.0.0.0" else str(self.port)
        for folder in ("tmp", "logs"):
            (self.prefix / folder).mkdir(parents=True, exist_ok=True)
        return write_config(Settings(site=self.site, prefix=self.prefix, listen=listen), self.prefix / CONFIG_NAME)

    def command(self, config: Path) -> list[str]:
        if not Path(NGINX).is_file():
            raise FileNotFoundError(f"{NGINX} introuvable — lancez « make nginx » (installe nginx depuis Debian)")
        return [NGINX, "-p", str(self.prefix), "-c", str(config), "-e", "stderr", "-g", "daemon off;"]

    def start(self) -> Nginx:
        self.process = subprocess.Popen(self.command(self.write()))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx s’est arrêté au démarrage (code {self.process.returncode})")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"nginx ne répond pas sur le port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish the requests under way
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> Nginx:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def fingerprinted(site: Path, pattern: str) -> Iterator[Path]:
    """The files of the site whose name carries a fingerprint, e.g. pattern « assets/academie.*.css »."""
    digest = re.compile(r"\.[0-9a-f]{8,}\.")
    return (p for p in sorted(site.glob(pattern)) if digest.search(p.name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Servir le site construit avec nginx, comme en production.")
    parser.add_argument("site", type=Path, help="dossier du site construit (build/site)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--host", default="0.0.0.0", help="adresse d’écoute (toutes par défaut)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site} : pas de site construit — lancez « make build »", file=sys.stderr)
        return 1
    server = Nginx(args.site, args.site.resolve().parent / "nginx", args.port, args.host)
    config = server.write()
    print(f"nginx sert {server.site} sur {server.url} (configuration : {config}) — Ctrl+C pour arrêter.")
    sys.stdout.flush()
    command = server.command(config)
    os.execv(command[0], command)  # nginx itself in the foreground: Ctrl+C and signals reach it


if __name__ == "__main__":
    sys.exit(main())
