"""Text files read whole and as written (issue 20): line ends, rows wider than the header in every layout,
the delimiter from the content, encodings guessed with a warning, cells of any length, and only regular
files read from a period folder, whatever their names."""

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import unicodedata

import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.cli.main import main
from portfolio_analysis.settings.maps import column_aliases, normalise_key
from portfolio_analysis.settings.paths import display_path
from portfolio_analysis.settings.problems import errors_in
from portfolio_analysis.read.table import TRANSPOSED, read_table
from portfolio_analysis.simulate import simulate_portfolio

from conftest import GOOD_ROWS

SHOWN = "raw/mini/2021-01/prosjektliste.csv"
REQUIRED = ("project_id", "project_name", "actor", "status", "risk", "budget")
HEADER = ["ID", "Prosjektnavn", "Ansvarlig virksomhet", "Status", "Risiko", "Budsjett 2021"]
ROW_1 = ["131", "Ærlig økonomi", "Helse Sør-Øst RHF", "Gul", "Grønn", "12"]
ROW_2 = ["132", "Beta", "KS", "Rød", "Gul", "5"]


def read(path, layout="rows"):
    return read_table(path, SHOWN, column_aliases(), REQUIRED, layout)


def write(tmp_path, content: bytes, name="prosjektliste.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def lines(*rows, delimiter="\t", end="\n"):
    return "".join(delimiter.join(row) + end for row in rows)


def columns(table):
    return table.frame.to_dict(orient="list")


# --- line ends, row width, delimiter ---------------------------------------------------------------------

@pytest.mark.parametrize("quoted", [False, True], ids=["fast path", "quotes"])
def test_lone_cr_line_ends_keep_every_row_and_count_lines_as_the_user_does(tmp_path, quoted):
    rows = [HEADER, ROW_1, ["133", '"Gamma"' if quoted else "Gamma", "KS", "Gul", "Gul", "1"], ROW_2]
    table = read(write(tmp_path, ("\r\r" + lines(*rows, delimiter=";", end="\r")).encode()))
    assert errors_in(table.problems) == []
    assert columns(table)["project_id"] == ["131", "133", "132"]
    assert columns(table)["source_row"] == [4, 5, 6]


def test_a_first_row_wider_than_the_header_shifts_nothing_in_any_position(tmp_path):
    """The id column last: pandas' implicit index used to make ids of the budgets."""
    header = HEADER[1:] + HEADER[:1]
    rows = [header, ROW_1[1:] + ROW_1[:1] + ["ekstra"], ROW_2[1:] + ROW_2[:1]]
    table = read(write(tmp_path, lines(*rows).encode(), name="p.tsv"))
    assert [(p.message, p.row, p.column, p.value) for p in errors_in(table.problems)] == [
        ("more cells than the header has columns", 2, "column 7", "ekstra")]
    assert columns(table)["project_id"] == ["131", "132"]


def test_a_first_row_two_cells_wider_is_the_same_error(tmp_path):
    table = read(write(tmp_path, lines(HEADER, ROW_1 + ["x", "y"], ROW_2).encode(), name="p.tsv"))
    assert [(p.row, p.column, p.value) for p in errors_in(table.problems)] == [(2, "column 7", "x | y")]
    assert columns(table)["project_name"] == ["Ærlig økonomi", "Beta"]


def test_a_transposed_file_with_a_longer_line_shifts_no_project(tmp_path):
    """Transposed: each project is a column; a line with a cell more adds a column, never shifts one."""
    records = [[label, a, b] for label, a, b in zip(HEADER, ROW_1, ROW_2)]
    records[0].append("999")
    table = read(write(tmp_path, lines(*records, delimiter=";").encode()), layout=TRANSPOSED)
    assert columns(table)["project_id"] == ["131", "132", "999"]
    assert columns(table)["project_name"] == ["Ærlig økonomi", "Beta", ""]
    assert columns(table)["source_row"] == [2, 3, 4]


@pytest.mark.parametrize("delimiter, name", [(",", "p.tsv"), (";", "p.tab"), ("\t", "p.csv"), (";", "p.txt")])
def test_the_delimiter_comes_from_the_content_whatever_the_extension(tmp_path, delimiter, name):
    table = read(write(tmp_path, lines(HEADER, ROW_1, ROW_2, delimiter=delimiter).encode(), name=name))
    assert table.problems == []
    assert columns(table)["actor"] == ["Helse Sør-Øst RHF", "KS"]


def test_a_transposed_file_finds_its_delimiter_from_the_labels(tmp_path):
    records = [[label, a, b] for label, a, b in zip(HEADER, ROW_1, ROW_2)]
    table = read(write(tmp_path, lines(*records, delimiter=",").encode(), name="p.tsv"), layout=TRANSPOSED)
    assert columns(table)["project_id"] == ["131", "132"]


def test_a_form_feed_as_the_thirtieth_line_break_of_splitlines_is_no_truncation(tmp_path):
    rows = [[str(n), f"Prosjekt {n}", "KS", "Gul", "Gul", "1"] for n in range(1, 40)]
    rows[28][1] = "Prosjekt\x0c29"  # line 30: str.splitlines' 30th break, inside a line
    table = read(write(tmp_path, lines(HEADER, *rows).encode(), name="p.tsv"))
    assert table.readable and errors_in(table.problems) == []
    assert len(table.frame) == 39


@pytest.mark.parametrize("ending", [b"\r\n\x1a", b"\x1a", b"\r\n\x1a\x1a\x1a", b"\r\n\x1a\r\n"])
def test_a_dos_end_of_file_mark_is_the_end_with_a_note(tmp_path, ending):
    text = lines(HEADER, ROW_1, ROW_2, delimiter=";", end="\r\n").encode()[:-2] + ending
    table = read(write(tmp_path, text))
    assert errors_in(table.problems) == []
    assert columns(table)["project_id"][:2] == ["131", "132"]
    notes = [p for p in table.problems if p.severity == "note"]
    assert [(p.message.split(":")[0], p.row) for p in notes] == [
        ("the file ends with a DOS end-of-file mark (Ctrl-Z, 0x1A)", 4 if ending.startswith(b"\r\n") else 3)]


# --- encodings ---------------------------------------------------------------------------------------------

def test_mac_roman_is_read_as_mac_roman_with_a_warning(tmp_path):
    rows = [HEADER, ["131", "Åpen kø", "Helse Sør-Øst RHF", "Grønn", "Rød", "1"], ROW_2]
    table = read(write(tmp_path, lines(*rows, delimiter=";").encode("mac_roman")))  # Å is 0x81: not Windows-1252
    assert columns(table)["project_name"] == ["Åpen kø", "Beta"]
    assert columns(table)["status"] == ["Grønn", "Rød"]
    [warning] = table.problems
    assert warning.severity == "warning" and "Mac Roman" in warning.message and warning.value == "Åpen"


@pytest.mark.parametrize("text", [
    "131;Ærlig økonomi for små og store;Helse Sør-Øst RHF;Gul;Grønn;12\n",
    "131;The project’s “benefits” – realised;KS;Gul;Grønn;12\n",  # curly quotes: symbols in Mac Roman reading
])
def test_windows_1252_stays_windows_1252_without_a_word(tmp_path, text):
    table = read(write(tmp_path, (lines(HEADER, delimiter=";") + text).encode("cp1252")))
    assert table.problems == []
    assert columns(table)["project_name"] == [text.split(";")[1]]


def test_utf8_encoded_twice_is_decoded_once_more_with_a_warning(tmp_path):
    text = lines(HEADER, ROW_1, ROW_2, delimiter=";").encode("utf-8").decode("cp1252").encode("utf-8")
    table = read(write(tmp_path, b"\xef\xbb\xbf" + text))
    assert columns(table)["project_name"] == ["Ærlig økonomi", "Beta"]
    assert columns(table)["actor"] == ["Helse Sør-Øst RHF", "KS"]
    [warning] = table.problems
    assert warning.severity == "warning" and warning.value == "Ã†rlig"


def test_text_partly_encoded_twice_is_read_as_written_with_a_warning(tmp_path):
    text = lines(HEADER, ROW_1, ["132", "PrimÃ¦rhelseteam", "KS", "Rød", "Gul", "5"], delimiter=";")
    table = read(write(tmp_path, text.encode("utf-8")))
    assert columns(table)["project_name"] == ["Ærlig økonomi", "PrimÃ¦rhelseteam"]
    [warning] = table.problems
    assert warning.severity == "warning" and "encoded twice" in warning.message
    assert warning.value == "PrimÃ¦rhelseteam"


def test_headers_labels_and_names_match_in_decomposed_unicode():
    assert normalise_key("Innsatsomra\u030ade") == normalise_key("Innsatsområde")
    assert column_aliases().match("INNSATSOMRA\u030aDE").column == "focus_area"


# --- cells of any length -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, quote", [("p.tsv", ""), ("p.csv", '"')])
def test_a_cell_over_the_spreadsheet_limit_is_an_error_naming_row_and_column(tmp_path, name, quote):
    long = quote + "x" * 200_000 + quote
    delimiter = "\t" if name.endswith("tsv") else ","
    table = read(write(tmp_path, lines(HEADER, ROW_1, ROW_2[:1] + [long] + ROW_2[2:], delimiter=delimiter).encode(),
                       name=name))
    [error] = errors_in(table.problems)
    assert (error.row, error.column, len(error.value)) == (3, "Prosjektnavn", 200_000)
    assert error.message == "a cell of 200000 characters, more than a spreadsheet cell holds"


def test_a_cell_of_the_spreadsheet_limit_is_read(tmp_path):
    table = read(write(tmp_path, lines(HEADER, ROW_1[:1] + ["y" * 32_767] + ROW_1[2:]).encode(), name="p.tsv"))
    assert errors_in(table.problems) == []
    assert len(columns(table)["project_name"][0]) == 32_767


# --- what is in the period folder --------------------------------------------------------------------------

def period(mini):
    return mini / "raw" / "mini" / "2021-01"


def run_build(mini, timeout=60):
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "portfolio_analysis", "build", "--portfolio", "mini",
                             "--data-dir", str(mini)], capture_output=True, text=True, timeout=timeout)
    return result, time.monotonic() - started


def test_a_named_pipe_in_the_period_folder_is_an_error_in_seconds(mini):
    os.mkfifo(period(mini) / "innmelding_hvest.csv")
    result, seconds = run_build(mini)
    assert result.returncode == 1 and seconds < 30
    assert "data/raw/mini/2021-01/innmelding_hvest.csv: error: not a regular file but a named pipe; not read" \
        in result.stderr
    assert "Traceback" not in result.stderr
    assert not (mini / "processed" / "mini").exists()


def test_a_link_to_dev_zero_is_an_error_not_a_memory_error(mini):
    os.symlink("/dev/zero", period(mini) / "innmelding.csv")
    result, _ = run_build(mini)
    assert result.returncode == 1
    assert ("innmelding.csv: error: not a regular file but a link to a character device; not read; "
            "value '/dev/zero'") in result.stderr


def test_a_socket_in_the_period_folder_is_an_error(mini, capsys):
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(period(mini) / "s.csv"))
        assert main(["build", "--portfolio", "mini", "--data-dir", str(mini)]) == 1
    finally:
        server.close()
    assert "s.csv: error: not a regular file but a socket; not read" in capsys.readouterr().err


def test_a_file_name_that_is_not_utf8_is_shown_with_escapes(mini, capsys):
    folder = os.fsencode(period(mini))
    other = GOOD_ROWS.replace("1\tAlpha", "3\tGamma").replace("2\tBeta", "4\tDelta")
    with open(os.path.join(folder, b"Innmelding S\xf8r.tsv"), "w", encoding="utf-8") as handle:
        handle.write(other)
    with open(os.path.join(folder, b"F\xf8lgebrev.pdf"), "w") as handle:
        handle.write("x")
    assert main(["build", "--portfolio", "mini", "--data-dir", str(mini)]) == 0
    err = capsys.readouterr().err
    assert "data/raw/mini/2021-01/F\\xf8lgebrev.pdf: warning: file not used: not a table file (.pdf)" in err
    manifest = json.loads((mini / "processed" / "mini" / "manifest.json").read_text(encoding="utf-8"))
    assert "data/raw/mini/2021-01/Innmelding S\\xf8r.tsv" in manifest["inputs"]
    assert main(["submissions", "--portfolio", "mini", "--data-dir", str(mini)]) == 0
    assert "Innmelding S\\xf8r.tsv" in capsys.readouterr().out


def test_a_file_name_that_is_not_utf8_is_named_in_its_problems(mini, capsys):
    path = os.path.join(os.fsencode(period(mini)), b"prosjektliste \xe6.tsv")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(GOOD_ROWS.replace("\tGul\tGrønn", "\tBlå\tGrønn"))
    os.unlink(period(mini) / "prosjektliste.tsv")
    assert main(["build", "--portfolio", "mini", "--data-dir", str(mini)]) == 1
    err = capsys.readouterr().err
    assert "data/raw/mini/2021-01/prosjektliste \\xe6.tsv:2: error: unknown status label" in err
    assert "Traceback" not in err
    assert display_path(period(mini) / os.fsdecode(b"x\xe6"), mini) == "data/raw/mini/2021-01/x\\xe6"


# --- the simulated portfolios, each text file sent as an office might (a fuzz of the cases above) -------------

def old_mac(content: bytes, encoding: str) -> bytes:
    return content.replace(b"\r\n", b"\n").replace(b"\n", b"\r")


def blank_line_first(content: bytes, encoding: str) -> bytes:
    bom = b"\xef\xbb\xbf" if content.startswith(b"\xef\xbb\xbf") else b""
    return bom + b"\n" + content[len(bom):]


def ctrl_z(content: bytes, encoding: str) -> bytes:
    return content + b"\x1a"


def mac_roman(content: bytes, encoding: str) -> bytes:
    return content.decode(encoding).encode("mac_roman")


def utf8_twice(content: bytes, encoding: str) -> bytes:
    return content.decode(encoding).encode("utf-8").decode("cp1252").encode("utf-8")


def decomposed(content: bytes, encoding: str) -> bytes:
    return unicodedata.normalize("NFD", content.decode(encoding)).encode("utf-8")


SENT_AS = (old_mac, blank_line_first, ctrl_z, mac_roman, utf8_twice, decomposed, None)  # None: other extension
COMPARED = ["report_period", "project_id", "project_name", "actor", "status", "risk", "budget", "source_row"]


def compared_panel(data, portfolio, renamed: dict[str, str], shifted: set[str]) -> pd.DataFrame:
    panel = pa.load_panel(portfolio, data)
    files = panel["source_file"].astype(str).map(lambda file: renamed.get(file, file))
    frame = panel[COMPARED].copy()
    frame["source_row"] = frame["source_row"] - files.isin(shifted).astype(int)
    frame["project_name"] = frame["project_name"].map(lambda name: unicodedata.normalize("NFC", str(name)))
    return frame.assign(source_file=files).sort_values(["report_period", "project_id"]).reset_index(drop=True)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_simulated_text_files_sent_in_odd_forms_give_the_same_panel(seed, tmp_path):
    """Each text file of a simulated portfolio sent with old-Mac line ends, a blank line first, a Ctrl-Z, in
    Mac Roman, encoded twice, decomposed, or under the other extension: the same projects and values. Without the
    simulator's details: their comments in Arabic, Chinese or with emoji have no Mac Roman or Windows-1252 form."""
    plain, odd = tmp_path / "plain", tmp_path / "odd"
    sim = simulate_portfolio(plain, projects=40, periods=3, seed=seed, formats=("tsv", "csv", "csv-semicolon-cp1252"),
                             submissions="per_organisation", details=False)
    shutil.copytree(plain / "raw", odd / "raw")
    rng = random.Random(seed)
    renamed, shifted = {}, set()
    for path in sorted((odd / "raw" / sim.portfolio).glob("*/*")):
        if path.suffix not in (".csv", ".tsv"):
            continue
        content = path.read_bytes()
        encoding = "utf-8-sig" if content.startswith(b"\xef\xbb\xbf") or not content.isascii() and \
            _is_utf8(content) else "cp1252"
        change = rng.choice(SENT_AS)
        shown = display_path(path, odd)
        if change is None:
            target = path.with_suffix(".csv" if path.suffix == ".tsv" else ".tsv")
            path.rename(target)
            renamed[display_path(target, odd)] = shown
            continue
        path.write_bytes(change(content, encoding))
        if change is blank_line_first:
            shifted.add(shown)
    pa.build(sim.portfolio, plain)
    pa.build(sim.portfolio, odd)
    expected = compared_panel(plain, sim.portfolio, {}, set())
    found = compared_panel(odd, sim.portfolio, renamed, shifted)
    expected["source_file"] = expected["source_file"].str.replace("plain/", "odd/", regex=False)
    pd.testing.assert_frame_equal(found, expected)


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_validate_names_a_file_that_is_not_utf8_with_escapes_even_on_a_strict_terminal(mini):
    path = os.path.join(os.fsencode(period(mini)), b"prosjektliste S\xf8r.tsv")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(GOOD_ROWS)
    result = subprocess.run([sys.executable, "-m", "portfolio_analysis", "validate", os.fsdecode(path), "--portfolio",
                             "mini", "--data-dir", str(mini)], capture_output=True, timeout=120,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"})
    assert result.returncode == 0, result.stderr
    assert b"prosjektliste S\\xf8r.tsv: projects table of portfolio 'mini': 2 rows" in result.stdout


def test_validate_on_a_pipe_says_what_it_is_in_seconds(mini):
    pipe = period(mini) / "innmelding.csv"
    os.mkfifo(pipe)
    result = subprocess.run([sys.executable, "-m", "portfolio_analysis", "validate", str(pipe), "--portfolio", "mini",
                             "--data-dir", str(mini)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert f"{pipe}: error: not a regular file but a named pipe; not read" in result.stderr
