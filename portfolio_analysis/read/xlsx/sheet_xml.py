"""A worksheet's rows read from its XML by expat directly: the quick reader :mod:`xlsx.workbook` tries first.

ElementTree's iterparse (:meth:`xlsx_stream.SheetRows.rows`) builds an element for every tag, through
Python handlers; for a sheet of a few hundred projects that is most of the time a workbook takes. This
reader keeps only what a row needs (each cell's reference, type, style, ``<v>``, ``<f>`` and inline text)
from the same expat parser with the same settings, so every text and attribute comes out the same, and it
computes values and formulas with the same :class:`SheetRows` methods.

It models what spreadsheet programs write. On anything else (a DTD, a comment or processing instruction,
a row inside a row, a cell outside a row or inside a cell) it gives up (:class:`NotPlain`), and the sheet
is read again by the reference reader, as it is when this reader fails in any other way: every value,
warning and error message stays the reference reader's.
"""

from __future__ import annotations

from string import digits
from typing import Iterator
from xml.parsers import expat

from openpyxl.utils import coordinate_to_tuple, get_column_letter

from .stream import MAIN, MAX_CELL_CHARACTERS, TRUE, Cell, Row, SheetRows, cell_too_long, filter_rows, unescape

CHUNK = 64 * 1024
NAMESPACE = MAIN[1:]  # expat names an element "namespace}tag"; ElementTree adds the "{"
ROW, CELL, VALUE, FORMULA, INLINE, RUN, TEXT = (NAMESPACE + name for name in ("row", "c", "v", "f", "is", "r", "t"))
AUTOFILTER, FILTER_COLUMN = NAMESPACE + "autoFilter", NAMESPACE + "filterColumn"


class NotPlain(Exception):
    """The sheet's XML holds something the quick reader does not model."""


def plain_rows(stream: SheetRows) -> Iterator[Row]:
    """The rows of the stream's sheet, as :meth:`SheetRows.rows` reads them; raises :class:`NotPlain`
    (or the error the XML or a value gives) where it cannot be sure it reads them the same way."""
    reader = PlainSheet(stream)
    parser = expat.ParserCreate(None, "}")  # as ElementTree's XMLParser: names come as "namespace}tag"
    parser.buffer_text = True
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.data
    for handler in ("StartDoctypeDeclHandler", "EntityDeclHandler", "UnparsedEntityDeclHandler",
                    "ExternalEntityRefHandler", "CommentHandler", "ProcessingInstructionHandler"):
        setattr(parser, handler, not_plain)
    with stream.book.archive.open(stream.part.path) as source:
        while chunk := source.read(CHUNK):
            parser.Parse(chunk, False)
            yield from reader.take_rows()
        parser.Parse(b"", True)
    yield from reader.take_rows()


def not_plain(*_args):
    raise NotPlain("the sheet's XML holds a declaration, comment or instruction")


class PlainSheet:
    """The expat handlers: the open row and cell, and the text of the element being read."""

    def __init__(self, stream: SheetRows):
        self.stream = stream
        self.depth = 0
        self.number = 0  # the last row's number
        self.rows: list[Row] = []  # read, not yet taken
        self.row: list[tuple] | None = None  # the open row's cells as written
        self.row_depth = self.row_number = self.row_hidden = None
        self.cell: list | None = None  # reference, type, style, <v> text, <f> (text, t, si), inline (t, runs)
        self.cell_depth = 0
        self.inline_open = self.run_open = self.run_text_read = False
        self.text: list[str] | None = None  # the text of the element being read, until its first child
        self.text_slot = 0  # where that text goes: a place in self.cell, or RUN_TEXT
        self.text_size = 0  # its characters so far
        self.filter_depth, self.filter_reference, self.filter_condition = None, None, False
        self.columns: dict[str, int] = {}  # column letters -> number, for references already read

    def data(self, text: str) -> None:
        if self.text is not None:
            self.text.append(text)
            self.text_size += len(text)
            if self.text_size > MAX_CELL_CHARACTERS:  # stop before a huge text is held whole
                row = self.row_number or self.number + 1
                raise cell_too_long(self.cell[0] or f"{get_column_letter(len(self.row) + 1)}{row}", self.stream.part.name)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.text is not None:
            self.keep_text()
        if self.cell is not None:
            self.cell_child(name, attributes)
        elif name == CELL:
            if self.row is None:
                raise NotPlain("a cell outside a row")
            self.cell = [attributes.get("r"), attributes.get("t", "n"), attributes.get("s", 0), None, None, None]
            self.cell_depth = self.depth
        elif name == ROW:
            if self.row is not None:
                raise NotPlain("a row inside a row")
            self.row, self.row_depth = [], self.depth
            self.row_number, self.row_hidden = attributes.get("r"), attributes.get("hidden")
        elif name == AUTOFILTER:
            if self.row is not None or self.filter_depth is not None:
                raise NotPlain("an autofilter inside a row or another autofilter")
            self.filter_depth, self.filter_reference, self.filter_condition = self.depth, attributes.get("ref"), False
        elif name == FILTER_COLUMN and self.filter_depth == self.depth - 1:
            self.filter_condition = True

    def cell_child(self, name: str, attributes: dict[str, str]) -> None:
        """An element inside a cell: the first <v>, <f> and <is> of the cell, the first <t> and the runs
        (<r>, each with its first <t>) of that <is>; others are not read, as ElementTree's find does not."""
        level = self.depth - self.cell_depth
        cell = self.cell
        if name in (CELL, ROW, AUTOFILTER):
            raise NotPlain("a cell, row or autofilter inside a cell")
        if level == 1:
            if name == VALUE and cell[3] is None:
                self.read_text(3)
            elif name == FORMULA and cell[4] is None:
                cell[4] = [None, attributes.get("t"), attributes.get("si")]
                self.read_text(4)
            elif name == INLINE and cell[5] is None:
                cell[5] = [None, []]
                self.inline_open = True
        elif level == 2 and self.inline_open:
            if name == TEXT and cell[5][0] is None:
                self.read_text(5)
            elif name == RUN:
                cell[5][1].append("")
                self.run_open, self.run_text_read = True, False
        elif level == 3 and self.run_open and name == TEXT and not self.run_text_read:
            self.run_text_read = True
            self.read_text(-1)

    def read_text(self, slot: int) -> None:
        self.text, self.text_slot, self.text_size = [], slot, 0

    def keep_text(self) -> None:
        """The element's text ends at its first child or its end (ElementTree's ``text``)."""
        text, slot = "".join(self.text), self.text_slot
        self.text = None
        cell = self.cell
        if slot == 3:
            cell[3] = text
        elif slot == 4:
            cell[4][0] = text
        elif slot == 5:
            cell[5][0] = text
        else:
            cell[5][1][-1] = text

    def end(self, name: str) -> None:
        if self.text is not None:
            self.keep_text()
        depth = self.depth
        if self.cell is not None:
            level = depth - self.cell_depth
            if level == 0:
                self.row.append(tuple(self.cell))
                self.cell = None
                self.inline_open = self.run_open = False
            elif level == 1:
                self.inline_open = False  # the cell's first <is> ends (or an element that is not it)
            elif level == 2:
                self.run_open = False
        elif depth == self.row_depth and self.row is not None:
            self.rows.append(self.finished_row())
            self.row = None
        elif depth == self.filter_depth:
            self.stream.filter_range = filter_rows(self.filter_reference, self.filter_condition)
            self.filter_depth = None
        self.depth = depth - 1

    def finished_row(self) -> Row:
        """The open row as :meth:`SheetRows.rows` yields it: numbered, each cell with its column, value and
        formula."""
        stream = self.stream
        number = self.number = int(self.row_number if self.row_number is not None else self.number + 1)
        cells, column = [], 0
        for reference, kind, style, value, formula, inline in self.row:
            column = self.column_of(reference) if reference else column + 1
            formula = stream.formula(formula, reference or f"{get_column_letter(column)}{number}")
            if kind == "inlineStr":
                value = None if inline is None else unescape((inline[0] or "") + "".join(inline[1]))
            else:
                value = stream.typed_value(kind, value, style)
            cells.append(Cell(column, value, formula, style))
        return Row(number, self.row_hidden in TRUE, cells)

    def column_of(self, reference: str) -> int:
        """The column of a cell reference (``B12`` -> 2), as ``coordinate_to_tuple`` reads it; the letters of
        a reference whose row is plain digits are looked up once."""
        letters = reference.rstrip(digits)
        row = reference[len(letters):]
        if letters in self.columns and row.isascii() and row.isdigit():
            return self.columns[letters]
        column = coordinate_to_tuple(reference)[1]
        if row and letters and not any(digit in letters for digit in digits):
            self.columns[letters] = column
        return column

    def take_rows(self) -> list[Row]:
        rows, self.rows = self.rows, []
        return rows
