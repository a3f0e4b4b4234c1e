"""QR codes of the short links, drawn by segno: SVG for slides and print, PNG for messaging and office tools."""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import segno
from PIL import Image

from academie.parallel import start_on_cores

# Level M survives a few scratches or a fold in a printed flyer and keeps the code small.
ERROR_LEVEL = "m"
QUIET_ZONE = 4  # modules of white border that readers need around the code
SVG_MODULE = 1  # millimetres per module: a short link's code is 4 to 5 cm wide when printed as is
PNG_SCALE = 20  # pixels per module: about 900 px wide, sharp when printed at 7 cm


@lru_cache(maxsize=64)  # the SVG and the PNG of one link share one code
def _code(url: str) -> segno.QRCode:
    return segno.make_qr(url, error=ERROR_LEVEL)


def qr_svg(url: str, title: str) -> bytes:
    """A standalone SVG file, black on white whatever the page colours are, with a <title> for screen readers."""
    buffer = io.BytesIO()
    # A size in millimetres and a viewBox: the file keeps a print size and scales without blur.
    _code(url).save(
        buffer,
        kind="svg",
        scale=SVG_MODULE,
        unit="mm",
        border=QUIET_ZONE,
        dark="#000",
        light="#fff",
        title=title,
        xmldecl=True,
        svgclass=None,
        lineclass=None,
    )
    return buffer.getvalue()


def qr_png(url: str) -> bytes:
    """A black-and-white PNG (1 bit a pixel). Drawn by Pillow from the code's modules: segno's own PNG
    writer is pure Python and took three times as long (a thousand lessons: 3.4 s against 1 s)."""
    matrix = _code(url).matrix
    size = len(matrix) + 2 * QUIET_ZONE
    white, side = b"\xff" * size, b"\xff" * QUIET_ZONE
    rows = [side + bytes(0 if dark else 255 for dark in row) + side for row in matrix]
    modules = b"".join([white] * QUIET_ZONE + rows + [white] * QUIET_ZONE)
    image = Image.frombytes("L", (size, size), modules).convert("1", dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.resize((size * PNG_SCALE, size * PNG_SCALE), Image.Resampling.NEAREST).save(buffer, format="PNG")
    return buffer.getvalue()


QR_CACHE_VERSION = "2"  # change when the drawing parameters above change


@dataclass
class QrCache:
    """QR codes kept in a folder outside the site (`.cache/qr/`) under the hash of what they encode:
    computing a code's best mask and drawing its files costs about 4 ms, a thousand lessons 4 s."""

    folder: Path
    made: int = 0
    reused: int = 0
    _just_made: set[tuple[Path, Path]] = field(default_factory=set)  # made by make_missing, not reused

    def _paths(self, url: str, title: str) -> tuple[Path, Path]:
        key = hashlib.sha256(f"{QR_CACHE_VERSION}\n{url}\n{title}".encode()).hexdigest()[:32]
        return self.folder / f"{key}.svg", self.folder / f"{key}.png"

    def _store(self, paths: tuple[Path, Path], files: tuple[bytes, bytes]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for path, data in zip(paths, files, strict=True):
            # Write then rename: a build running at the same time never reads half a file.
            partial = path.with_name(f".{path.name}.{os.getpid()}")
            partial.write_bytes(data)
            partial.replace(path)
        self.made += 1

    def make_missing(self, codes: list[tuple[str, str]]) -> None:
        """Make every (url, title) code the cache lacks, on all cores; `files()` then finds them."""
        self.start_making(codes)()

    def start_making(self, codes: list[tuple[str, str]]) -> Callable[[], None]:
        """Start making every (url, title) code the cache lacks, on all cores, and return at once;
        the returned function waits for them and stores them. `paths()` already names their files."""
        missing = {
            self._paths(url, title): (url, title)
            for url, title in codes
            if not all(path.is_file() for path in self._paths(url, title))
        }
        making = start_on_cores(_both_files, list(missing.values()))

        def finish() -> None:
            for paths, files in zip(missing, making(), strict=True):
                self._store(paths, files)
            self._just_made.update(missing)

        return finish

    def paths(self, url: str, title: str) -> tuple[Path, Path]:
        """(SVG, PNG) files of the code for `url`, made or to be made by `start_making`."""
        return self._paths(url, title)

    def files(self, url: str, title: str) -> tuple[bytes, bytes]:
        """(SVG, PNG) of the code for `url`, made only if no build has made them before."""
        svg_path, png_path = paths = self._paths(url, title)
        if svg_path.is_file() and png_path.is_file():
            if paths not in self._just_made:
                self.reused += 1
            return svg_path.read_bytes(), png_path.read_bytes()
        files = _both_files((url, title))
        self._store(paths, files)
        return files


def _both_files(code: tuple[str, str]) -> tuple[bytes, bytes]:
    url, title = code
    return qr_svg(url, title), qr_png(url)
