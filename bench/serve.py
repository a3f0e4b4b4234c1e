"""Load held by the built site behind nginx: wrk (Debian) on loopback, a lesson page and the
platform's style sheet, each for a fixed time, as browsers ask for them (gzip accepted).

    .venv/bin/python bench/serve.py [build/site] [--duree 10] [--connexions 50] [--threads 2]

(`make bench-serve` installs nginx and wrk, builds, then runs this.) Prints requests per second,
latency percentiles and errors; exits 1 if any request failed.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from academie.site.serving import Nginx, fingerprinted, free_port  # noqa: E402

WRK = "/usr/bin/wrk"
LESSON = "rediger-devis-et-e-mails"
PERCENTILES = ("50%", "75%", "90%", "99%")


@dataclass
class Result:
    label: str
    path: str
    requests_per_second: float
    latency: dict[str, str]  # percentile → « 1.23ms »
    requests: int
    errors: int
    transfer: str


def lesson_path(site: Path) -> str:
    lessons = json.loads((site / "catalogue.json").read_text(encoding="utf-8"))["lessons"]
    url = next(lesson["url"] for lesson in lessons if lesson["id"] == LESSON)
    return urlsplit(url).path


def css_path(site: Path) -> str:
    sheet = next(fingerprinted(site, "assets/academie.*.css"), None)
    if sheet is None:
        raise SystemExit("pas de feuille de style empreintée dans le site : reconstruisez-le avec « make build »")
    return "/" + sheet.relative_to(site).as_posix()


def run_wrk(url: str, seconds: int, connections: int, threads: int) -> str:
    command = [
        WRK,
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--latency",
        "--header=Accept-Encoding: gzip",
        url,
    ]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def parse(label: str, path: str, output: str) -> Result:
    latency = {p: m[1] for p in PERCENTILES if (m := re.search(rf"^\s*{re.escape(p)}\s+(\S+)", output, re.M))}
    errors = 0
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(n) for n in m.groups())
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(m[1])
    requests = re.search(r"(\d+) requests in", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    transfer = re.search(r"Transfer/sec:\s+(\S+)", output)
    return Result(
        label,
        path,
        float(rate[1]) if rate else 0.0,
        latency,
        int(requests[1]) if requests else 0,
        errors,
        transfer[1] if transfer else "?",
    )


def table(results: list[Result], seconds: int, connections: int, threads: int) -> str:
    head = ["", "requêtes/s", *[f"latence {p}" for p in PERCENTILES], "requêtes", "erreurs", "débit/s"]
    rows = [
        [
            f"{r.label} ({r.path})",
            f"{r.requests_per_second:,.0f}".replace(",", "\u202f"),
            *[r.latency.get(p, "?") for p in PERCENTILES],
            str(r.requests),
            str(r.errors),
            r.transfer,
        ]
        for r in results
    ]
    lines = [
        f"wrk, {threads} fils, {connections} connexions, {seconds} s par adresse, gzip accepté, nginx sur 127.0.0.1",
        "| " + " | ".join(head) + " |",
        "|" + "|".join(" --- " for _ in head) + "|",
        *["| " + " | ".join(row) + " |" for row in rows],
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Charge tenue par le site servi par nginx (wrk).")
    parser.add_argument("site", type=Path, nargs="?", default=ROOT / "build" / "site")
    parser.add_argument("--duree", type=int, default=10, help="secondes par adresse")
    parser.add_argument("--connexions", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    if not Path(WRK).is_file():
        print(f"{WRK} introuvable — lancez « make wrk » (installe wrk depuis Debian)", file=sys.stderr)
        return 1
    targets = [("leçon", lesson_path(args.site)), ("feuille de style", css_path(args.site))]
    results = []
    with (
        tempfile.TemporaryDirectory(prefix="academie-nginx-") as prefix,
        Nginx(args.site, Path(prefix), free_port()) as nginx,
    ):
        for label, path in targets:
            output = run_wrk(nginx.url.rstrip("/") + path, args.duree, args.connexions, args.threads)
            results.append(parse(label, path, output))
    print(table(results, args.duree, args.connexions, args.threads))
    failed = sum(r.errors for r in results)
    if failed:
        print(f"{failed} requête(s) en erreur", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
