"""The built website as a host serves it: nginx with the security headers, precompressed files,
cache lifetimes and HTTP redirects that the site needs, all computed from the built folder.

`academie build` finishes the site for it (finishing.py: fingerprints, a .gz beside every text
file, and the nginx configuration next to the site, build/nginx.conf, from templates/nginx.conf.j2,
written by `nginx_config`). `Nginx` runs Debian's nginx on that folder in the foreground, with its
own temporary folders: `make serve-prod`, `make bench-serve` and the tests.

    python -m academie.site.serving build/site [--port 8080]
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from academie.site.pages import render

NGINX = "/usr/sbin/nginx"
DEFAULT_PORT = 8080
# Added to every page's own policy: only an HTTP header can forbid framing (clickjacking).
FRAME_ANCESTORS = "frame-ancestors 'none'"
# The policy of every response that is not a page (a style sheet, an image, an SVG opened alone).
DEFAULT_POLICY = f"default-src 'none'; {FRAME_ANCESTORS}; base-uri 'none'; form-action 'none'"
CONFIG_NAME = "nginx.conf"


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
    return with_workers(site, {page: header_policy(page_policy(page.read_text(encoding="utf-8"))) for page in pages})


def with_workers(site: Path, pages: dict[Path, str]) -> dict[str, str]:
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
