"""``portfolio-analysis forms`` (issue 24, item 1): one pre-filled workbook per organisation expected in the
coming period, that the intake reads back as its submission.

The forms are made for July 2020 from the real April 2020 list split per organisation
(tests/cycle_support.py); the whole round trip through the build is tests/end_to_end/test_forms_round_trip.py."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

import portfolio_analysis as pa
from bundled import bundled_bytes, copy_bundled_raw
from cycle_support import e_helse_with_split_april
from portfolio_analysis.cli.main import main
from portfolio_analysis.intake.files import take_in_period
from portfolio_analysis.report.catalogue import text_in
from portfolio_analysis.settings.maps import column_aliases
from portfolio_analysis.settings.periods import load_period
from portfolio_analysis.settings.profile import load_profile

VEST = "Helse Vest RHF - innmelding juli 2020.xlsx"


def make_forms(data: Path, out: Path, period: str = "2020-07", *extra: str) -> int:
    return main(["forms", "--portfolio", "e-helse", "--period", period, "--data-dir", str(data), "--out", str(out),
                 *extra])


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """(data folder, forms folder, what the command printed to stderr) for July 2020, no deadline set."""
    data = tmp_path_factory.mktemp("forms") / "data"
    e_helse_with_split_april(data)
    out = data.parent / "forms"
    with pytest.MonkeyPatch.context() as patch:
        errors = io.StringIO()
        patch.setattr("sys.stderr", errors)
        assert make_forms(data, out) == 0
    return data, out, errors.getvalue()


def april_organisations() -> set[str]:
    """The organisations of the April 2020 list, counted from the raw rows with the csv module (the two
    spellings of Helse Sør-Øst and of Oslo kommune as one each, as the organisation map has them)."""
    text = bundled_bytes("data/raw/e-helse/2020-04/vedlegg1_prosjektliste.tsv").decode("utf-8")
    rows = [row for row in csv.reader(io.StringIO(text), delimiter="\t")][1:]
    names = {row[3] for row in rows if len(row) == 8}
    same = {"Helse Sør-Øst": "Helse Sør-Øst RHF", "Oslo Kommune": "Oslo kommune"}
    return {same.get(name, name) for name in names}


def test_one_form_per_organisation_of_the_april_list(made):
    _, out, _ = made
    organisations = april_organisations()
    assert len(organisations) == 10
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{o} - innmelding juli 2020.xlsx" for o in organisations)


def test_projects_sheet_holds_the_organisations_april_projects_with_their_values(made):
    _, out, _ = made
    sheet = load_workbook(out / VEST)["Prosjekter"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:8] == ("Innsatsområde", "ID", "Prosjektnavn", "Ansvarlig virksomhet", "Prosjekteier", "Status",
                           "Risiko", "Budsjett 2020")
    text = bundled_bytes("data/raw/e-helse/2020-04/vedlegg1_prosjektliste.tsv").decode("utf-8")
    april = {int(row[1]): row for row in csv.reader(io.StringIO(text), delimiter="\t")
             if len(row) == 8 and row[3] == "Helse Vest RHF"}
    assert sorted(row[1] for row in rows[1:]) == sorted(april)
    for row in rows[1:]:
        raw = april[row[1]]
        assert (row[2], row[3], row[5], row[6], row[7]) == (raw[2], raw[3], raw[5], raw[6], float(raw[7]))


def test_headers_read_back_to_the_same_standard_column_in_both_languages():
    aliases = column_aliases(Path(pa.__file__).parent / "maps" / "columns.csv")
    columns = ("focus_area", "project_id", "project_name", "actor", "owner", "status", "risk", "budget",
               "planned_start", "planned_end", "status_comment", "risk_comment", "destination")
    for language in ("nb", "en"):
        for column in columns:
            header = text_in(language, f"form.header.{column}").format(year=2020)
            assert aliases.match(header).column == column, (language, header)


def test_validations_protection_widths_and_frozen_header(made):
    _, out, _ = made
    book = load_workbook(out / VEST)
    assert book.sheetnames == ["Veiledning", "Prosjekter", "Nye prosjekter", "Prosjekter ut"]
    sheet = book["Prosjekter"]
    header = [cell.value for cell in sheet[1]]
    letter = {name: chr(ord("A") + i) for i, name in enumerate(header)}
    assert sheet.freeze_panes == "A2"
    assert sheet.protection.sheet and not sheet.protection.password
    last = sheet.max_row
    for name in ("ID", "Prosjektnavn", "Ansvarlig virksomhet"):
        assert all(sheet[f"{letter[name]}{row}"].protection.locked for row in range(2, last + 1))
    for name in ("Status", "Risiko", "Budsjett 2020", "Planlagt sluttdato", "Kommentar til status"):
        assert not any(sheet[f"{letter[name]}{row}"].protection.locked for row in range(2, last + 1))
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert rules[f"F2:F{last}"].type == "list" and rules[f"F2:F{last}"].formula1 == '"Grønn,Gul,Rød"'
    assert rules[f"G2:G{last}"].formula1 == '"Grønn,Gul,Rød"'
    budget = rules[f"H2:H{last}"]
    assert (budget.type, budget.operator, float(budget.formula1), float(budget.formula2)) == (
        "decimal", "between", 0.0, 100000.0)  # the profile's budget_limit
    assert rules[f"J2:J{last}"].type == "date" and sheet[f"J2"].number_format == "DD.MM.YYYY"
    for name in ("Kommentar til status", "Kommentar til risiko"):
        assert sheet.column_dimensions[letter[name]].width >= 50
        assert sheet[f"{letter[name]}2"].alignment.wrap_text
    leavers = book["Prosjekter ut"]
    assert [c.value for c in leavers[1]] == ["ID", "Prosjektnavn", "Ansvarlig virksomhet", "Veien videre"]
    destination = next(v for v in leavers.data_validations.dataValidation if str(v.sqref).startswith("D2"))
    assert destination.formula1 == '"Forvaltning,Pauset"'  # the destinations of April's Tabell 2
    assert [c.value for c in book["Nye prosjekter"][1]] == header


def test_instructions_say_the_deadline_is_not_set_and_the_command_warns(made):
    _, out, printed = made
    sheet = load_workbook(out / VEST)["Veiledning"]
    facts = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert facts["Frist"] == "Ikke satt (spør Direktoratet for e-helse)"
    assert (facts["Virksomhet"], facts["Periode"], facts["Spørsmål til"]) == (
        "Helse Vest RHF", "juli 2020", "Direktoratet for e-helse")
    assert "sets no deadline for 2020-07" in printed


def test_a_deadline_in_period_yml_is_on_the_instructions(made, tmp_path):
    data, _, _ = made
    july = data / "raw" / "e-helse" / "2020-07"
    july.mkdir()
    try:
        (july / "period.yml").write_text("deadline: 2020-06-15\n", encoding="utf-8")
        assert make_forms(data, tmp_path / "out") == 0
        sheet = load_workbook(tmp_path / "out" / VEST)["Veiledning"]
        facts = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0]}
        assert facts["Frist"] == "15. juni 2020"
    finally:
        (july / "period.yml").unlink()
        july.rmdir()


def test_the_intake_reads_the_form_as_this_periods_form(made, tmp_path):
    data, out, _ = made
    profile = load_profile(data, "e-helse")
    folder = tmp_path / "2020-07"
    folder.mkdir()
    (folder / VEST).write_bytes((out / VEST).read_bytes())
    (folder / "ks.tsv").write_text("ID\tProsjektnavn\tAnsvarlig virksomhet\tStatus\tRisiko\tBudsjett 2020\n"
                                   "165\tNasjonalt prosjekt DigiHelse\tKS\tGul\tGul\t0\n", encoding="utf-8")
    period, _ = load_period(folder, data)
    taken, problems = take_in_period(profile, period, data)
    assert [p for p in problems if p.severity != "note"] == []
    form = [f for f in taken if f.path.name == VEST]
    assert [(f.sheet, f.table, f.form_period) for f in form] == [("Prosjekter", "projects", "2020-07")]
    assert form[0].shown.endswith(f"2020-07/{VEST}")  # the form's own list is named as the file
    assert [f.form_period for f in taken if f.path.name == "ks.tsv"] == [None]


def test_an_ordinary_workbook_with_two_project_lists_is_still_an_error(made, tmp_path):
    data, _, _ = made
    path = tmp_path / "2020-07" / "to_lister.xlsx"
    path.parent.mkdir()
    book = Workbook()
    for name in ("A", "B"):
        sheet = book.create_sheet(name)
        sheet.append(["ID", "Prosjektnavn", "Ansvarlig virksomhet", "Status", "Risiko", "Budsjett 2020"])
        sheet.append([165, "Nasjonalt prosjekt DigiHelse", "KS", "Gul", "Gul", 0])
    book.save(path)
    period, _ = load_period(path.parent, data)
    _, problems = take_in_period(load_profile(data, "e-helse"), period, data)
    assert any("several sheets hold a table: 'A', 'B'" in p.message and p.severity == "error" for p in problems)


def test_a_period_with_only_period_yml_is_not_built_and_its_forms_can_be_made(made, tmp_path, capsys):
    data, _, _ = made
    coming = data / "raw" / "e-helse" / "2020-07"
    coming.mkdir()
    try:
        (coming / "period.yml").write_text("deadline: 2020-06-15\n", encoding="utf-8")
        result = pa.build("e-helse", data, force=True)
        assert list(pa.load_periods("e-helse", data)["report_period"]) == ["2020-01", "2020-04"]
        log = pa.load_quality_log("e-helse", data)
        assert log.loc[log.report_period == "2020-07", "rule"].tolist() == [
            "no files yet (deadline 2020-06-15): the period is not built until its first file arrives"]
        assert not [p for p in result.outputs.problems if p.severity != "note" and p.period == "2020-07"]
        assert make_forms(data, tmp_path / "out") == 0
        assert len(list((tmp_path / "out").iterdir())) == 10
        capsys.readouterr()
        assert main(["build", "--portfolio", "e-helse", "--data-dir", str(data)]) == 0
        assert capsys.readouterr().out.splitlines()[-1] == (
            "  2020-07    no files yet (deadline 2020-06-15): not built until its first file arrives")
    finally:
        (coming / "period.yml").unlink()
        coming.rmdir()


def test_a_published_list_portfolio_gets_a_one_line_error(tmp_path, capsys):
    data = copy_bundled_raw(tmp_path / "data", only="data/raw/uk-gmpp/portfolio.yml")
    code = main(["forms", "--portfolio", "uk-gmpp", "--period", "2024-03", "--data-dir", str(data),
                 "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and "published_list" in err
    assert not (tmp_path / "out").exists()


def test_an_out_folder_holding_other_files_is_refused_and_kept(made, tmp_path, capsys):
    data, _, _ = made
    out = tmp_path / "desk"
    out.mkdir()
    (out / "notes.docx").write_bytes(b"mine")
    assert make_forms(data, out) == 1
    assert "holds other files" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["notes.docx"]


def test_validate_reads_a_form_as_the_build_does(made, capsys):
    data, out, _ = made
    assert main(["validate", str(out / VEST), "--portfolio", "e-helse", "--data-dir", str(data)]) == 0
    assert capsys.readouterr().out.strip().endswith(
        "projects table of portfolio 'e-helse': 4 rows, 0 lines dropped and 0 values changed by the cleaning; "
        "0 errors, 0 warnings")


def test_from_must_be_a_built_period_before_the_forms_period(made, tmp_path, capsys):
    data, _, _ = made
    assert make_forms(data, tmp_path / "out", "2020-04", "--from", "2020-04") == 1
    assert "has no built period 2020-04 before 2020-04" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
