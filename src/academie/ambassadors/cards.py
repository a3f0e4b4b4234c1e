"""Link-preview cards (Open Graph images, 1200 × 630 PNG), drawn with Pillow and kept in a cache.

Material's social plugin fetches Google Fonts while building, which fails offline; these cards
use fonts already on the machine (Debian's DejaVu, or the font bundled with Pillow) and never
touch the network. A card is stored under the hash of everything it shows, so an unchanged
page reuses its card and a second build draws nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from academie.ambassadors.png import PALETTE, png_file, unfiltered_rows
from academie.parallel import start_on_cores

CARD_SIZE = (1200, 630)
# Bump when the drawing changes: every cached card is then drawn again.
CARD_STYLE = "6"

DEJAVU_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
DEJAVU_FILES = {"bold": "DejaVuSans-Bold.ttf", "regular": "DejaVuSans.ttf"}

INDIGO = (63, 81, 181)  # Material's indigo, the site's primary colour
INK = (26, 26, 46)
GREY = (66, 66, 66)
WHITE = (255, 255, 255)
MARGIN = 72
BAND_HEIGHT = 104
# Each text colour on its background, in 21 steps: the anti-aliased edges of every letter. The card
# holds nothing else, so a palette image of these steps looks the same as an RGB drawing and weighs a
# third of it. The letters are drawn once, as coverage (0 to 255) on one grey-level canvas, and each
# band of the card turns coverage into its colour's steps with a lookup table: no RGB image to fill
# and no colour to quantize (bench/drawings.py: 4.1 ms a card instead of 4.6 ms).
SHADES = 21
# zlib-ng's level 4 (academie.ambassadors.png): 0.9 ms of compression a card, for about 23 KB; Pillow's
# encoder took 2.2 ms at zlib's level 3 for 28 KB (bench/drawings.py). Fetched only by the sites that
# show a link's preview.
PNG_LEVEL = 4


def _shades(start: tuple[int, int, int], end: tuple[int, int, int]) -> list[int]:
    """The steps from one colour to the other, as flat R, G, B values."""
    return [round(a + (b - a) * step / (SHADES - 1)) for step in range(SHADES) for a, b in zip(start, end, strict=True)]


@cache
def _palette() -> bytes:
    """White to indigo (kicker; white text on the indigo band), to ink (title), to grey (description)."""
    return bytes(_shades(WHITE, INDIGO) + _shades(WHITE, INK)[3:] + _shades(WHITE, GREY)[3:])


def _step(coverage: int) -> int:
    return round(coverage * (SHADES - 1) / 255)


# Palette index of each coverage, per colour: indices 0-20 go from white to indigo, 21-40 and
# 41-60 from the first step after white to ink and to grey (white is index 0 for all three).
INDIGO_ON_WHITE = [_step(c) for c in range(256)]
INK_ON_WHITE = [_step(c) and SHADES - 1 + _step(c) for c in range(256)]
GREY_ON_WHITE = [_step(c) and 2 * (SHADES - 1) + _step(c) for c in range(256)]
WHITE_ON_INDIGO = [SHADES - 1 - _step(c) for c in range(256)]
INDIGO_INDEX = SHADES - 1
TITLE_TOP = 112


@dataclass(frozen=True)
class Card:
    """What a card shows."""

    kicker: str  # « Parcours · TPE » or « Leçon · 17 min · Débutant »
    title: str
    description: str
    link: str  # the short link, as printed (without « https:// »)
    brand: str = "Académie de l’IA"


@dataclass(frozen=True)
class Fonts:
    """The two faces cards use. A path of None stands for the font bundled with Pillow."""

    bold: Path | None
    regular: Path | None

    def face(self, weight: str, size: int) -> ImageFont.FreeTypeFont:
        return _load_font(getattr(self, weight), size)

    @property
    def signature(self) -> str:
        """Names the faces, so that a machine with other fonts does not reuse cards drawn with these."""
        return "|".join(p.name if p else "pillow-default" for p in (self.bold, self.regular))


@cache
def _load_font(path: Path | None, size: int) -> ImageFont.FreeTypeFont:
    if path is None:
        return ImageFont.load_default(size=size)  # type: ignore[return-value]
    return ImageFont.truetype(str(path), size=size)


def find_fonts() -> Fonts:
    """Debian's DejaVu Sans (package fonts-dejavu-core) if present, else Pillow's bundled font."""
    for folder in DEJAVU_DIRS:
        paths = {weight: folder / name for weight, name in DEJAVU_FILES.items()}
        if all(p.is_file() for p in paths.values()):
            return Fonts(bold=paths["bold"], regular=paths["regular"])
    return Fonts(bold=None, regular=None)


@lru_cache(maxsize=8192)  # a build asks for each card's file three or four times
def card_key(card: Card, fonts: Fonts) -> str:
    payload = json.dumps([CARD_STYLE, fonts.signature, asdict(card)], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Greedy line breaking at ordinary spaces (never at a no-break space); the last line ends
    with « … » when the text is longer than `max_lines`."""
    lines: list[str] = []
    current = ""
    current_length = 0.0
    words = text.split(" ")
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        # A line's length is its words' and spaces' (no kerning across a space): each word is
        # measured once per process, and a line whole only when it comes close to the edge.
        length = current_length + _length(font, " ") + _length(font, word) if current else _length(font, word)
        if abs(length - width) <= EDGE:
            length = font.getlength(candidate)
        if length <= width or not current:
            current, current_length = candidate, length
            continue
        lines.append(current)
        current, current_length = word, _length(font, word)
        if len(lines) == max_lines:
            rest = " ".join([current, *words[index + 1 :]])
            lines[-1] = _ellipsis(lines[-1] + " " + rest, font, width)
            return lines
    if current:
        lines.append(current)
    return [_ellipsis(line, font, width) if font.getlength(line) > width else line for line in lines]


EDGE = 4  # pixels: closer to the edge than that, a line is measured whole


@lru_cache(maxsize=16384)
def _length(font: ImageFont.FreeTypeFont, word: str) -> float:
    return font.getlength(word)


def _ellipsis(text: str, font: ImageFont.FreeTypeFont, width: int) -> str:
    while text and font.getlength(text + "\u2026") > width:
        text = text[:-1]
    return text.rstrip(" ,;:.\u00a0") + "\u2026"


def _fit_title(title: str, fonts: Fonts, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size (64 down to 44 px) that holds the title on three lines at most."""
    for size in range(64, 43, -4):
        font = fonts.face("bold", size)
        lines = wrap(title, font, width, max_lines=3)
        if not lines[-1].endswith("\u2026"):
            return font, lines
    return font, lines


def draw_card(card: Card, fonts: Fonts) -> bytes:
    """The card as PNG bytes: brand and kicker, title, description, and a band with the short link."""
    width, height = CARD_SIZE
    text_width = width - 2 * MARGIN
    band_top = height - BAND_HEIGHT
    coverage = Image.new("L", CARD_SIZE, 0)
    draw = ImageDraw.Draw(coverage)

    # The kicker above the title, and (below) a thick indigo rule on the left edge: the card reads as
    # the Académie's at a glance.
    _put_text(coverage, (MARGIN, 56), card.kicker, fonts.face("bold", 30))

    title_font, title_lines = _fit_title(card.title, fonts, text_width)
    y = TITLE_TOP
    line_height = round(title_font.size * 1.18)
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_font, fill=255)
        y += line_height
    description_top = y + 10  # halfway down the gap between the title and the description

    description_font = fonts.face("regular", 30)
    description_line = 42
    room = (band_top - 36 - (y + 20)) // description_line
    if room > 0:
        y += 20
        for line in wrap(card.description, description_font, text_width, max_lines=min(room, 4)):
            draw.text((MARGIN, y), line, font=description_font, fill=255)
            y += description_line

    brand_font = fonts.face("bold", 34)
    middle = band_top + BAND_HEIGHT // 2
    _put_text(coverage, (MARGIN, middle), card.brand, brand_font, anchor="lm")
    link, link_font = _fit_link(card.link, fonts, text_width - int(brand_font.getlength(card.brand)) - 48)
    draw.text((width - MARGIN, middle), link, font=link_font, fill=255, anchor="rm")

    image = Image.new("L", CARD_SIZE, 0)  # each pixel an index into _palette()
    for colours, top, bottom in (
        (INDIGO_ON_WHITE, 0, TITLE_TOP),
        (INK_ON_WHITE, TITLE_TOP, description_top),
        (GREY_ON_WHITE, description_top, band_top),
        (WHITE_ON_INDIGO, band_top, height),
    ):
        box = (0, top, width, bottom)
        image.paste(coverage.crop(box).point(colours), box)
    ImageDraw.Draw(image).rectangle((0, 0, 16, band_top), fill=INDIGO_INDEX)
    rows = unfiltered_rows(image.tobytes(), width)
    return png_file(width, height, rows, bit_depth=8, colour_type=PALETTE, level=PNG_LEVEL, palette=_palette())


def _put_text(
    coverage: Image.Image, xy: tuple[int, int], text: str, font: ImageFont.FreeTypeFont, anchor: str = "la"
) -> None:
    """Text that many cards share (the brand, a kicker): drawn once per process, then pasted."""
    letters, (left, top) = _letters(text, font, anchor)
    coverage.paste(letters, (xy[0] + left, xy[1] + top))


@cache
def _letters(text: str, font: ImageFont.FreeTypeFont, anchor: str) -> tuple[Image.Image, tuple[int, int]]:
    left, top, right, bottom = (int(v) for v in font.getbbox(text, anchor=anchor))
    letters = Image.new("L", (right - left, bottom - top), 0)
    ImageDraw.Draw(letters).text((-left, -top), text, font=font, fill=255, anchor=anchor)
    return letters, (left, top)


def _fit_link(link: str, fonts: Fonts, room: int) -> tuple[str, ImageFont.FreeTypeFont]:
    """The short link in the band, smaller if need be; a cut link is useless, so a link too long
    for the smallest size gives way to the site's address alone."""
    for size in (30, 26, 22):
        font = fonts.face("regular", size)
        if font.getlength(link) <= room:
            return link, font
    return link.split("/", 1)[0], fonts.face("regular", 30)


@dataclass
class CardCache:
    """Cards stored in a folder outside the site (`.cache/cartes/`), under the hash of their content.

    `drawn` and `reused` count what happened since the cache object was made: the hooks make
    one per build and report both numbers."""

    folder: Path
    fonts: Fonts = field(default_factory=find_fonts)
    drawn: int = 0
    reused: int = 0
    _just_drawn: set[Path] = field(default_factory=set)  # drawn by draw_missing: neither reused nor drawn twice

    def _path(self, card: Card) -> Path:
        return self.folder / f"{card_key(card, self.fonts)}.png"

    def _store(self, path: Path, data: bytes) -> None:
        store_file(path, data)
        self.drawn += 1

    def draw_missing(self, cards: list[Card]) -> None:
        """Draw every card the cache lacks, on all cores; `card()` then finds them drawn."""
        self.start_drawing(cards)()

    def start_drawing(self, cards: list[Card]) -> Callable[[], None]:
        """Start drawing every card the cache lacks, on all cores, and return at once; the returned
        function waits for them and stores them. Meanwhile `path()` already names their files."""
        missing = {self._path(card): card for card in cards if not self._path(card).is_file()}
        # Each worker writes the cards it draws: 25 KB each, not sent back through a pipe.
        drawing = start_on_cores(_draw_into, [(card, self.fonts, path) for path, card in missing.items()])

        def finish() -> None:
            drawing()
            self.drawn += len(missing)
            self._just_drawn.update(missing)

        return finish

    def path(self, card: Card) -> Path:
        """Where this card is, or will be once `start_drawing`'s drawing is finished."""
        return self._path(card)

    def card(self, card: Card) -> Path:
        """The file of this card, drawn only if no build has drawn it before."""
        path = self._path(card)
        if path.is_file():
            if path not in self._just_drawn:
                self.reused += 1
            return path
        self._store(path, draw_card(card, self.fonts))
        return path


def _draw_into(job: tuple[Card, Fonts, Path]) -> None:
    card, fonts, path = job
    store_file(path, draw_card(card, fonts))


def store_file(path: Path, data: bytes) -> None:
    """Write then rename: a build running at the same time never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    partial.replace(path)
