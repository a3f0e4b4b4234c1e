"""Not a hook: a process `academie build` starts to run MkDocs builds one after the other (the
website; the offline packs), each as `mkdocs build` would, with its own options and environment.

One process for all the packs instead of one each: MkDocs, Material, Markdown and the academie
package are imported once, and two cores are not shared by four builds at once (1,000 lessons: the
three packs take 10 s of processor time this way, 13 s as three processes). And the process is
started before its builds are known: it imports all that while `academie build` reads the content.

    python hooks/run_builds.py <results.json>   (the builds on the standard input)

The standard input: [{"name": …, "args": [arguments of `mkdocs build`], "env": {variable: value}}, …];
results.json receives {"done": [names], "failed": [names]} after each build (written aside, then
renamed: `academie build` zips a pack as soon as it is done). The exit status is 1 if a build
failed. An empty standard input means the process is no longer wanted: it ends quietly.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys
from pathlib import Path

from mkdocs.__main__ import cli


def run(name: str, args: list[str], env: dict[str, str]) -> bool:
    before = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        cli.main(["build", *args], prog_name="mkdocs", standalone_mode=False)
        return True
    except Exception as error:  # a failed build is reported, and the next one still runs
        print(f"{name} : échec de la construction — {error}", file=sys.stderr)
        return False
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def prepare() -> None:
    """Import what every build imports (besides MkDocs itself): Material's plugins, the Markdown
    extensions of mkdocs.yml and the academie package the hooks use."""
    for module in (
        "material.plugins.search.plugin",
        "material.plugins.offline.plugin",
        "markdown.extensions.toc",
        "markdown.extensions.md_in_html",
        "pymdownx.superfences",
        "pymdownx.details",
        "academie.content",
        "academie.site",
        "academie.ambassadors",
        "academie.notebooks",
    ):
        with contextlib.suppress(ImportError):  # not installed: the build that needs it says so
            importlib.import_module(module)


def main(results_file: str) -> int:
    prepare()
    given = sys.stdin.read()
    if not given.strip():  # stopped unused (`runner.cancel`): no build, nothing to say
        return 0
    jobs = json.loads(given)
    results = Path(results_file)
    done: list[str] = []
    failed: list[str] = []
    for job in jobs:
        if not run(job["name"], job["args"], job["env"]):
            failed.append(job["name"])
        done.append(job["name"])
        partial = results.with_name(f".{results.name}")
        partial.write_text(json.dumps({"done": done, "failed": failed}, ensure_ascii=False), encoding="utf-8")
        partial.replace(results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
