"""read_table on small files written to a temporary folder: formats, encodings, headers, problems."""

import pytest

from portfolio_analysis.settings.maps import column_aliases
from portfolio_analysis.settings.problems import errors_in
from portfolio_analysis.read.table import read_table

SHOWN = "raw/mini/2021-01/prosjektliste.csv"
REQUIRED = ("project_id", "project_name", "actor", "status", "risk", "budget")
HEADER = ["ID", "Prosjektnavn", "Ansvarlig virksomhet", "Status", "Risiko", "Budsjett 2021"]


def read(path, required=REQUIRED):
    return read_table(path, SHOWN, column_aliases(), required=required)


def write(tmp_path, text, name="prosjektliste.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def lines(*rows, delimiter="\t"):
    return "".join(delimiter.join(row) + "\n" for row in rows)


def columns(table):
    return table.frame.to_dict(orient="list")


def test_tsv_is_read_as_text_under_standard_names(tmp_path):
    path = write(tmp_path, lines(HEADER, ["131", "Alpha", "Helsedirektoratet", "Gul", "Grønn", "12,5"],
                                 ["132", "Beta", "KS", "Rød", "", "1 571"]), name="prosjektliste.tsv")
    table = read(path)
    assert table.problems == []
    assert columns(table) == {
        "project_id": ["131", "132"],
        "project_name": ["Alpha", "Beta"],
        "actor": ["Helsedirektoratet", "KS"],
        "status": ["Gul", "Rød"],
        "risk": ["Grønn", ""],
        "budget": ["12,5", "1 571"],
        "source_row": [2, 3],
    }
    assert table.headers == dict(zip(REQUIRED, HEADER))
    assert table.budget_year == 2021


def test_comma_csv_with_quoted_commas(tmp_path):
    path = write(tmp_path, 'ID,Prosjektnavn,Ansvarlig virksomhet,Status,Risiko,Budsjett 2021\n'
                           '131,"Alpha, fase 2",KS,Gul,Grønn,"12,5"\n'
                           '132,Beta,FHI,Rød,Gul,7\n')
    table = read(path)
    assert table.problems == []
    assert columns(table)["project_name"] == ["Alpha, fase 2", "Beta"]
    assert columns(table)["budget"] == ["12,5", "7"]
    assert columns(table)["actor"] == ["KS", "FHI"]


def test_semicolon_csv_with_decimal_commas(tmp_path):
    path = write(tmp_path, lines(HEADER, ["131", "Alpha", "KS", "Gul", "Grønn", "12,5"],
                                 ["132", "Beta", "FHI", "Rød", "Gul", "1 571,5"], delimiter=";"))
    table = read(path)
    assert table.problems == []
    assert columns(table)["project_id"] == ["131", "132"]
    assert columns(table)["budget"] == ["12,5", "1 571,5"]
    assert columns(table)["risk"] == ["Grønn", "Gul"]


def test_utf8_with_bom_first_header_still_matches(tmp_path):
    path = write(tmp_path, lines(HEADER, ["131", "Nød- og beredskap", "Helse Sør-Øst RHF", "Grønn", "Gul", "3"],
                                 delimiter=";"), encoding="utf-8-sig")
    table = read(path)
    assert table.problems == []
    assert table.headers["project_id"] == "ID"
    assert columns(table)["project_id"] == ["131"]
    assert columns(table)["project_name"] == ["Nød- og beredskap"]
    assert columns(table)["actor"] == ["Helse Sør-Øst RHF"]


def test_cp1252_with_norwegian_letters(tmp_path):
    path = write(tmp_path, lines(["ID", "Prosjektnavn", "Aktør", "Status", "Risiko", "Budsjett 2021"],
                                 ["131", "Kjernejournal på tvers", "Helse Sør-Øst RHF", "Grønn", "Rød", "4"],
                                 ["132", "Ærlig økonomi", "Oslo kommune", "Gul", "Grønn", "5"],
                                 delimiter=";"), encoding="cp1252")
    table = read(path)
    assert table.problems == []
    assert table.headers["actor"] == "Aktør"
    assert columns(table)["project_name"] == ["Kjernejournal på tvers", "Ærlig økonomi"]
    assert columns(table)["actor"] == ["Helse Sør-Øst RHF", "Oslo kommune"]
    assert columns(table)["status"] == ["Grønn", "Gul"]


def test_xlsx_with_title_rows_keeps_sheet_row_numbers(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Nasjonal e-helseportefølje"])
    sheet.append(["Prosjektliste januar 2021"])
    sheet.append(HEADER)
    sheet.append([131, "Alpha", "Helsedirektoratet", "Gul", "Grønn", 12.5])
    sheet.append([132.0, "Beta", "KS", "Rød", None, 1571])
    path = tmp_path / "prosjektliste.xlsx"
    workbook.save(path)
    table = read(path)
    assert table.problems == []
    assert columns(table) == {
        "project_id": ["131", "132"],
        "project_name": ["Alpha", "Beta"],
        "actor": ["Helsedirektoratet", "KS"],
        "status": ["Gul", "Rød"],
        "risk": ["Grønn", ""],
        "budget": ["12.5", "1571"],
        "source_row": [4, 5],
    }
    assert table.budget_year == 2021


def test_headers_match_ignoring_case_and_extra_spaces(tmp_path):
    header = ["  prosjekt-id ", "PROSJEKTNAVN", "ansvarlig   virksomhet", "STATUS", " Risiko", "budsjett  2021"]
    path = write(tmp_path, lines(header, ["131", "Alpha", "KS", "Gul", "Grønn", "1"]), name="p.tsv")
    table = read(path)
    assert table.problems == []
    assert set(table.headers) == set(REQUIRED)
    assert table.headers["project_id"] == "prosjekt-id"
    assert table.budget_year == 2021
    assert columns(table)["project_name"] == ["Alpha"]


@pytest.mark.parametrize("header, year", [("Budsjett 2021", 2021), ("Budget 2020", 2020),
                                          ("Budsjett 2019 (MNOK)", 2019), ("budget 2022 (mill)", 2022)])
def test_budget_column_keeps_the_year_it_names(tmp_path, header, year):
    path = write(tmp_path, lines([*HEADER[:5], header], ["131", "Alpha", "KS", "Gul", "Grønn", "1"]), name="p.tsv")
    table = read(path)
    assert table.problems == []
    assert table.budget_year == year
    assert table.headers["budget"] == header
    assert columns(table)["budget"] == ["1"]


def test_english_headers(tmp_path):
    header = ["Project ID", "Project name", "Organisation", "Owner", "Status", "Risk", "Budget 2020"]
    path = write(tmp_path, lines(header, ["7", "Gamma", "Norsk Helsenett", "Kari Nordmann", "Green", "Amber", "2.5"],
                                 delimiter=","))
    table = read(path)
    assert table.problems == []
    assert table.budget_year == 2020
    assert columns(table) == {
        "project_id": ["7"], "project_name": ["Gamma"], "actor": ["Norsk Helsenett"], "owner": ["Kari Nordmann"],
        "status": ["Green"], "risk": ["Amber"], "budget": ["2.5"], "source_row": [2],
    }


def test_unknown_column_is_a_warning_naming_it(tmp_path):
    path = write(tmp_path, lines([*HEADER, "Intern merknad"], ["131", "Alpha", "KS", "Gul", "Grønn", "1", "ok"]),
                 name="p.tsv")
    table = read(path)
    assert [(p.severity, p.message, p.column, p.row, p.file) for p in table.problems] == [
        ("warning", "unknown column, ignored", "Intern merknad", 1, SHOWN)]
    assert "Intern merknad" not in table.frame.columns
    assert columns(table)["project_id"] == ["131"]


def test_missing_required_column_is_an_error_naming_it(tmp_path):
    header = ["ID", "Prosjektnavn", "Ansvarlig virksomhet", "Status", "Budsjett 2021"]
    path = write(tmp_path, lines(header, ["131", "Alpha", "KS", "Gul", "1"]), name="p.tsv")
    table = read(path)
    errors = errors_in(table.problems)
    assert len(errors) == 1
    problem = errors[0]
    assert problem.message == "a required column is missing"
    assert problem.column == "risk"
    assert problem.file == SHOWN and problem.row == 1
    assert "'risiko'" in problem.expected
    assert problem.value == "ID | Prosjektnavn | Ansvarlig virksomhet | Status | Budsjett 2021"
    assert "column 'risk'" in str(problem)


@pytest.mark.parametrize("text", ["", "\n\n   \n"])
def test_empty_file_is_an_error(tmp_path, text):
    table = read(write(tmp_path, text))
    assert [(p.severity, p.file, p.message) for p in table.problems] == [("error", SHOWN, "the file is empty")]
    assert table.frame.empty


def test_binary_garbage_is_an_error_not_text(tmp_path):
    path = tmp_path / "prosjektliste.csv"
    path.write_bytes(bytes(range(256)) * 8)
    table = read(path)
    assert len(table.problems) == 1
    problem = table.problems[0]
    assert problem.severity == "error" and problem.file == SHOWN
    assert "not text" in problem.message
    assert "CSV or TSV text file" in problem.expected


def test_undecodable_text_names_the_encodings_tried(tmp_path):
    path = tmp_path / "prosjektliste.csv"
    path.write_bytes(b"ID;Prosjektnavn\n1;Alpha \x81\x8d\x8f\n")  # bytes cp1252 leaves undefined
    problem = read(path).problems[0]
    assert "not text in a known encoding" in problem.message
    assert "UTF-8" in problem.expected and "Windows-1252" in problem.expected


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_its_byte_order_mark_is_read(tmp_path, encoding):
    """Excel's "Unicode text" export (UTF-16 LE with a BOM, tabs); big-endian UTF-16 likewise."""
    text = "\ufeff" + lines(HEADER, ["131", "Ærlig økonomi", "Helse Sør-Øst RHF", "Gul", "Grønn", "12,5"])
    table = read(write(tmp_path, text, name="prosjektliste.txt", encoding=encoding))
    assert table.problems == []
    assert columns(table)["project_name"] == ["Ærlig økonomi"] and columns(table)["budget"] == ["12,5"]


def test_utf16_cut_in_the_middle_of_a_letter_is_an_error(tmp_path):
    path = tmp_path / "prosjektliste.txt"
    path.write_bytes(("\ufeff" + lines(HEADER)).encode("utf-16-le")[:-1])
    assert [(p.message, p.expected) for p in read(path).problems] == [
        ("the file starts as UTF-16 text but byte 130 is not UTF-16: the file looks truncated or damaged",
         "the whole file as exported; send it again")]


def test_row_with_more_cells_than_the_header_is_an_error_naming_the_row(tmp_path):
    path = write(tmp_path, lines(HEADER, ["131", "Alpha", "KS", "Gul", "Grønn", "1"],
                                 ["132", "Beta", "KS", "Gul", "Grønn", "2", "ekstra"]), name="p.tsv")
    table = read(path)
    errors = errors_in(table.problems)
    assert [(p.message, p.row, p.value) for p in errors] == [
        ("more cells than the header has columns", 3, "ekstra")]
    assert str(errors[0]).startswith(f"{SHOWN}:3: error:")


def test_blank_trailing_cells_beyond_the_header_are_not_an_error(tmp_path):
    path = write(tmp_path, lines(HEADER, ["131", "Alpha", "KS", "Gul", "Grønn", "1", "", " "]), name="p.tsv")
    assert read(path).problems == []


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_source_row_is_the_line_number_also_after_a_cell_spanning_two_lines(tmp_path, newline):
    text = newline.join([
        "Prosjektliste januar 2021",
        "",
        ";".join(HEADER),
        "131;Alpha;KS;Gul;Grønn;1",
        '132;"Beta,' + newline + 'fase 2";KS;Gul;Grønn;2',
        "",
        "133;Gamma;KS;Rød;Rød;3",
    ]) + newline
    table = read(write(tmp_path, text))
    assert table.problems == []
    frame = table.frame
    named = frame[frame["project_id"] != ""]
    assert named["project_id"].tolist() == ["131", "132", "133"]
    assert named["source_row"].tolist() == [4, 5, 8]
    assert named["project_name"].tolist()[1] == "Beta," + newline + "fase 2"


@pytest.mark.parametrize("text, delimiter", [
    ("Tittel\nID;Prosjektnavn;Ansvarlig virksomhet;Status;Risiko;Budsjett 2020\n", ";"),
    ("Tittel\nID,Prosjektnavn,Ansvarlig virksomhet,Status,Risiko,Budsjett 2020\n", ","),
    ("Tabell 1 Nye prosjekter\nNasjonal e-helseportefølje\nID;Prosjekt;Ansvarlig virksomhet;Budsjett 2020 (mill)\n"
     "131;Realisere API-management;Norsk Helsenett;7\n", ";"),
])
def test_title_lines_do_not_decide_the_delimiter(text, delimiter):
    from portfolio_analysis.read.delimited import guess_delimiter
    assert guess_delimiter(text, 10) == delimiter


def test_a_file_mixing_utf8_and_windows_1252_is_refused_not_garbled(tmp_path):
    path = tmp_path / "prosjektliste.csv"
    path.write_bytes("ID;Prosjektnavn;Status\n1;Første fase;Gul\n".encode("utf-8") + "2;Blå;Gul\n".encode("cp1252"))
    problem = read(path).problems[0]
    assert "mixes two encodings" in problem.message and "æøå" in problem.message
    assert problem.expected == "one encoding for the whole file (save it again as UTF-8)"


# --- quotes -----------------------------------------------------------------------------------------

def quote_errors(table):
    return [(p.row, p.message) for p in errors_in(table.problems)]


def test_a_quote_closing_on_the_next_line_would_merge_two_rows_and_is_an_error(tmp_path):
    path = write(tmp_path, lines(HEADER, ["1", '"Alpha', "KS", "Gul", "Gul", "1"], ["2", 'Beta"', "KS", "Rød", "Gul", "2"],
                                 ["3", "Gamma", "KS", "Gul", "Gul", "3"]), name="prosjektliste.tsv")
    assert quote_errors(read(path)) == [
        (2, "a quote opened at line 2 closes at line 3: rows 2–3 would become one; is the quote meant as text?")]


def test_a_quote_closing_in_another_column_is_an_error(tmp_path):
    path = write(tmp_path, lines(HEADER, ["1", '"Alpha', "KS", "Gul", "Gul", "1"], ['2"', "Beta", "KS", "Rød", "Gul", "2"]),
                 name="prosjektliste.tsv")
    errors = quote_errors(read(path))
    assert errors[0] == (2, "a quote opened at line 2 closes at line 3: rows 2–3 would become one; is the quote "
                            "meant as text?")


def test_a_cell_with_a_line_break_in_its_last_column_is_one_cell(tmp_path):
    text = lines(HEADER[:5] + ["Kommentar"], delimiter=",") + '1,Alpha,KS,Gul,Gul,"første linje\nandre linje"\n' \
        + "2,Beta,KS,Rød,Gul,x\n"
    table = read(write(tmp_path, text), required=REQUIRED[:5])
    assert errors_in(table.problems) == []
    assert table.frame["project_id"].tolist() == ["1", "2"]
    assert table.frame["source_row"].tolist() == [2, 4]


def test_a_doubled_quote_inside_a_quoted_cell_is_one_quote_and_no_note(tmp_path):
    text = lines(HEADER, delimiter=",") + '1,"Skjerm 27"" til alle",KS,Gul,Gul,1\n'
    table = read(write(tmp_path, text))
    assert table.frame["project_name"].tolist() == ['Skjerm 27" til alle']
    assert table.problems == []


def test_a_quote_that_is_never_closed_inside_a_file_is_text(tmp_path):
    path = write(tmp_path, lines(HEADER, ["1", '"Alpha fase 2', "KS", "Gul", "Gul", "1"], ["2", "Beta", "KS", "Rød", "Gul", "2"]),
                 name="prosjektliste.tsv")
    table = read(path)
    assert table.frame["project_name"].tolist() == ['"Alpha fase 2', "Beta"]
    assert [(p.row, p.severity, p.column, p.value) for p in table.problems] == [
        (2, "note", "Prosjektnavn", '"Alpha fase 2')]
