"""QR codes of the short links: SVG for slides and print, PNG for messaging and office tools.

The code is computed by zxing-cpp (C++: 0.05 ms a code, where the pure-Python segno took 2.6 ms to
try its eight masks — a thousand lessons' codes were 4 s of a first build); the files are written
here from its modules."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from pathlib import Path

import zxingcpp
from PIL import Image

from academie.ambassadors.cards import store_file
from academie.ambassadors.png import GREYSCALE, png_file, unfiltered_rows
from academie.parallel import start_on_cores

# Level M survives a few scratches or a fold in a printed flyer and keeps the code small.
ERROR_LEVEL = "M"
QUIET_ZONE = 4  # modules of white border that readers need around the code
PNG_SCALE = 20  # pixels per module: about 700 to 900 px wide, sharp when printed at 7 cm


@lru_cache(maxsize=64)  # the SVG and the PNG of one link share one code
def _modules(url: str) -> tuple[int, bytes]:
    """The code's side in modules and its modules row by row, one byte each: 0 dark, 255 light."""
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level=ERROR_LEVEL)
    # zxingcpp.Image has the buffer protocol (a 2-D array of bytes); its type stubs do not say so.
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    return image.shape[0] if image.shape else 0, bytes(image)


def qr_svg(url: str, title: str) -> bytes:
    """A standalone SVG file, black on white whatever the page colours are, with a <title> for screen
    readers. One module is a millimetre (width and height in mm) and a viewBox: the file keeps a print
    size, 3 to 4 cm for a short link, and scales without blur."""
    side, modules = _modules(url)
    size = side + 2 * QUIET_ZONE
    runs = []  # one horizontal stroke, half a module down, per run of dark modules
    for y in range(side):
        row = modules[y * side : (y + 1) * side]
        x = 0
        while x < side:
            if row[x]:
                x += 1
                continue
            end = x
            while end < side and not row[end]:
                end += 1
            runs.append(f"M{x + QUIET_ZONE} {y + QUIET_ZONE}.5h{end - x}")
            x = end
    svg = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}mm" height="{size}mm" viewBox="0 0 {size} {size}">'
        f"<title>{escape(title, quote=False)}</title>"
        f'<path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/><path stroke="#000" d="{"".join(runs)}"/></svg>\n'
    )
    return svg.encode("utf-8")


def qr_png(url: str) -> bytes:
    """A black-and-white PNG, 1 bit a pixel, with its quiet zone. Pillow widens each module to
    PNG_SCALE pixels; the file is written by academie.ambassadors.png, each row repeated PNG_SCALE
    times: Pillow's encoder took 0.8 ms a code, this 0.5 ms, for a smaller file (bench/drawings.py)."""
    side, modules = _modules(url)
    size = side + 2 * QUIET_ZONE
    image = Image.new("L", (size, size), 255)
    image.paste(Image.frombytes("L", (side, side), modules), (QUIET_ZONE, QUIET_ZONE))
    wide = image.convert("1", dither=Image.Dither.NONE).resize((size * PNG_SCALE, size), Image.Resampling.NEAREST)
    packed = wide.tobytes()  # 1 bit a pixel, each row padded to a whole byte, as PNG wants it
    rows = unfiltered_rows(packed, len(packed) // size, repeat=PNG_SCALE)
    width = size * PNG_SCALE
    # Level 6: level 9 searches the repeated rows' long matches four times longer, for no gain.
    return png_file(width, width, rows, bit_depth=1, colour_type=GREYSCALE, level=6)


QR_CACHE_VERSION = "4"  # change when the drawing parameters above change


@dataclass
class QrCache:
    """QR codes kept in a folder outside the site (`.cache/qr/`) under the hash of what they encode:
    making a code's two files costs about 0.7 ms (bench/drawings.py), a thousand lessons 0.7 s."""

    folder: Path
    made: int = 0
    reused: int = 0
    _just_made: set[tuple[Path, Path]] = field(default_factory=set)  # made by make_missing, not reused

    def _paths(self, url: str, title: str) -> tuple[Path, Path]:
        key = hashlib.sha256(f"{QR_CACHE_VERSION}\n{url}\n{title}".encode()).hexdigest()[:32]
        return self.folder / f"{key}.svg", self.folder / f"{key}.png"

    def _store(self, paths: tuple[Path, Path], files: tuple[bytes, bytes]) -> None:
        _store_both(paths, files)
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
        # Each worker writes the files it makes, instead of sending them back through a pipe.
        making = start_on_cores(_make_into, [(code, paths) for paths, code in missing.items()])

        def finish() -> None:
            making()
            self.made += len(missing)
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


def _make_into(job: tuple[tuple[str, str], tuple[Path, Path]]) -> None:
    code, paths = job
    _store_both(paths, _both_files(code))


def _store_both(paths: tuple[Path, Path], files: tuple[bytes, bytes]) -> None:
    for path, data in zip(paths, files, strict=True):
        store_file(path, data)
