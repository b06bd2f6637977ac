"""What a submitted file holds, from its content (its first bytes and, for a zip or an OLE2 compound file,
the names of its parts), never from its name alone: an .xlsx workbook, an old .xls workbook, an
OpenDocument spreadsheet, an HTML table (Excel's "save as web page"), or text (CSV, TSV). A file named
for one format that holds another is read as what it holds, with a warning.

Formats nobody can read as a table here are refused with what to do: a workbook with a password, an Apple
Numbers file, an Excel binary workbook (.xlsb), an Excel 2003 XML spreadsheet, an OLE2 file that holds no
workbook.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path

import olefile

from ..settings.problems import Problem, UnreadableFile

XLSX, XLS, ODS, HTML, TEXT = "xlsx", "xls", "ods", "html", "text"
NAMED = {".xlsx": XLSX, ".xlsm": XLSX, ".xls": XLS, ".ods": ODS, ".htm": HTML, ".html": HTML,
         ".csv": TEXT, ".tsv": TEXT, ".tab": TEXT, ".txt": TEXT}
SUFFIXES = {XLSX: ".xlsx", XLS: ".xls", ODS: ".ods", HTML: ".html", TEXT: ".csv or .tsv"}
DESCRIBED = {XLSX: "an Excel workbook (.xlsx)", XLS: "an old Excel workbook (.xls)", ODS: "an OpenDocument "
             "spreadsheet (.ods)", HTML: "an HTML table (a spreadsheet saved as a web page)", TEXT: "text (CSV or TSV)"}
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
HTML_START = re.compile(r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|table|meta)\b", re.I | re.S)
SPREADSHEET_2003 = "urn:schemas-microsoft-com:office:spreadsheet"
SNIFF_BYTES = 4096
PASSWORD = ("the workbook has a password (it is encrypted)", "the workbook saved without a password (File > Info > "
            "Protect Workbook > Encrypt with Password: clear it), or exported as .csv")


def content_format(path: Path) -> str:
    """XLSX, XLS, ODS, HTML or TEXT: how to read the file, from what it holds. Raises UnreadableFile
    for a file that is a known format no table can be read from (encrypted, Numbers, …)."""
    with path.open("rb") as source:
        head = source.read(SNIFF_BYTES)
    if head.startswith(ZIP_MAGIC):
        return zip_format(path, head)
    if head.startswith(OLE2_MAGIC):
        return ole2_format(path)
    text = head_text(head)
    if HTML_START.match(text):
        return HTML
    if text.lstrip().startswith("<?xml") and SPREADSHEET_2003 in text:
        raise UnreadableFile("an Excel 2003 XML spreadsheet, which is not read here",
                             "the file saved as an Excel Workbook (.xlsx), or as .csv")
    return TEXT


def zip_format(path: Path, head: bytes) -> str:
    """An OpenDocument spreadsheet names its kind in its first part (``mimetype``); a Numbers file holds
    ``Index/*.iwa`` parts. Any other zip (a damaged one too) is read as an .xlsx workbook, whose reader
    says what is wrong with it."""
    if ODS_MIMETYPE in head[:200]:
        return ODS
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return ODS if path.suffix.lower() == ".ods" else XLSX
    if any(name.startswith("Index/") and name.endswith(".iwa") for name in names) or "Index.zip" in names:
        raise UnreadableFile("an Apple Numbers file, which is not read here",
                             "the sheet exported from Numbers as .xlsx or .csv (File > Export To)")
    if "mimetype" in names and "content.xml" in names:
        return ODS
    if "xl/workbook.bin" in names:
        raise UnreadableFile("an Excel binary workbook (.xlsb), which is not read here",
                             "the workbook saved as an Excel Workbook (.xlsx), or as .csv")
    return XLSX


def ole2_format(path: Path) -> str:
    """An OLE2 compound file: an old .xls workbook (a ``Workbook`` or ``Book`` stream), or an encrypted
    Office file (``EncryptionInfo`` and ``EncryptedPackage``: a password-protected .xlsx)."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry).casefold() for entry in ole.listdir()}
    except (OSError, ValueError, EOFError, IndexError) as error:
        raise UnreadableFile(f"not a readable Excel workbook (a damaged old-format .xls file: {error})",
                             "the workbook as Excel saves it; send it again, or save it as .xlsx") from error
    if {"encryptioninfo", "encryptedpackage"} <= streams:
        raise UnreadableFile(*PASSWORD)
    if streams & {"workbook", "book"}:
        return XLS
    raise UnreadableFile("an OLE2 (old Office) file that holds no Excel workbook (a Word document?)",
                         "the project list as an Excel workbook (.xlsx), or as .csv")


def head_text(head: bytes) -> str:
    """The first bytes as text, enough to see whether they open an HTML or XML document."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):len(bom) + (len(head) - len(bom)) // 2 * 2].decode(encoding, errors="replace")
    return head.removeprefix(codecs.BOM_UTF8).decode("cp1252", errors="replace")


def name_warnings(path: Path, found: str, shown: str) -> list[Problem]:
    """A warning when the file's extension names another format than the one it holds."""
    named = NAMED.get(path.suffix.lower())
    if named is None or named == found:
        return []
    return [Problem(shown, f"the file is named {path.suffix} but holds {DESCRIBED[found]}; read as what it holds",
                    value=path.name, expected=f"a name that says what the file holds: {SUFFIXES[found]}",
                    severity="warning")]
