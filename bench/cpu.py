"""Run a command; print its wall time and the whole machine's CPU time meanwhile (/proc/stat),
which counts every process, including pool workers started by a fork server (that /usr/bin/time,
which counts only waited-for children, misses). Measure on an otherwise idle machine.

Use: .venv/bin/python bench/cpu.py <command> [arguments…]"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def busy() -> float:
    with open("/proc/stat", encoding="ascii") as stat:
        fields = stat.readline().split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = map(int, fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    if len(sys.argv) < 2:
        print("usage : bench/cpu.py <commande> [arguments…]", file=sys.stderr)
        return 2
    before, started = busy(), time.monotonic()
    code = subprocess.run(sys.argv[1:]).returncode
    seconds, cpu = time.monotonic() - started, busy() - before
    print(f"{seconds:.1f} s réelles, {cpu:.1f} s de calcul (toute la machine)".replace(".", ","), file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
