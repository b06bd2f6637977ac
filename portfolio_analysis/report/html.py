"""HTML built from Jinja2 templates with autoescape, so escaping is by construction: blocks hand the
templates plain values (a project name, a number as text), and only the templates make markup.

A :class:`Block` is what a page function returns: its HTML, and the table behind it (``block.data``) for
the analyst. It shows the same in a rendered report and in JupyterLab: outside a report run it carries
the blocks' stylesheet (``blocks.css``), whose every rule keeps to the ``.pa`` element each block is
wrapped in, so JupyterLab's own page is left as it is.
"""

from __future__ import annotations

import base64
import math
import os
import re
import struct
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from . import formatting as fmt
from ..clean.steps import without_bidi_controls
from ..settings.paths import RENDERING_VARIABLE  # set in the kernels of a report run: the page holds the CSS

TEMPLATES = Path(__file__).parent / "templates"
PAGE_CSS = Path(__file__).parent / "page.css"  # body, navigation, footer, print
BLOCKS_CSS = Path(__file__).parent / "blocks.css"  # every rule under .pa: the blocks alone
LONG_WORD = re.compile(r"[^\s<>]{40,}")
COMPACT_ROWS = 12  # a table of at most this many rows is kept on one sheet when printed; a longer one may break
SMALLEST_TEXT_PX = 9  # no chart text shows smaller than this (CSS px): on a phone its box scrolls sideways instead
SMALLEST_TEXT_KEY = "Smallest text (pt)"  # the PNG text chunk in which charts.png_of records its smallest font size


@lru_cache(maxsize=None)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True,
                      default_for_string=True), trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.finalize = shown
    env.filters["css_string"] = css_string
    return env


def css_string(value) -> Markup:
    """A value as a quoted CSS string (the running title of a printed sheet): every character but letters,
    digits and spaces written as an escape, so no text from the data can end the string or the style element."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text(value))  # the space ends the escape
    return Markup(f'"{escaped}"')


def shown(value):
    """Every value a template prints: missing as blank, direction controls removed (they would
    reorder the text after them)."""
    if isinstance(value, Markup) or hasattr(value, "__html__"):
        return value
    if value is None or fmt.is_missing(value):
        return ""
    return without_bidi_controls(str(value))


@lru_cache(maxsize=None)
def macros():
    return environment().get_template("blocks.html.j2").module


def stylesheet() -> str:
    """The whole style sheet of a page."""
    return PAGE_CSS.read_text(encoding="utf-8") + "\n" + BLOCKS_CSS.read_text(encoding="utf-8")


def block_stylesheet() -> str:
    """The rules for the blocks alone, which keep to ``.pa``: what a block carries into JupyterLab."""
    return BLOCKS_CSS.read_text(encoding="utf-8")


def text(value) -> str:
    """A value as plain text for a template (the template escapes it)."""
    return str(shown(value))


@dataclass(frozen=True)
class Block:
    """A part of a page: its HTML and the table behind it."""

    html: Markup = Markup("")
    data: pd.DataFrame | None = field(default=None, compare=False)

    def __html__(self) -> str:
        return str(self.html)

    def _repr_html_(self) -> str:
        css = None if os.environ.get(RENDERING_VARIABLE) else Markup(block_stylesheet())
        return str(macros().block(self.html, css))


def block(*parts, data: pd.DataFrame | None = None) -> Block:
    """Parts (markup from the macros, or other blocks) joined into one block."""
    return Block(Markup("\n").join(Markup(part.__html__()) if hasattr(part, "__html__") else Markup.escape(part)
                                   for part in parts if part), data)


def paragraph(value, css: str = "") -> Markup:
    return macros().paragraph(value, css)


def heading(value, level: int = 2) -> Markup:
    return macros().heading(value, level)


def lines(items) -> Markup:
    """Values one per line in a cell."""
    return macros().lines(list(items))


def rating_badge(word: str, colour: str | None) -> Markup:
    """A rating always carries its word; the colour only supports it."""
    return macros().rating(word, colour, colour is not None)


def table(caption, headers: list, rows: list[list], numeric: set[int] = frozenset(),
          row_headers: bool = False, cards: bool = False, name_second: bool = False) -> Markup:
    """A table of values (escaped by the template) or markup from the macros (ratings). Numeric columns
    align right; a cell with a word of 40 letters or more may break it (CSS ``.wrap``), so a name of
    5 000 letters keeps the table within the page while other columns keep their words whole.

    The table sits in a box of its own, which on a narrow screen scrolls sideways with its title column
    fixed at its left: the first, or with ``name_second`` the second (a project list's name, after its ID).
    With ``cards``, each row stacks as a card on a narrow screen instead, every value under its column's
    name, the title column's value as the card's title. A table of at most :data:`COMPACT_ROWS` rows is kept on one printed sheet; a longer one may
    break between rows."""
    classes = [["num" if i in numeric else "" for i in range(len(headers))]]
    classes += [["num" if i in numeric else "wrap" if has_long_word(cell) else "" for i, cell in enumerate(row)]
                for row in rows]
    table_class = " ".join(name for name, wanted in (("cards", cards), ("name-second", name_second),
                                                     ("compact", len(rows) <= COMPACT_ROWS)) if wanted)
    return macros().table(caption, headers, rows, classes, row_headers, table_class, cards)


def has_long_word(cell) -> bool:
    value = cell.striptags() if isinstance(cell, Markup) else text(cell)
    return bool(LONG_WORD.search(value))


def empty_list(caption, none) -> Markup:
    return macros().empty_list(caption, none)


def full_list(value, link_text, href: str | None) -> Markup:
    return macros().full_list(value, link_text, href)


def figure(png: bytes, alt, title, takeaway_label, takeaway, data_label, data_table) -> Markup:
    """A chart as an inline PNG with alt text, its takeaway, and the numbers behind it. The image never
    shows narrower than :func:`chart_min_width`: on a phone its box scrolls sideways instead. The chart draws its
    own title, so the page does not repeat it as a caption; the alt text begins with it, for a reader who cannot
    see the image."""
    image = base64.b64encode(png).decode("ascii")
    return macros().figure(image, f"{title}. {alt}", takeaway_label, takeaway, data_label, data_table,
                           chart_min_width(png))


def chart_min_width(png: bytes) -> int | None:
    """The narrowest the chart may show (CSS px) with its smallest text at :data:`SMALLEST_TEXT_PX`: its width
    in pixels scaled by 9 px over that text's size in pixels (its size in points at the image's dpi). None
    for a PNG that does not say its smallest text (or its dpi): it shows as wide as the page allows."""
    info = png_info(png)
    if info is None:
        return None
    width, dpi, smallest_pt = info
    return math.ceil(width * SMALLEST_TEXT_PX / (smallest_pt * dpi / 72))


def png_info(png: bytes) -> tuple[int, float, float] | None:
    """A PNG's width (pixels), dpi (its pHYs chunk) and smallest text size (points, its text chunk
    :data:`SMALLEST_TEXT_KEY`), read from its chunks; None where one is missing."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width, dpi, smallest = None, None, None
    position = 8
    while position + 8 <= len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        content = png[position + 8:position + 8 + length]
        if kind == b"IHDR":
            width = struct.unpack(">I", content[:4])[0]
        elif kind == b"pHYs" and content[8:9] == b"\x01":  # pixels per metre
            dpi = struct.unpack(">I", content[:4])[0] * 0.0254
        elif kind == b"tEXt":
            key, _, value = content.partition(b"\x00")
            if key.decode("latin-1") == SMALLEST_TEXT_KEY:
                smallest = float(value.decode("latin-1"))
        elif kind in (b"IDAT", b"IEND"):
            break
        position += 12 + length
    if not (width and dpi and smallest):
        return None
    return width, dpi, smallest
