"""Not a hook: the process `academie build` starts to run several MkDocs builds one after the other
(the offline packs), each as `mkdocs build` would, with its own options and environment.

One process for all the packs instead of one each: MkDocs, Material, Markdown and the academie
package are imported once, and two cores are not shared by four builds at once (1,000 lessons: the
three packs take 10 s of processor time this way, 13 s as three processes).

    python hooks/run_builds.py <jobs.json> <results.json>

jobs.json: [{"name": …, "args": [arguments of `mkdocs build`], "env": {variable: value}}, …];
results.json receives {"failed": [names]}. The exit status is 1 if a build failed.
"""

from __future__ import annotations

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


def main(jobs_file: str, results_file: str) -> int:
    jobs = json.loads(Path(jobs_file).read_text(encoding="utf-8"))
    failed = [job["name"] for job in jobs if not run(job["name"], job["args"], job["env"])]
    Path(results_file).write_text(json.dumps({"failed": failed}), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
