"""QR codes of the short links, drawn by segno: SVG for slides and print, PNG for messaging and office tools."""

from __future__ import annotations

import io

import segno

# Level M survives a few scratches or a fold in a printed flyer and keeps the code small.
ERROR_LEVEL = "m"
QUIET_ZONE = 4  # modules of white border that readers need around the code
SVG_MODULE = 1  # millimetres per module: a short link's code is 4 to 5 cm wide when printed as is
PNG_SCALE = 20  # pixels per module: about 900 px wide, sharp when printed at 7 cm


def _code(url: str) -> segno.QRCode:
    return segno.make_qr(url, error=ERROR_LEVEL)


def qr_svg(url: str, title: str) -> bytes:
    """A standalone SVG file, black on white whatever the page colours are, with a <title> for screen readers."""
    buffer = io.BytesIO()
    # A size in millimetres and a viewBox: the file keeps a print size and scales without blur.
    _code(url).save(buffer, kind="svg", scale=SVG_MODULE, unit="mm", border=QUIET_ZONE, dark="#000", light="#fff",
                    title=title, xmldecl=True, svgclass=None, lineclass=None)
    return buffer.getvalue()


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    _code(url).save(buffer, kind="png", scale=PNG_SCALE, border=QUIET_ZONE, dark="#000", light="#fff")
    return buffer.getvalue()
