"""pa.receipts: the facts of each organisation's submission in the July 2020 test cycle (tests/cycle_support.py),
with 138 left out of Helsedirektoratet's file and named by no leavers table. Counts are compared with the raw
files read by the csv module."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pytest

import portfolio_analysis as pa
from bundled import copy_bundled_raw
from cycle_support import JULY_MISSING, add_july, e_helse_with_split_april

LEFT_OUT = "138"


@pytest.fixture(scope="module")
def july(tmp_path_factory):
    data = tmp_path_factory.mktemp("receipts") / "data"
    e_helse_with_split_april(data)
    folder = add_july(data, left_out=(LEFT_OUT,))
    return data, folder


@pytest.fixture(scope="module")
def found(july):
    data, _ = july
    return {receipt.organisation: receipt for receipt in pa.receipts("e-helse", "2020-07", data_dir=data)}


def raw_rows(path, delimiter, encoding) -> list[dict]:
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def test_every_expected_organisation_has_one_and_only_helse_nord_a_reminder(found):
    assert len(found) == 10
    assert [name for name, receipt in found.items() if not receipt.sent] == [JULY_MISSING]


def test_the_reminder_lists_the_projects_carried_forward_and_when_they_were_last_assessed(found, july):
    reminder = found[JULY_MISSING]
    assert dict(zip(reminder.carried["project_id"], reminder.carried["carried_from"])) == {
        101: "2020-01", 167: "2020-04", 168: "2020-04"}  # 101's April values were themselves carried (period.yml)
    april = raw_rows(july[0] / "raw/e-helse/2020-04/Helse Nord RHF mars 2020.tsv", "\t", "utf-8")
    assert sorted(reminder.carried["project_id"]) == sorted(int(row["ID"]) for row in april)
    assert reminder.deadline is None and reminder.files.empty and reminder.problems == []


def test_helsedirektoratet_is_told_138_is_missing_from_its_file(found, july):
    receipt = found["Helsedirektoratet"]
    assert receipt.missing["project_id"].tolist() == [138]
    assert receipt.missing["project_name"].tolist() == ["Oppfølgingsteam"]
    assert receipt.joined["project_id"].tolist() == [190]
    warning = [p for p in receipt.problems if p.severity == "warning"]
    assert len(warning) == 1 and "138 Oppfølgingsteam" in warning[0].value
    rows = raw_rows(july[1] / "hdir_2020_06.csv", ";", "cp1252")
    assert receipt.files[["name", "rows", "projects"]].values.tolist() == [["hdir_2020_06.csv", len(rows), len(rows)]]
    assert sorted(receipt.projects["project_id"]) == sorted(int(row["ID"]) for row in rows)
    assert LEFT_OUT not in {row["ID"] for row in rows}


def test_direktoratet_for_e_helse_sees_its_moves_and_its_budget_cut(found):
    receipt = found["Direktoratet for e-helse"]
    moves = {(r.project_id, r.rating, r.before, r.after) for r in receipt.rating_moves.itertuples()}
    assert moves == {(11, "status", "Gul", "Rød"), (160, "status", "Rød", "Gul")}
    money = receipt.money_changes
    assert money[["project_id", "before", "after", "change"]].values.tolist() == [[107, 260.0, 250.0, -10.0]]
    # the dates it sends for the first time: 11 and 160 a start and an end, 107 an end
    given = {(r.project_id, r.date, r.after) for r in receipt.date_changes.itertuples() if pd.isna(r.before)}
    assert given == {(11, "planned_start", "2019-01-01"), (11, "planned_end", "2022-06-30"),
                     (160, "planned_start", "2018-03-01"), (160, "planned_end", "2021-12-31"),
                     (107, "planned_end", "2025-12-31")}
    assert receipt.missing.empty and receipt.left.empty and not receipt.nothing_changed


def test_helse_sor_ost_sees_144_leaving_to_forvaltning(found):
    receipt = found["Helse Sør-Øst RHF"]
    assert receipt.left[["project_id", "destination"]].values.tolist() == [[144, "Forvaltning"]]
    assert receipt.missing.empty


def test_an_organisation_whose_file_repeats_april_has_nothing_changed(found):
    assert found["Folkehelseinstituttet"].nothing_changed
    assert not found["Helsedirektoratet"].nothing_changed


def test_problems_are_those_of_its_own_files(found):
    for name, receipt in found.items():
        files = set(receipt.files["file"])
        assert all(p.file in files for p in receipt.problems), name
    # Norsk Helsenett's one project as in April: the re-sent warning (whole file), then 131's blank status (a note)
    nhn = found["Norsk Helsenett"].problems
    assert [(p.severity, p.column) for p in nhn] == [("warning", None), ("note", "Status")]
    assert nhn[0].message.endswith("is as in 2020-04 (April 2020): re-sent?")


def test_an_organisation_named_by_an_alias_or_in_another_case(july):
    data, _ = july
    assert [r.organisation for r in pa.receipts("e-helse", "2020-07", "Helse Sør-Øst", data)] == ["Helse Sør-Øst RHF"]
    assert [r.organisation for r in pa.receipts("e-helse", "2020-07", "ks", data)] == ["KS"]


def test_an_unknown_organisation_is_an_error_listing_the_known_ones(july):
    with pytest.raises(pa.InputError) as raised:
        pa.receipts("e-helse", "2020-07", "Helse Øst", july[0])
    (problem,) = raised.value.problems
    assert problem.value == "Helse Øst" and "Helse Nord RHF" in problem.expected and "KS" in problem.expected


def test_an_unknown_period_is_an_error(july):
    with pytest.raises(pa.InputError) as raised:
        pa.receipts("e-helse", "2020-10", data_dir=july[0])
    assert "2020-07" in raised.value.problems[0].expected


def test_the_deadline_comes_from_period_yml(tmp_path):
    data = tmp_path / "data"
    e_helse_with_split_april(data)
    folder = add_july(data)
    (folder / "period.yml").write_text("deadline: 2020-08-15\n", encoding="utf-8")
    (reminder,) = pa.receipts("e-helse", "2020-07", JULY_MISSING, data)
    assert reminder.deadline == dt.date(2020, 8, 15)


def test_a_published_list_has_no_receipts(tmp_path):
    data = copy_bundled_raw(tmp_path / "data", only="data/raw/uk-gmpp/")
    with pytest.raises(ValueError, match="published as one list"):
        pa.receipts("uk-gmpp", "2023-03", data_dir=data)


def test_changes_are_counted_against_values_that_were_themselves_carried(tmp_path):
    """Helse Nord RHF sends its April file again in July: 101's April values were carried from January (April's
    period.yml), so its receipt says so, and nothing changed against the values it had."""
    data = tmp_path / "data"
    april = e_helse_with_split_april(data)
    july = add_july(data)
    sent = "Helse Nord RHF mars 2020.tsv"
    (july / sent).write_bytes((april / sent).read_bytes())
    (receipt,) = pa.receipts("e-helse", "2020-07", JULY_MISSING, data)
    assert receipt.sent and receipt.files["name"].tolist() == [sent]
    assert receipt.previous_carried[["project_id", "carried_from"]].values.tolist() == [[101, "2020-01"]]
    assert receipt.nothing_changed and receipt.carried.empty


def test_the_bundled_april_2020_against_a_january_without_values_per_project(tmp_path):
    """The real April list (one combined file): January publishes no per-project values, so no move is computed,
    while Tabell 2's leavers and the DIS project the office carried (April's period.yml) are known."""
    data = copy_bundled_raw(tmp_path / "data", only="data/raw/e-helse/")
    found = {r.organisation: r for r in pa.receipts("e-helse", "2020-04", data_dir=data)}
    hso = found["Helse Sør-Øst RHF"]
    assert not hso.changes_known and hso.values_published and hso.rating_moves.empty and hso.money_changes.empty
    assert sorted(hso.left[["project_id", "destination"]].values.tolist()) == [[142, "Pauset"], [143, "Forvaltning"]]
    assert hso.carried[["project_id", "carried_from"]].values.tolist() == [[83, "2020-01"]]
    assert found["Norsk Helsenett"].joined["project_id"].tolist() == [131]
    rows = raw_rows(data / "raw/e-helse/2020-04/vedlegg1_prosjektliste.tsv", "\t", "utf-8")
    per_organisation = sum(r.files["rows"].sum() for r in found.values())
    assert per_organisation == sum(1 for row in rows if (row.get("ID") or "").strip().isdigit())
    (january_ks,) = pa.receipts("e-helse", "2020-01", "KS", data)
    assert not january_ks.values_published and january_ks.previous is None


def test_a_warning_on_a_file_as_a_whole_reaches_its_organisation(july):
    """An intake warning about a whole file (as the stale-submission warning will be) is in its organisation's
    receipt and no other's."""
    from portfolio_analysis.analysis.receipts import receipts_of
    from portfolio_analysis.pipeline.build import check_portfolio
    from portfolio_analysis.settings.periods import discover_periods
    from portfolio_analysis.settings.profile import load_profile

    data, _ = july
    outputs = check_portfolio("e-helse", data)
    stale = pa.Problem("data/raw/e-helse/2020-07/FHI_e-helseportefolje_202006.csv",
                       "every value as in April 2020: re-sent?", severity="warning", period="2020-07")
    outputs.problems.append(stale)
    profile = load_profile(data, "e-helse")
    july_spec = next(spec for spec in discover_periods(profile, data)[0] if spec.key == "2020-07")
    found = {r.organisation: r for r in receipts_of(outputs, profile, july_spec)}
    assert stale in found["Folkehelseinstituttet"].problems
    assert [name for name, r in found.items() if stale in r.problems] == ["Folkehelseinstituttet"]
