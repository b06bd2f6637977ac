"""The parts of an .xlsx workbook read as streams: the zip (a Strict Open XML one through the namespace
renaming), the sheet list (name, hidden or not), the shared texts, the cell styles and the date system; the
rows of a sheet are read by :mod:`xlsx.sheet_xml` over these.

Nothing trusts the size a sheet claims (its ``<dimension>``): the work is proportional to the cells
written in the file, so a stray cell at XFD1048576 costs one cell, not a million rows. A document type or
entity declaration in any part refuses the workbook (:class:`DeclarationRefused`); no entity is expanded.

What a workbook holds is bounded as it is read, each bound named in the error that stops it
(:class:`LimitExceeded`): Excel's own limits (32 767 characters in a cell, 1 048 576 rows in a sheet) and
this reader's (:data:`MAX_CELLS` cells in a sheet, :data:`MAX_SHARED_STRINGS` shared texts holding at most
:data:`MAX_SHARED_CHARACTERS` characters, :data:`MAX_TABLE_CHARACTERS` characters kept from a sheet). A
text longer than a cell can hold is never read whole. Excel's escapes of characters XML cannot carry
(``_x000D_`` for a carriage return, ``_x005F_`` for a literal underscore) are decoded in shared and inline
texts.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Iterator, NamedTuple
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse as defused_iterparse
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH
from openpyxl.xml.constants import SHEET_MAIN_NS

from ...settings.problems import UnreadableFile

MAIN = "{%s}" % SHEET_MAIN_NS
STRING_ITEM, STRING_TEXT, STRING_RUN = (SHEET_MAIN_NS + "}" + name for name in ("si", "t", "r"))  # as expat names them
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
TRUE = ("1", "true")
MAX_CELL_CHARACTERS = 32_767  # Excel's limit for the text of one cell
MAX_ROWS = 1_048_576  # Excel's rows in a sheet
MAX_CELLS = 1_000_000  # cells read in one sheet; a project list holds tens of thousands
MAX_SHARED_STRINGS = 1_000_000  # texts in a workbook's shared-string table
MAX_SHARED_CHARACTERS = 50_000_000  # characters in all of them
MAX_TABLE_CHARACTERS = 50_000_000  # characters kept from the cells of one sheet (a text used twice counts twice)
ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


class LimitExceeded(UnreadableFile):
    """A workbook beyond one of the bounds above: it is not read further, and the error names the bound."""


def spaced(number: int) -> str:
    """1048576 -> "1 048 576", as the limits are written in messages."""
    return f"{number:,}".replace(",", " ")


def cell_too_long(cell: str, sheet: str) -> LimitExceeded:
    return LimitExceeded(f"cell {cell} of sheet {sheet!r} holds more than {spaced(MAX_CELL_CHARACTERS)} characters "
                         "(Excel's limit for a cell); the workbook is not read",
                         f"cells of at most {spaced(MAX_CELL_CHARACTERS)} characters, as Excel saves them (save the "
                         "workbook again from Excel, or send the list as .csv)")


def unescape(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes decoded: ``_x000D_`` is a carriage return, ``_x005F_`` a literal
    underscore (so ``_x005F_x000D_`` is the text ``_x000D_``). A pair of surrogate escapes is one character;
    a lone surrogate stays as written."""
    if "_x" not in text:
        return text
    decoded = ESCAPE.sub(lambda match: chr(int(match[1], 16)), text)
    try:
        return decoded.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return ESCAPE.sub(lambda match: match[0] if 0xD800 <= int(match[1], 16) <= 0xDFFF else chr(int(match[1], 16)),
                          text)


class Cell(NamedTuple):
    column: int  # 1 for A
    value: object  # str, int, float, bool, date or time; None when the cell holds nothing
    formula: str | None  # "=…" for a formula cell
    style: object = 0  # the cell's style (its index in the workbook's cell styles), as written


class Look(NamedTuple):
    """What a cell style shows beyond the value: a number format that shows a number otherwise than it
    is read (a percent, a date, a currency), and a fill colour."""

    kind: str | None  # PERCENT, DATE, CURRENCY, or None
    code: str | None  # the number format, as Excel writes it
    fill: str | None  # the fill colour (``FFFF0000``, ``theme 5``, ``indexed 10``), None: no fill


class Row(NamedTuple):
    number: int  # 1 for the sheet's first row
    hidden: bool
    cells: list[Cell]


@dataclass(frozen=True)
class SheetPart:
    name: str
    hidden: bool  # "hidden" or "veryHidden" in the workbook
    path: str  # inside the zip


@dataclass
class Workbook:
    """An open .xlsx file: its sheets in workbook order, the text its cells share, which cell styles
    show dates, and the date system."""

    archive: zipfile.ZipFile
    sheets: list[SheetPart]
    strings: list[str]
    date_styles: set[int]
    duration_styles: set[int]
    epoch: object = WINDOWS_EPOCH
    looks: dict[int, Look] = field(default_factory=dict)  # cell style -> its look, for the styles with one


STRICT_NAMESPACES = (  # Strict Open XML -> the transitional names this reader (and openpyxl) knows
    (b"http://purl.oclc.org/ooxml/spreadsheetml/main", b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
)


def open_archive(path) -> zipfile.ZipFile:
    """The workbook's zip; a Strict Open XML workbook (Excel's "Strict Open XML Spreadsheet") is read
    through :class:`StrictArchive`, as its parts say in other namespaces what a transitional workbook says."""
    archive = zipfile.ZipFile(path)
    workbook_path = part_target(archive, "_rels/.rels", "", "/officeDocument")
    if workbook_path is None or workbook_path not in archive.namelist():
        return archive
    with archive.open(workbook_path) as source:
        strict = STRICT_NAMESPACES[0][0] in source.read(4096)
    if not strict:
        return archive
    archive.close()
    return StrictArchive(path)


class StrictArchive(zipfile.ZipFile):
    """A zip whose XML parts are read with the Strict namespaces renamed to the transitional ones."""

    def open(self, name, mode="r", pwd=None, **kwargs):
        source = super().open(name, mode, pwd, **kwargs)
        filename = name.filename if isinstance(name, zipfile.ZipInfo) else name
        return Renamed(source) if mode == "r" and filename.endswith((".xml", ".rels")) else source


class Renamed(io.RawIOBase):
    """A part's bytes with the Strict namespaces renamed. A namespace is an attribute value, so it never
    crosses a tag's end: the bytes after the last ``>`` read wait for the next chunk."""

    def __init__(self, source):
        super().__init__()
        self.source, self.pending, self.ready = source, b"", b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.ready:
            chunk = self.source.read(64 * 1024)
            text = self.pending + chunk
            cut = len(text) if not chunk else text.rfind(b">") + 1
            if chunk and cut == 0 and len(text) > 1 << 20:  # a megabyte of text without a tag: no namespace in it
                cut = len(text) - 1024
            self.ready, self.pending = rename(text[:cut]), text[cut:]
            if not chunk:
                break
        size = min(len(buffer), len(self.ready))
        buffer[:size] = self.ready[:size]
        self.ready = self.ready[size:]
        return size

    def close(self) -> None:
        self.source.close()
        super().close()


def rename(text: bytes) -> bytes:
    for strict, transitional in STRICT_NAMESPACES:
        text = text.replace(strict, transitional)
    return text


def open_workbook(archive: zipfile.ZipFile) -> Workbook:
    """The workbook's sheet list, shared strings and date styles (read whole: they are small)."""
    workbook_path = part_target(archive, "_rels/.rels", "", "/officeDocument") or "xl/workbook.xml"
    folder = posixpath.dirname(workbook_path)
    relationships = posixpath.join(folder, "_rels", posixpath.basename(workbook_path) + ".rels")
    targets = relationship_targets(archive, relationships, folder)
    sheets, epoch = [], WINDOWS_EPOCH
    with archive.open(workbook_path) as source:
        for _event, element in iterparse(source, workbook_path):
            if element.tag == MAIN + "workbookPr" and element.get("date1904") in TRUE:
                epoch = MAC_EPOCH
            elif element.tag == MAIN + "sheet":
                target = targets.get(element.get(RELATIONSHIP_ID), (None, ""))[0]
                if target is not None:
                    sheets.append(SheetPart(element.get("name", ""), element.get("state", "visible") != "visible",
                                            target))
    strings_path = next((t for t, kind in targets.values() if kind.endswith("/sharedStrings")), None)
    styles_path = next((t for t, kind in targets.values() if kind.endswith("/styles")), None)
    strings = read_part(archive, strings_path, read_string_table) or []
    date_styles, duration_styles, looks = read_part(archive, styles_path, read_styles) or (set(), set(), {})
    return Workbook(archive, sheets, strings, date_styles, duration_styles, epoch, looks)


def read_string_table(source: IO[bytes], part: str) -> list[str]:
    """The shared texts, as openpyxl reads them (a text's first ``<t>``, then the ``<t>`` of each of its
    runs; phonetic runs left out), escapes decoded. A text over Excel's limit for a cell is kept only to
    one character beyond it, which is enough for the cell that uses it to be named in an error."""
    reader = StringTable()
    parser = expat.ParserCreate(None, "}")
    parser.buffer_text = True
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.data
    for _ in parse_without_declarations(parser, source, part):
        pass
    return reader.strings


class DeclarationRefused(UnreadableFile):
    """A part of the workbook whose XML holds a document type or entity declaration. A spreadsheet program
    writes none, and entities are how XML multiplies (a few hundred bytes expanding to gigabytes), so such
    a workbook is refused outright, never read with its entities expanded."""

    def __init__(self, part: str):
        super().__init__(f"the workbook's XML holds a document type declaration (in {part}), which no spreadsheet "
                         "program writes; the workbook is not read",
                         "a workbook as Excel or LibreOffice saves it (save it again from Excel)")


DECLARATION_HANDLERS = ("StartDoctypeDeclHandler", "EntityDeclHandler", "UnparsedEntityDeclHandler",
                        "ExternalEntityRefHandler")
CHUNK = 64 * 1024


def parse_without_declarations(parser, source: IO[bytes], part: str) -> Iterator[None]:
    """Feeds ``source`` to the expat ``parser`` in chunks, yielding after each (so a caller can take what
    the handlers have read so far). A document type or entity declaration raises :class:`DeclarationRefused`
    naming the ``part`` before anything in it is declared."""
    def refuse(*_args):
        raise DeclarationRefused(part)

    for handler in DECLARATION_HANDLERS:
        setattr(parser, handler, refuse)
    while chunk := source.read(CHUNK):
        parser.Parse(chunk, False)
        yield
    parser.Parse(b"", True)


def iterparse(source: IO[bytes], part: str, events: tuple[str, ...] = ("end",)):
    """ElementTree's iterparse over a small part (the workbook, its relationships, its styles), refusing a
    document type or entity declaration as :func:`parse_without_declarations` does."""
    try:
        yield from defused_iterparse(source, events, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise DeclarationRefused(part) from error


class StringTable:
    """The expat handlers of :func:`read_string_table`."""

    def __init__(self):
        self.strings: list[str] = []
        self.characters = 0
        self.plain: list[str] | None = None  # the <si>'s own <t>, once read
        self.runs: list[str] = []
        self.text: list[str] | None = None  # the <t> being read
        self.size = 0
        self.path: list[str] = []  # the open elements inside the <si>
        self.in_item = False

    def start(self, name: str, _attributes) -> None:
        if name == STRING_ITEM:
            self.in_item, self.plain, self.runs, self.path = True, None, [], []
            return
        if not self.in_item:
            return
        self.path.append(name)
        if name == STRING_TEXT and (self.path == [STRING_TEXT] or self.path == [STRING_RUN, STRING_TEXT]):
            self.text, self.size = [], 0

    def data(self, text: str) -> None:
        if self.text is None or self.size > MAX_CELL_CHARACTERS:
            return
        self.text.append(text[:MAX_CELL_CHARACTERS + 1 - self.size])
        self.size += len(text)

    def end(self, name: str) -> None:
        if name == STRING_ITEM and self.in_item:
            self.in_item = False
            text = unescape((self.plain or "") + "".join(self.runs))[:MAX_CELL_CHARACTERS + 1]
            self.strings.append(text)
            self.characters += len(text)
            if len(self.strings) > MAX_SHARED_STRINGS or self.characters > MAX_SHARED_CHARACTERS:
                raise LimitExceeded(
                    f"the workbook's shared texts exceed {spaced(MAX_SHARED_STRINGS)} texts or "
                    f"{spaced(MAX_SHARED_CHARACTERS)} characters (this reader's limit; a project list holds far "
                    "fewer); the workbook is not read", "the project list alone in the workbook (delete other "
                    "sheets and data), or the list sent as .csv")
            return
        if not self.in_item:
            return
        if self.text is not None and name == STRING_TEXT:
            text = "".join(self.text)
            if self.path == [STRING_TEXT]:
                self.plain = text
            else:
                self.runs.append(text)
            self.text = None
        self.path.pop()


def read_part(archive: zipfile.ZipFile, path: str | None, reader):
    if path is None or path not in archive.namelist():
        return None
    with archive.open(path) as source:
        return reader(source, path)


def part_target(archive: zipfile.ZipFile, relationships: str, folder: str, kind: str) -> str | None:
    targets = relationship_targets(archive, relationships, folder)
    return next((target for target, found in targets.values() if found.endswith(kind)), None)


def relationship_targets(archive: zipfile.ZipFile, relationships: str, folder: str) -> dict[str, tuple[str, str]]:
    """{relationship id: (path inside the zip, relationship type)} of a ``.rels`` part."""
    if relationships not in archive.namelist():
        return {}
    targets = {}
    with archive.open(relationships) as source:
        for _event, element in iterparse(source, relationships):
            if element.tag == PACKAGE_RELATIONSHIP and element.get("TargetMode") != "External":
                target = element.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                targets[element.get("Id")] = (posixpath.normpath(path), element.get("Type", ""))
    return targets


def read_styles(source: IO[bytes], part: str) -> tuple[set[int], set[int], dict[int, Look]]:
    """The cell styles (their index in ``cellXfs``) whose number format shows a date or time, those of
    them showing a duration, and the look of every style with a notable number format or a fill."""
    custom, formats, fills, fill_ids, in_cell_styles, in_fills = {}, [], [], [], False, False
    for event, element in iterparse(source, part, ("start", "end")):
        if element.tag == MAIN + "cellXfs":
            in_cell_styles = event == "start"
        elif element.tag == MAIN + "fills":
            in_fills = event == "start"
        elif event == "end" and element.tag == MAIN + "numFmt":
            custom[int(element.get("numFmtId", -1))] = element.get("formatCode", "")
        elif event == "end" and element.tag == MAIN + "fill" and in_fills:
            fills.append(fill_colour(element))
        elif event == "end" and element.tag == MAIN + "xf" and in_cell_styles:
            number_format = int(element.get("numFmtId", 0))
            formats.append(custom.get(number_format, BUILTIN_FORMATS.get(number_format)))
            fill_ids.append(int(element.get("fillId", 0)))
    dates = {i for i, code in enumerate(formats) if is_date_format(code)}
    looks = {}
    for index, (code, fill_id) in enumerate(zip(formats, fill_ids)):
        kind = DATE if index in dates else format_kind(code)
        fill = fills[fill_id] if 0 <= fill_id < len(fills) else None
        if kind or fill:
            looks[index] = Look(kind, code, fill)
    return dates, {i for i in dates if is_timedelta_format(formats[i])}, looks


PERCENT, DATE, CURRENCY = "percent", "date", "currency"
CURRENCY_SIGN = re.compile(r"[$€\u00a3¥]|\[\$|\bkr\b|\b(NOK|SEK|DKK|EUR|USD|GBP)\b", re.I)
NO_COLOUR = {None, "FFFFFFFF", "theme 0", "indexed 9", "indexed 64", "indexed 65"}  # white, or the window's colour


def format_kind(code: str | None) -> str | None:
    """PERCENT or CURRENCY for a number format that shows a number as one (text in quotes counts: Excel
    writes ``"kr" #,##0``); None for any other."""
    if not code or code == "General":
        return None
    if "%" in code.replace('"%"', ""):
        return PERCENT
    if CURRENCY_SIGN.search(code):
        return CURRENCY
    return None


def fill_colour(fill) -> str | None:
    """The colour a ``<fill>`` paints, or None for no fill (or a white one)."""
    pattern = fill.find(MAIN + "patternFill")
    if pattern is not None:
        if pattern.get("patternType", "none") == "none":
            return None
        colour = pattern.find(MAIN + "fgColor")
    else:
        gradient = fill.find(MAIN + "gradientFill")
        colour = None if gradient is None else gradient.find(f"{MAIN}stop/{MAIN}color")
    if colour is None:
        return None
    found = (colour.get("rgb") or (f"theme {colour.get('theme')}" if colour.get("theme") is not None else None)
             or (f"indexed {colour.get('indexed')}" if colour.get("indexed") is not None else None))
    return None if found in NO_COLOUR else found
