"""A worksheet's rows read from its XML, streamed through expat: the one reader of a sheet.

Only what a row needs is kept (each cell's reference, type, style, ``<v>``, ``<f>`` and inline text), so the
work is proportional to the cells the file holds. What spreadsheet programs write is read as openpyxl reads
it: shared and inline strings (formatted runs included, phonetic runs left out), shared formulas translated
to each cell, hidden rows, an autofilter with a condition, cells and rows without a reference. Comments and
processing instructions are skipped. A document type or entity declaration is refused
(:class:`DeclarationRefused`): a spreadsheet program writes none, and entities are how XML multiplies. XML
that is not a worksheet's shape (a row inside a row, a cell outside a row) is an error, not a guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import digits
from typing import Iterator
from xml.parsers import expat

from openpyxl.formula.translate import Translator, TranslatorError
from openpyxl.utils import coordinate_to_tuple, get_column_letter, range_boundaries
from openpyxl.utils.datetime import from_excel

from .stream import (MAIN, MAX_CELL_CHARACTERS, TRUE, Cell, Row, SheetPart, Workbook, cell_too_long,
                     parse_without_declarations, unescape)

NAMESPACE = MAIN[1:]  # expat names an element "namespace}tag"
ROW, CELL, VALUE, FORMULA, INLINE, RUN, TEXT = (NAMESPACE + name for name in ("row", "c", "v", "f", "is", "r", "t"))
AUTOFILTER, FILTER_COLUMN = NAMESPACE + "autoFilter", NAMESPACE + "filterColumn"


@dataclass
class SheetRows:
    """The rows of one sheet as a stream (:meth:`rows`); once read, ``filter_range`` is the first and last
    row an autofilter with a condition covers (its header row excluded), or None."""

    book: Workbook
    part: SheetPart
    filter_range: tuple[int, int] | None = None
    shared_formulas: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (formula, cell)

    def rows(self) -> Iterator[Row]:
        """The sheet's rows in the order the XML writes them, each with the cells it holds."""
        reader = SheetXml(self)
        parser = expat.ParserCreate(None, "}")
        parser.buffer_text = True
        parser.StartElementHandler = reader.start
        parser.EndElementHandler = reader.end
        parser.CharacterDataHandler = reader.data
        with self.book.archive.open(self.part.path) as source:
            for _ in parse_without_declarations(parser, source, self.part.path):
                yield from reader.take_rows()
        yield from reader.take_rows()

    def typed_value(self, kind: str, text: str | None, style):
        """The value of a cell of type ``kind`` (not an inline string) whose ``<v>`` holds ``text``."""
        if text is None or text == "":
            return None
        if kind == "s":
            return self.book.strings[int(text)]
        if kind == "b":
            return text in TRUE
        if kind != "n":  # str (a formula's text result), e (an error such as #N/A), d (an ISO date)
            return text
        number = float(text) if "." in text or "e" in text or "E" in text else int(text)
        style = int(style)
        if style in self.book.date_styles:
            try:
                return from_excel(number, self.book.epoch, timedelta=style in self.book.duration_styles)
            except (OverflowError, ValueError):
                return number  # a date style on a number no date has: the number, as written
        return number

    def formula(self, written: list | None, reference: str) -> str | None:
        """The formula of the cell at ``reference`` as Excel shows it (``=SUM(A1:A3)``), from its ``<f>``
        element's text and its ``t`` and ``si`` attributes (None: no formula); a shared formula is
        translated from the cell that writes it out."""
        if written is None:
            return None
        written_text, kind, shared = written
        text = "=" + (written_text or "")
        if kind == "shared" and shared is not None:
            if written_text:
                self.shared_formulas[shared] = (text, reference)
            elif shared in self.shared_formulas:
                origin_text, origin = self.shared_formulas[shared]
                try:
                    text = Translator(origin_text, origin=origin).translate_formula(reference)
                except TranslatorError:
                    text = origin_text
        return text


def filter_rows(reference: str | None, has_condition: bool) -> tuple[int, int] | None:
    """The data rows an ``<autoFilter ref=…>`` covers, when it has a condition on a column (a
    ``<filterColumn>``; else it hides nothing)."""
    if not has_condition or not reference:
        return None
    _, first, _, last = range_boundaries(reference)
    return (first + 1, last) if first is not None and last is not None else None


class SheetXml:
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
        self.text_slot = 0  # where that text goes: a place in self.cell, or the open run
        self.text_size = 0  # its characters so far
        self.filter_depth, self.filter_reference, self.filter_condition = None, None, False
        self.columns: dict[str, int] = {}  # column letters -> number, for references already read

    def data(self, text: str) -> None:
        if self.text is not None:
            self.text.append(text)
            self.text_size += len(text)
            if self.text_size > MAX_CELL_CHARACTERS:  # stop before a huge text is held whole
                row = self.row_number or self.number + 1
                raise cell_too_long(self.cell[0] or f"{get_column_letter(len(self.row) + 1)}{row}",
                                    self.stream.part.name)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.text is not None:
            self.keep_text()
        if self.cell is not None:
            self.cell_child(name, attributes)
        elif name == CELL:
            if self.row is None or self.depth != self.row_depth + 1:
                raise self.misplaced("a cell outside a row")
            self.cell = [attributes.get("r"), attributes.get("t", "n"), attributes.get("s", 0), None, None, None]
            self.cell_depth = self.depth
        elif name == ROW:
            if self.row is not None:
                raise self.misplaced("a row inside a row")
            self.row, self.row_depth = [], self.depth
            self.row_number, self.row_hidden = attributes.get("r"), attributes.get("hidden")
        elif name == AUTOFILTER and self.depth == 2:  # the sheet's own; a custom view's filter is not applied
            self.filter_depth, self.filter_reference, self.filter_condition = self.depth, attributes.get("ref"), False
        elif name == FILTER_COLUMN and self.filter_depth == self.depth - 1:
            self.filter_condition = True

    def misplaced(self, what: str) -> ValueError:
        after = f" (after row {self.number})" if self.number else ""
        return ValueError(f"sheet {self.stream.part.name!r} holds {what}{after}, which no spreadsheet program writes")

    def cell_child(self, name: str, attributes: dict[str, str]) -> None:
        """An element inside a cell: the first <v>, <f> and <is> of the cell, the first <t> and the runs
        (<r>, each with its first <t>) of that <is>; others are not read."""
        level = self.depth - self.cell_depth
        cell = self.cell
        if name in (CELL, ROW):
            raise self.misplaced("a cell or row inside a cell")
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
        """An element's text ends at its first child or its end, as ElementTree's ``text`` does."""
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
        """The open row, numbered, each cell with its column, value and formula."""
        stream = self.stream
        number = self.number = int(self.row_number if self.row_number is not None else self.number + 1)
        cells, column = [], 0
        for reference, kind, style, value, formula, inline in self.row:
            column = self.column_of(reference) if reference else column + 1  # a cell without one follows the last
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
