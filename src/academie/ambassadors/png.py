"""PNG files written here from their rows, for the drawings a build makes by the thousand (the
link-preview cards, the QR codes): their rows go through zlib-ng, which compresses the same data
two to three times faster than the zlib Pillow's encoder calls (bench/drawings.py)."""

from __future__ import annotations

import struct

from zlib_ng import zlib_ng

SIGNATURE = b"\x89PNG\r\n\x1a\n"
GREYSCALE = 0  # PNG colour types
PALETTE = 3


def png_file(
    width: int, height: int, rows: bytes, *, bit_depth: int, colour_type: int, level: int, palette: bytes = b""
) -> bytes:
    """A PNG file: `rows` is each row of pixels preceded by its filter type (see unfiltered_rows);
    `palette`, for a palette image, its colours as R, G, B bytes."""
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)  # no interlacing
    chunks = [_chunk(b"IHDR", header)]
    if palette:
        chunks.append(_chunk(b"PLTE", palette))
    chunks += [_chunk(b"IDAT", zlib_ng.compress(rows, level)), _chunk(b"IEND", b"")]
    return SIGNATURE + b"".join(chunks)


def unfiltered_rows(pixels: bytes | bytearray, stride: int, repeat: int = 1) -> bytes:
    """Each row of `pixels` (`stride` bytes) preceded by filter type 0 (none), `repeat` times: the
    drawings have large flat areas, which zlib finds without a filter's help."""
    view = memoryview(pixels)
    parts: list[bytes | memoryview] = []
    for start in range(0, len(pixels), stride):
        parts.extend((b"\x00", view[start : start + stride]) * repeat)
    return b"".join(parts)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib_ng.crc32(kind + data))
