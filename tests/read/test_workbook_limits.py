"""Workbook reading is bounded by what a file holds (issue 20): the small workbooks that made the reader
use gigabytes or minutes stop in seconds, under 1 GB, with an error naming the bound they hit.

The workbooks are generated here (kilobytes to a few megabytes compressed, hundreds of megabytes of XML
inside) and each is validated in a subprocess whose address space is limited to 1 GB.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Iterable

import pytest

from conftest import MINI_PROFILE

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MEMORY = 1 << 30
HEADER_ROW = ('<row r="1"><c t="inlineStr"><is><t>ID</t></is></c><c t="inlineStr"><is><t>Prosjektnavn</t></is></c>'
              '</row>')


def write_workbook(path: Path, sheet: Iterable[bytes], strings: Iterable[bytes] | None = None) -> Path:
    """A minimal .xlsx whose sheet (and shared strings) XML comes in pieces, streamed into the zip."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>'
                         '<sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        rels = [f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>']
        if strings is not None:
            rels.append(f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>')
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                part.write(f'<sst xmlns="{MAIN}">'.encode())
                for piece in strings:
                    part.write(piece)
                part.write(b"</sst>")
        archive.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/relationships">' + "".join(rels) + "</Relationships>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for piece in sheet:
                part.write(piece)
            part.write(b"</sheetData></worksheet>")
    return path


def repeated(piece: bytes, times: int, per_write: int = 100_000) -> Iterable[bytes]:
    block = piece * per_write
    for _ in range(times // per_write):
        yield block
    yield piece * (times % per_write)


def one_string_used_2000_times(path: Path) -> Path:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}" t="s"><v>0</v></c></row>'
                   for n in range(2, 2002))
    return write_workbook(path, [HEADER_ROW.encode(), rows.encode()], [b"<si><t>", b"x" * 4_000_000, b"</t></si>"])


def string_under_the_cell_limit_used_2000_times(path: Path) -> Path:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}" t="s"><v>0</v></c></row>'
                   for n in range(2, 2002))
    return write_workbook(path, [HEADER_ROW.encode(), rows.encode()], [b"<si><t>", b"x" * 30_000, b"</t></si>"])


def twenty_million_shared_strings(path: Path) -> Path:
    return write_workbook(path, [HEADER_ROW.encode()], repeated(b"<si><t>a</t></si>", 20_000_000))


def fifty_million_empty_rows(path: Path) -> Path:
    return write_workbook(path, [HEADER_ROW.encode(), *repeated(b"<row/>", 50_000_000)])


def one_200_mb_shared_string(path: Path) -> Path:
    return write_workbook(path, [HEADER_ROW.encode(), b'<row r="2"><c r="A2"><v>1</v></c><c r="C2" t="s"><v>0</v>'
                                 b"</c></row>"], [b"<si><t>", *repeated(b"x", 200_000_000, 10_000_000), b"</t></si>"])


def one_200_mb_inline_string(path: Path) -> Path:
    return write_workbook(path, [HEADER_ROW.encode(), b'<row r="7"><c r="A7"><v>1</v></c><c r="C7" t="inlineStr">'
                                 b"<is><t>", *repeated(b"y", 200_000_000, 10_000_000), b"</t></is></c></row>"])


def ods_unfolding_a_billion_cells(path: Path) -> Path:
    """A few hundred bytes: one row of a value repeated 16 384 times, the row repeated a million times."""
    content = ('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
               '<table:table table:name="Ark1"><table:table-row><table:table-cell office:value-type="string">'
               '<text:p>ID</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>'
               'Prosjektnavn</text:p></table:table-cell></table:table-row>'
               '<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" '
               'office:value="1" table:number-columns-repeated="16384"><text:p>1</text:p></table:table-cell>'
               "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return path


CASES = {
    "one_string_used_2000_times": (one_string_used_2000_times, "cell B2 of sheet 'Ark1' holds more than 32 767 "
                                   "characters (Excel's limit for a cell)"),
    "string_under_the_cell_limit_used_2000_times": (string_under_the_cell_limit_used_2000_times, "sheet 'Ark1' "
                                                    "holds more than 50 000 000 characters in its cells"),
    "twenty_million_shared_strings": (twenty_million_shared_strings, "the workbook's shared texts exceed 1 000 000 "
                                      "texts or 50 000 000 characters"),
    "fifty_million_empty_rows": (fifty_million_empty_rows, "sheet 'Ark1' has more than 1 048 576 rows (Excel's "
                                 "limit for a sheet)"),
    "one_200_mb_shared_string": (one_200_mb_shared_string, "cell C2 of sheet 'Ark1' holds more than 32 767 "
                                 "characters"),
    "one_200_mb_inline_string": (one_200_mb_inline_string, "cell C7 of sheet 'Ark1' holds more than 32 767 "
                                 "characters"),
    "ods_unfolding_a_billion_cells": (ods_unfolding_a_billion_cells, "sheet 'Ark1' holds more than 1 000 000 cells "
                                      "(this reader's limit"),
}


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


SLOW = {"twenty_million_shared_strings", "fifty_million_empty_rows",  # seconds to generate
        "one_200_mb_shared_string", "one_200_mb_inline_string"}  # 200 MB to write and read; smaller cases of the same bound stay fast


@pytest.mark.parametrize("name", [pytest.param(name, marks=[pytest.mark.slow] if name in SLOW else [])
                                  for name in CASES])
def test_a_workbook_beyond_a_bound_stops_in_seconds_under_1_gb(name, tmp_path):
    make, message = CASES[name]
    data = tmp_path / "data"
    (data / "raw" / "mini" / "2021-01").mkdir(parents=True)
    (data / "raw" / "mini" / "portfolio.yml").write_text(MINI_PROFILE, encoding="utf-8")
    path = make(data / "raw" / "mini" / "2021-01" / ("prosjektliste.ods" if "ods" in name else "prosjektliste.xlsx"))
    assert path.stat().st_size < 2_000_000  # the files are small; what they hold is not
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "portfolio_analysis", "validate", str(path), "--portfolio", "mini",
                             "--data-dir", str(data)], capture_output=True, text=True, timeout=120,
                            preexec_fn=limit_memory)
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and message in errors[0], result.stderr[-2000:]
    assert errors[0].startswith(f"data/raw/mini/2021-01/{path.name}: error: ")
    assert elapsed < 30, f"{elapsed:.1f} s"
