"""Run a command; print its wall time and the whole machine's CPU time meanwhile (/proc/stat),
which counts every process, including pool workers started by a fork server (that /usr/bin/time,
which counts only waited-for children, misses), and the core time left idle meanwhile (wall time
× cores − CPU time). Measure on an otherwise idle machine.

With --courbe, also print every half second how many cores were busy, and the command's lines
(standard error) as they came: where a build leaves a core idle.

Use: .venv/bin/python bench/cpu.py [--courbe] <command> [arguments…]"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

STEP = 0.5  # seconds between two points of the curve


def busy() -> float:
    with open("/proc/stat", encoding="ascii") as stat:
        fields = stat.readline().split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = map(int, fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def curve(command: list[str]) -> int:
    """Run the command, printing the cores in use every STEP seconds and its stderr lines."""
    started = time.monotonic()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    lines: list[tuple[float, str]] = []

    def read() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append((time.monotonic() - started, line.rstrip()))

    reader = threading.Thread(target=read)
    reader.start()
    before, last = busy(), time.monotonic()
    while process.poll() is None:
        time.sleep(STEP)
        now, moment = busy(), time.monotonic()
        cores = (now - before) / (moment - last)
        before, last = now, moment
        print(f"{time.monotonic() - started:6.1f} s {'#' * round(cores * 10):<30} {cores:.1f}".replace(".", ","))
        while lines and lines[0][0] <= time.monotonic() - started:
            print(f"         {lines.pop(0)[1]}")
    reader.join()
    for _, line in lines:
        print(f"         {line}")
    return process.returncode


def main() -> int:
    arguments = sys.argv[1:]
    with_curve = arguments[:1] == ["--courbe"]
    arguments = arguments[1:] if with_curve else arguments
    if not arguments:
        print("usage : bench/cpu.py [--courbe] <commande> [arguments…]", file=sys.stderr)
        return 2
    before, started = busy(), time.monotonic()
    code = curve(arguments) if with_curve else subprocess.run(arguments).returncode
    seconds, cpu = time.monotonic() - started, busy() - before
    cores = os.cpu_count() or 1
    # What the machine could have computed meanwhile and did not: a build that leaves cores waiting.
    idle = max(0.0, seconds * cores - cpu)
    print(
        f"{seconds:.1f} s réelles, {cpu:.1f} s de calcul (toute la machine), "
        f"{idle:.1f} s de cœur inoccupé ({cores} cœurs)".replace(".", ","),
        file=sys.stderr,
    )
    return code


if __name__ == "__main__":
    sys.exit(main())
