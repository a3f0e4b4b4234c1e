"""The sandbox a notebook's kernel runs in: Debian's bubblewrap (`bwrap`), no network, one writable folder.

A lesson's code runs at every build, on the build machine: it must not be able to change the
project, the virtual environment or the home folder, reach the network, or install anything.
Each kernel is started inside `bwrap` with:

- new namespaces for everything (`--unshare-all`: no network but a loopback of its own, its own
  processes, its own users — the sandbox's user owns nothing outside);
- read-only views of the system (/usr), of the Python installation and of the virtual
  environment, and nothing else of the machine: the project, $HOME and /tmp are not there;
- one writable folder, the run's scratch folder (a fresh copy of the notebook's data files,
  its working folder, a temporary HOME, and the kernel's socket files);
- a clean environment (no variable of the build leaks in) and no capability.

The kernel talks to the build over ZeroMQ « ipc » sockets, which are files in the scratch
folder: no TCP port is needed, so the network can be cut entirely.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager

BWRAP = "bwrap"
# Files of /etc that the Python runtime and its libraries read; the rest of /etc stays out.
ETC_FILES = ("ld.so.cache", "localtime", "nsswitch.conf", "mime.types", "fonts")
MISSING = (
    "bubblewrap (bwrap) est introuvable : les carnets ne s’exécutent que dans son bac à sable",
    "installez-le : « make build » le fait (apt-get install bubblewrap sous Debian)",
)


def bwrap_path() -> str | None:
    return shutil.which(BWRAP)


def _python_roots() -> list[Path]:
    """The folders the kernel's Python needs: the virtual environment and the installation it comes from."""
    roots = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), Path(sys.executable).resolve().parent.parent}
    return sorted(root for root in roots if not str(root).startswith("/usr"))


@dataclass(frozen=True)
class Sandbox:
    """One run's sandbox: `scratch` is the only folder the kernel may write to."""

    scratch: Path
    workdir: Path

    @property
    def home(self) -> Path:
        return self.scratch / "maison"

    def prepare(self) -> None:
        for folder in (self.home, self.scratch / "tmp", self.workdir):
            folder.mkdir(parents=True, exist_ok=True)

    def environment(self) -> dict[str, str]:
        """The kernel's whole environment: nothing of the build's own (tokens, paths…) goes in."""
        return {
            "PATH": f"{Path(sys.prefix) / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.home),
            "TMPDIR": str(self.scratch / "tmp"),
            "MPLCONFIGDIR": str(self.home / ".matplotlib"),
            "IPYTHONDIR": str(self.home / ".ipython"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
            "PIP_NO_INPUT": "1",
            "LANG": "C.UTF-8",
        }

    def command(self, argv: list[str]) -> list[str]:
        """`argv` wrapped in bwrap."""
        tool = bwrap_path()
        if tool is None:
            raise FileNotFoundError(BWRAP)
        args = [
            tool,
            "--unshare-all",
            "--die-with-parent",
            "--cap-drop",
            "ALL",
            "--uid",
            "1000",
            "--gid",
            "1000",
            "--hostname",
            "carnet",
            "--ro-bind",
            "/usr",
            "/usr",
        ]
        for name in ("bin", "lib", "lib64", "lib32", "sbin"):
            top = Path("/") / name
            if top.is_symlink():
                args += ["--symlink", os.readlink(top), str(top)]
            elif top.is_dir():
                args += ["--ro-bind", str(top), str(top)]
        for name in ETC_FILES:
            if (Path("/etc") / name).exists():
                args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
        for root in _python_roots():
            args += ["--ro-bind", str(root), str(root)]
        args += ["--dev", "/dev", "--proc", "/proc", "--bind", str(self.scratch), str(self.scratch)]
        # Every folder bwrap made to hold those views is read-only too.
        args += ["--remount-ro", "/", "--chdir", str(self.workdir)]
        # The kernel's parent is outside its process namespace: it must not watch it (it would see
        # the sandbox's init as parent and stop); --die-with-parent ends it with the build instead.
        args += ["--setenv", "JPY_PARENT_PID", "1", "--"]
        return args + argv


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts its kernel inside a `Sandbox` (set `sandbox` before starting)."""

    sandbox: Sandbox | None = None

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        assert self.sandbox is not None, "SandboxedKernelManager.sandbox must be set before the kernel starts"
        kw["env"] = self.sandbox.environment()
        kw["cwd"] = str(self.sandbox.workdir)
        await super()._async_launch_kernel(self.sandbox.command(kernel_cmd), **kw)
