"""Out to the organisations and back (issue 24, item 1, "Done when"): the July 2020 forms made from the real
April 2020 list (split per organisation, tests/cycle_support.py) are filled in by a script, put in July's
folder beside a period.yml with the deadline, and build with no warnings to exactly the values typed.

TEST DATA: the fills are made up for the tests, in a temporary folder."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import portfolio_analysis as pa
from bundled import bundled_bytes
from cycle_support import e_helse_with_split_april
from portfolio_analysis.cli.main import main

pytestmark = pytest.mark.slow

COMPARED = ("project_name", "actor", "owner", "focus_area_code", "focus_area_name", "status", "risk", "budget",
            "planned_start", "planned_end", "status_comment", "risk_comment")


def forms_for_july(tmp_path: Path) -> tuple[Path, Path]:
    """(data folder with April built, the July forms' folder)."""
    data = tmp_path / "data"
    e_helse_with_split_april(data)
    out = tmp_path / "forms"
    assert main(["forms", "--portfolio", "e-helse", "--period", "2020-07", "--from", "2020-04",
                 "--data-dir", str(data), "--out", str(out)]) == 0
    return data, out


def header_positions(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1]}


def send_back(data: Path, forms: Path) -> Path:
    """The filled forms into July's folder, with a period.yml giving the deadline."""
    july = data / "raw" / "e-helse" / "2020-07"
    july.mkdir()
    for form in forms.iterdir():
        (july / form.name).write_bytes(form.read_bytes())
    (july / "period.yml").write_text("deadline: 2020-06-15\n", encoding="utf-8")
    return july


def warnings_of(result) -> list[str]:
    return [str(p) for p in result.outputs.problems if p.severity in ("warning", "error")]


def build_sent_back(data: Path, forms: Path) -> tuple[dict[int, dict], dict[int, dict], pd.DataFrame]:
    """The forms into July's folder and built, with no warning: (April's values, July's values, the panel)."""
    send_back(data, forms)
    assert warnings_of(pa.build("e-helse", data)) == []
    panel = pa.load_panel("e-helse", data)
    return (as_compared(panel[panel.report_period == "2020-04"]), as_compared(panel[panel.report_period == "2020-07"]),
            panel)


def as_compared(frame: pd.DataFrame) -> dict[int, dict]:
    """project id -> its compared values, NA as None, budgets rounded off float noise."""
    rows = {}
    for record in frame.to_dict("records"):
        values = {c: (None if pd.isna(record[c]) else record[c]) for c in COMPARED}
        values["status"] = None if values["status"] is None else str(values["status"])
        values["risk"] = None if values["risk"] is None else str(values["risk"])
        values["budget"] = None if values["budget"] is None else round(float(values["budget"]), 6)
        rows[int(record["project_id"])] = values
    return rows


def test_done_when_filled_forms_build_with_no_warnings_to_exactly_the_values_typed(tmp_path):
    data, forms = forms_for_july(tmp_path)
    text = bundled_bytes("data/raw/e-helse/2020-04/vedlegg1_prosjektliste.tsv").decode("utf-8")
    raw_rows = [row for row in csv.reader(io.StringIO(text), delimiter="\t")][1:]
    spellings = {"Helse Sør-Øst": "Helse Sør-Øst RHF", "Oslo Kommune": "Oslo kommune"}
    organisations = {spellings.get(row[3], row[3]) for row in raw_rows if len(row) == 8}
    assert len(list(forms.iterdir())) == len(organisations) == 10

    path = forms / "Direktoratet for e-helse - innmelding juli 2020.xlsx"
    book = load_workbook(path)
    sheet = book["Prosjekter"]
    at = header_positions(sheet)
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, at["ID"]).value == 11:
            sheet.cell(row, at["Status"]).value = "Rød"
        if sheet.cell(row, at["ID"]).value == 81:
            sheet.cell(row, at["Budsjett 2020"]).value = 30
    book.save(path)
    april, july, panel = build_sent_back(data, forms)
    assert july[11]["status"] == "Rød" and july[81]["budget"] == 30
    expected = {pid: dict(values) for pid, values in april.items()}
    expected[11]["status"], expected[81]["budget"] = "Rød", 30
    assert july == expected
    assert panel.loc[panel.report_period == "2020-07", "is_reported"].all()


def test_an_unchanged_form_is_exempt_from_the_re_sent_warning_only_in_its_own_period(tmp_path):
    """The ten July forms come back as the office sent them: no warning in July (reviewed on July's form).
    The same ten files sent again for October are old files re-sent, and the build asks of each."""
    data, forms = forms_for_july(tmp_path)
    send_back(data, forms)
    assert warnings_of(pa.build("e-helse", data)) == []
    october = data / "raw" / "e-helse" / "2020-10"
    october.mkdir()
    for form in forms.iterdir():
        (october / form.name).write_bytes(form.read_bytes())
    problems = pa.build("e-helse", data).outputs.problems
    resent = sorted(p.file.rsplit("/", 1)[-1] for p in problems if p.message.endswith("re-sent?"))
    assert resent == sorted(form.name for form in forms.iterdir())


def random_fill(book, rng: random.Random, scale: list[str]) -> dict[int, dict]:
    """Fills every editable cell of the projects sheet at random; returns id -> the values typed, as the
    panel should hold them."""
    sheet = book["Prosjekter"]
    at = header_positions(sheet)
    typed = {}
    for row in range(2, sheet.max_row + 1):
        pid = sheet.cell(row, at["ID"]).value
        values = {"status": rng.choice(scale), "risk": rng.choice(scale),
                  "budget": rng.choice([0, rng.randint(1, 900), round(rng.uniform(0, 500), rng.choice([1, 2]))])}
        start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
        values["planned_start"], start_cell = start.isoformat(), start
        quarter = rng.randint(1, 4)
        year = rng.randint(2021, 2026)
        values["planned_end"], end_cell = rng.choice([
            (f"{year}-Q{quarter}", f"Q{quarter} {year}"),
            ((start + dt.timedelta(days=700)).isoformat(), start + dt.timedelta(days=700))])
        values["status_comment"] = rng.choice([
            "Følger plan.", "Forsinket på grunn av leverandør.\nNy plan i august; ansvar: Åse Ødegård (Ærø-gruppen).",
            "Ingen endring – «stabilt»."])
        values["risk_comment"] = f"Risiko {rng.randint(1, 99)}: nøkkelressurser.\nTiltak følges opp."
        for column, cell in (("Status", values["status"]), ("Risiko", values["risk"]),
                             ("Budsjett 2020", values["budget"]), ("Planlagt startdato", start_cell),
                             ("Planlagt sluttdato", end_cell), ("Kommentar til status", values["status_comment"]),
                             ("Kommentar til risiko", values["risk_comment"])):
            sheet.cell(row, at[column]).value = cell
        typed[pid] = values
    return typed


def test_random_fills_with_a_new_and_a_leaving_project_read_back_exactly(tmp_path):
    rng = random.Random(24)
    data, forms = forms_for_july(tmp_path)
    scale = ["Grønn", "Gul", "Rød"]
    typed, left = {}, {}
    for path in sorted(forms.iterdir()):
        book = load_workbook(path)
        typed.update({pid: values for pid, values in random_fill(book, rng, scale).items()})
        book.save(path)
    # Helse Vest RHF: one new project and one leaving
    path = forms / "Helse Vest RHF - innmelding juli 2020.xlsx"
    book = load_workbook(path)
    new = book["Nye prosjekter"]
    at = header_positions(new)
    joiner = {"Innsatsområde": "1.1 Modernisere journal- og samhandlingsløsninger", "ID": 901,
              "Prosjektnavn": "Testprosjekt for skjema (testdata)", "Ansvarlig virksomhet": "Helse Vest RHF",
              "Prosjekteier": "Øyvind Ås", "Status": "Grønn", "Risiko": "Gul", "Budsjett 2020": 12.5,
              "Planlagt startdato": dt.date(2020, 8, 1), "Planlagt sluttdato": "des. 2022",
              "Kommentar til status": "Nytt prosjekt.\nOppstart i august.", "Kommentar til risiko": "Lav risiko."}
    for header, value in joiner.items():
        new.cell(2, at[header]).value = value
    leaving = book["Prosjekter ut"]
    projects = book["Prosjekter"]
    pat = header_positions(projects)
    gone = projects.cell(2, pat["ID"]).value
    leaving.append([gone, projects.cell(2, pat["Prosjektnavn"]).value, "Helse Vest RHF", "Forvaltning"])
    book.save(path)
    april, july, panel = build_sent_back(data, forms)
    expected = {}
    for pid, values in april.items():
        if pid == gone:
            continue
        expected[pid] = {**values, **typed[pid]}
        expected[pid]["budget"] = round(float(typed[pid]["budget"]), 6)
    expected[901] = {"project_name": joiner["Prosjektnavn"], "actor": "Helse Vest RHF", "owner": "Øyvind Ås",
                     "focus_area_code": "1.1", "focus_area_name": "Modernisere journal- og samhandlingsløsninger",
                     "status": "Grønn", "risk": "Gul", "budget": 12.5, "planned_start": "2020-08-01",
                     "planned_end": "2022-12", "status_comment": joiner["Kommentar til status"],
                     "risk_comment": "Lav risiko."}
    assert sorted(july) == sorted(expected)
    for pid, values in expected.items():
        assert {c: july[pid][c] for c in COMPARED} == values, pid
    changes = pa.load_reported_changes("e-helse", data)
    left = changes[(changes.report_period == "2020-07") & (changes.change == "left")]
    assert left[["project_id", "destination"]].astype(str).values.tolist() == [[str(gone), "Forvaltning"]]
