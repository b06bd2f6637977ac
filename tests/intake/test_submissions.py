"""A period as the office receives it: one file per organisation, some missing (issue: submission intake).

The real April 2020 list split into the organisations' own files must build to the same panel as the
combined list; a July cycle made from it (tests/cycle_support.py) checks carrying forward, leaving,
joining, moves and the budget bridge against the edits made.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import replace

import pandas as pd
import pytest

import portfolio_analysis as pa
from cycle_support import (JULY_JOINER, JULY_LEAVER_NAMED, JULY_LEAVER_UNNAMED, JULY_MISSING, add_july,
                           e_helse_with_split_april)
from portfolio_analysis.cli.main import main
from portfolio_analysis.settings.maps import rating_scale
from portfolio_analysis.settings.periods import PeriodSpec
from portfolio_analysis.settings.profile import load_profile
from portfolio_analysis.intake.submissions import carry_forward

VALUES = ["report_period", "project_id", "project_name", "actor", "actor_group", "focus_area_code", "focus_area_name",
          "strategic_area", "owner", "status", "risk", "budget_mnok", "budget_year", "is_reported",
          "budget_is_reported", "carried_from"]


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    """(data folder, build result) of e-helse with April split per organisation and a July cycle."""
    data = tmp_path_factory.mktemp("cycle") / "data"
    e_helse_with_split_april(data)
    add_july(data)
    return data, pa.build("e-helse", data)


@pytest.fixture(scope="module")
def july(cycle):
    data, _ = cycle
    return pa.load_portfolio("e-helse", data)


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def test_split_april_builds_the_same_panel_as_the_combined_list(tmp_path, panel):
    data = tmp_path / "data"
    april = e_helse_with_split_april(data)
    pa.build("e-helse", data)
    split = pa.load_panel("e-helse", data)
    assert len({p.suffix for p in april.iterdir()}) == 4  # xlsx, csv, tsv and period.yml
    assert split["source_file"].str.contains("/2020-04/").sum() == 52
    assert split["source_file"][split.report_period == "2020-04"].nunique() == 10
    ordered = [frame[VALUES].sort_values(["report_period", "project_id"]).reset_index(drop=True)
               for frame in (split, panel)]
    pd.testing.assert_frame_equal(*ordered)


def test_every_file_is_used_or_named(cycle):
    data, result = cycle
    files = pa.load_files("e-helse", data)
    july = files[files.report_period == "2020-07"].set_index(files[files.report_period == "2020-07"]["file"]
                                                             .str.rsplit("/", n=1).str[-1])
    assert july.loc["Følgebrev juli.pdf", "used"] is False or not july.loc["Følgebrev juli.pdf", "used"]
    assert "not a table file" in july.loc["Følgebrev juli.pdf", "reason"]
    assert july.loc["tabell2_prosjekter_ut.tsv", "table"] == "leavers"
    assert set(july.loc[july["table"] == "projects", "organisations"]) == {
        "Direktoratet for e-helse", "Helsedirektoratet", "Helse Sør-Øst RHF", "Helse Vest RHF", "Helse Midt-Norge RHF",
        "Folkehelseinstituttet", "Norsk Helsenett", "Oslo kommune", "KS"}
    warnings = [str(p) for p in result.outputs.problems if p.severity == "warning"]
    assert any("Følgebrev juli.pdf: warning: file not used: not a table file (.pdf)" in w for w in warnings)
    manifest = (data / "processed" / "e-helse" / "manifest.json").read_text(encoding="utf-8")
    assert "Følgebrev" not in manifest.split('"inputs"')[1]  # fingerprinted, but not an input


def test_missing_organisation_is_carried_forward_not_left(july):
    rows = july.rows("2020-07")
    carried = rows[rows["actor"] == JULY_MISSING].set_index("project_id")
    assert sorted(carried.index) == [101, 167, 168]
    assert carried["is_reported"].eq(False).all()
    # the period each was last assessed in: 101's April values were January's (April's period.yml says it did not
    # report), so carrying them on into July keeps January
    assert carried["carried_from"].to_dict() == {101: "2020-01", 167: "2020-04", 168: "2020-04"}
    april = july.rows("2020-04").set_index("project_id")
    for column in ("status", "risk", "budget_mnok"):
        pd.testing.assert_series_equal(carried[column].astype(object), april.loc[carried.index, column].astype(object))
    assert carried.loc[101, "risk"] == "Rød"
    compared = pa.compare_periods(july, "2020-07", "2020-04").set_index("project_id")
    assert set(compared.loc[[101, 167, 168], "change"]) == {"continuing"}


def test_leavers_and_joiners_are_the_true_ones(july):
    compared = pa.compare_periods(july, "2020-07", "2020-04")
    left = compared[compared["change"] == "left"].set_index("project_id")
    assert sorted(left.index) == [int(JULY_LEAVER_NAMED[0]), int(JULY_LEAVER_UNNAMED)]
    assert left.loc[int(JULY_LEAVER_NAMED[0]), "destination"] == "Forvaltning"
    assert pd.isna(left.loc[int(JULY_LEAVER_UNNAMED), "destination"])  # not given: stays unknown
    assert list(compared.loc[compared["change"] == "joined", "project_id"]) == [int(JULY_JOINER[1])]


def test_status_moves_are_the_edits_and_carried_rows_do_not_move(july):
    change = pa.status_change(july, "2020-07", "2020-04")
    assert list(change.worsened["project_id"]) == [11]
    assert list(change.improved["project_id"]) == [160]
    assert int(change.transitions["carried_forward"].sum()) == 3
    assert sorted(change.carried_forward["project_id"]) == [101, 167, 168]
    risk = pa.risk_analysis(july, "2020-07", "2020-04")
    red = risk.red_risk.set_index("project_id")
    assert red.loc[101, "carried_from"] == "2020-01"  # red risk last assessed in January is still on the risk page
    assert 101 not in set(risk.worsened["project_id"]) | set(risk.improved["project_id"])


def test_budget_bridge_adds_up_with_carried_budgets_in_both_totals(july):
    bridge = pa.budget_bridge(july, "2020-07", "2020-04").set_index("step")["amount_mnok"]
    assert bridge["previous_total"] == 1571
    assert bridge["left"] == -(84 + 20)  # 144 and 187's April budgets
    assert bridge["joined"] == 12
    assert bridge["continuing_change"] == -10  # 107: 260 -> 250; the carried 0, 0 and 1 do not change
    assert bridge["unknown"] == 0
    assert bridge["current_total"] == 1571 - 104 + 12 - 10
    assert bridge[["previous_total", "left", "joined", "continuing_change", "unknown"]].sum() == bridge["current_total"]
    carried = july.rows("2020-07")
    assert carried.loc[carried["actor"] == JULY_MISSING, "budget_mnok"].sum() == 1


def test_build_warns_of_the_missing_organisation_and_the_unnamed_leaver(cycle):
    _, result = cycle
    warnings = [str(p) for p in result.outputs.problems if p.severity == "warning"]
    assert any(w.startswith("data/raw/e-helse/2020-07: warning: Helse Nord RHF sent no submission for 2020-07; its 3 "
                            "project(s) are carried forward from 2020-04") for w in warnings), warnings
    assert any("Helse Vest portfolio report juni 2020.csv: warning: 1 project(s) of Helse Vest RHF in 2020-04 are "
               "neither in its submission for 2020-07 nor in a leavers table" in w and "187 Digital patologi" in w
               for w in warnings), warnings


def test_checklist_names_who_sent_and_who_did_not(cycle):
    data, _ = cycle
    table = pa.load_submissions("e-helse", data)
    july = table[table.report_period == "2020-07"].set_index("actor")
    assert not july.loc[JULY_MISSING, "sent"] and july.loc[JULY_MISSING, "carried_forward"] == 3
    assert july.loc["Helse Vest RHF", "gone_missing"] == 1 and july.loc["Helse Sør-Øst RHF", "left_named"] == 1
    assert july["sent"].sum() == 9
    code, out, err = run("submissions", "--portfolio", "e-helse", "--period", "2020-07", "--data-dir", str(data))
    assert code == 0, err
    assert "e-helse 2020-07: 9 of 10 organisations sent a submission" in out
    line = next(line for line in out.splitlines() if line.lstrip().startswith(JULY_MISSING))
    assert "NOT SENT" in line and " 3 " in line


def test_two_submissions_claiming_one_project_name_both_files(tmp_path):
    data = tmp_path / "data"
    april = e_helse_with_split_april(data)
    (april / "kopi.tsv").write_text("ID\tProsjektnavn\tAnsvarlig virksomhet\tStatus\tRisiko\tBudsjett 2020\n"
                                    "11\tEPJ-løftet\tDirektoratet for e-helse\tGul\tGul\t32\n", encoding="utf-8")
    with pytest.raises(pa.InputError) as raised:
        pa.build("e-helse", data)
    lines = [str(p) for p in raised.value.problems if p.severity == "error"]
    assert any("project id 11 appears in two submissions" in line and "kopi.tsv row 2" in line
               and "Direktoratet for e-helse.xlsx row 4" in line for line in lines), lines


def test_folder_without_a_readable_submission_lists_what_each_file_was(tmp_path):
    data = tmp_path / "data"
    april = e_helse_with_split_april(data)
    for path in april.iterdir():
        if path.name not in ("period.yml", "tabell1_nye_prosjekter.tsv", "tabell2_prosjekter_ut.tsv"):
            path.unlink()
    (april / "notat.txt").write_text("Hei, vi sender tallene neste uke.\n", encoding="utf-8")
    with pytest.raises(pa.InputError) as raised:
        pa.build("e-helse", data)
    error = next(str(p) for p in raised.value.problems if "no readable submission" in p.message)
    assert error.startswith("data/raw/e-helse/2020-04: error: the period has no readable submission")
    listing = next(p.value for p in raised.value.problems if "no readable submission" in p.message)
    assert "notat.txt: no header row" in listing and "tabell2_prosjekter_ut.tsv: its header names every column of the leavers table; its name fits" in listing


def test_unreadable_file_is_an_error_and_the_others_are_still_checked(tmp_path):
    data = tmp_path / "data"
    april = e_helse_with_split_april(data)
    (april / "NHN mars 2020.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    hdir = april / "hdir_2020_03.csv"
    hdir.write_bytes(hdir.read_bytes().replace(b";Gul;", b";Bl\xe5;", 1))
    before = {p.name for p in (data / "processed").glob("*")} if (data / "processed").exists() else set()
    code, _, err = run("build", "--portfolio", "e-helse", "--data-dir", str(data))
    assert code == 1
    assert "NHN mars 2020.xlsx: error: not a readable Excel workbook" in err
    assert "hdir_2020_03.csv:2: error: unknown risk label; column 'Risiko'; value 'Blå'" in err
    assert not (data / "processed" / "e-helse" / "projects.parquet").exists() and not before


def test_a_row_naming_another_organisation_is_a_warning(tmp_path):
    data = tmp_path / "data"
    april = e_helse_with_split_april(data)
    path = april / "KS_03_2020.tsv"
    extra = [["999", "Testprosjekt (testdata)", "Helse Vest RHF"], ["998", "Testprosjekt 2 (testdata)", "KS"],
             ["997", "Testprosjekt 3 (testdata)", "KS"]]
    path.write_text(path.read_text(encoding="utf-8") + "".join(
        "\t".join(["4.1 Mobilisere innbyggeren som ressurs", *row, "", "Gul", "Gul", "1"]) + "\n" for row in extra),
        encoding="utf-8")
    result = pa.build("e-helse", data)
    warnings = [str(p) for p in result.outputs.problems if p.severity == "warning"]
    assert any(w.startswith("data/raw/e-helse/2020-04/KS_03_2020.tsv:3: warning: the row names Helse Vest RHF while "
                            "the rest of the file names KS") for w in warnings), warnings


def test_period_yml_unknown_key_is_a_warning_with_a_suggestion(tmp_path):
    data = tmp_path / "data"
    april = e_helse_with_split_april(data)
    text = (april / "period.yml").read_text(encoding="utf-8")
    (april / "period.yml").write_text(text.replace("not_reported:", "not_reportd:"), encoding="utf-8")
    result = pa.build("e-helse", data)
    warnings = [str(p) for p in result.outputs.problems if p.severity == "warning"]
    assert any("period.yml: warning: unknown key in period.yml, ignored; column 'not_reportd'" in w
               and "'not_reported'?" in w for w in warnings), warnings


def test_not_reported_by_organisation(tmp_path):
    data = tmp_path / "data"
    april = e_helse_with_split_april(data)
    with open(april / "period.yml", "a", encoding="utf-8") as handle:
        handle.write("ignored_files: ['*.pdf']\n")
    text = (april / "period.yml").read_text(encoding="utf-8")
    (april / "period.yml").write_text(text.replace("  project_ids: [83, 101]", "  project_ids: [83, 101]\n"
                                                   "  organisations: [KS]"), encoding="utf-8")
    pa.build("e-helse", data)
    panel = pa.load_panel("e-helse", data)
    ks = panel[(panel.report_period == "2020-04") & (panel.actor == "KS")]
    assert list(ks["is_reported"]) == [False] and list(ks["carried_from"]) == ["2020-01"]


def test_owner_lock_and_temporary_files_beside_the_lists_are_named_and_not_used(tmp_path, panel):
    """Excel's owner file (with the workbook's name less its first two letters, as Excel names it),
    LibreOffice's lock file, editor backups and folder files beside April's own lists: the period builds to
    the same panel, and each such file is one warning saying what it is."""
    data = tmp_path / "data"
    april = e_helse_with_split_april(data)
    owner = bytes([3]) + b"Ola".ljust(53) + bytes([3, 0]) + "Ola".encode("utf-16-le").ljust(108, b"\0")
    others = {"~$rektoratet for e-helse.xlsx": owner, ".~lock.Direktoratet for e-helse.xlsx#": b",Ola,host,01.04;",
              "KS_03_2020.tsv~": b"ID\tProsjektnavn\n", "#KS_03_2020.tsv#": b"ID\n", ".#KS_03_2020.tsv": b"",
              "excel123.tmp": b"\0\1", ".DS_Store": b"\0\0\0\1Bud1", "Thumbs.db": b"\xd0\xcf\x11\xe0", "desktop.ini": b""}
    for name, content in others.items():
        (april / name).write_bytes(content)
    code, _, err = run("build", "--portfolio", "e-helse", "--data-dir", str(data))
    assert code == 0, err
    ordered = [frame[VALUES].sort_values(["report_period", "project_id"]).reset_index(drop=True)
               for frame in (pa.load_panel("e-helse", data), panel)]
    pd.testing.assert_frame_equal(*ordered)
    editor, system = "a temporary or backup file of an editor", "a file the operating system keeps about the folder"
    open_list = "; the list itself may be open and not yet saved"
    expected = {"~$rektoratet for e-helse.xlsx": "Excel's owner file of an open workbook" + open_list,
                ".~lock.Direktoratet for e-helse.xlsx#": "LibreOffice's lock file of an open document" + open_list,
                "KS_03_2020.tsv~": editor, "#KS_03_2020.tsv#": editor, ".#KS_03_2020.tsv": editor,
                "excel123.tmp": editor, ".DS_Store": system, "Thumbs.db": system, "desktop.ini": system}
    warned = [line for line in err.splitlines() if ": warning: file not used: " in line]
    assert sorted(warned) == sorted(f"data/raw/e-helse/2020-04/{name}: warning: file not used: {reason}"
                                    for name, reason in expected.items())



def test_an_owner_file_coming_and_going_does_not_rebuild(tmp_path):
    """Opening a list in Excel puts an owner file beside it; the data did not change, so the build is up to date."""
    data = tmp_path / "data"
    april = e_helse_with_split_april(data)
    assert run("build", "--portfolio", "e-helse", "--data-dir", str(data))[0] == 0
    (april / "~$rektoratet for e-helse.xlsx").write_bytes(b"\3Ola")
    code, out, _ = run("build", "--portfolio", "e-helse", "--data-dir", str(data))
    assert code == 0 and "is up to date" in out
    (april / "KS_03_2020.tsv").write_text((april / "KS_03_2020.tsv").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, out, _ = run("build", "--portfolio", "e-helse", "--data-dir", str(data))
    assert code == 0 and "is up to date" not in out


def test_a_carried_rating_reads_on_the_coarser_scale_of_the_period_it_is_carried_into(bundled_raw):
    """An organisation that sends nothing for a period rated on three points: its project's Amber/Green of the
    period before is carried as Amber (maps/scale_mappings.csv), its budget for another year as unknown, and its
    facts count the project as carried forward."""
    profile = replace(load_profile(bundled_raw, "uk-gmpp"), intake="submissions", money="budget")
    folder = bundled_raw / "raw" / "uk-gmpp"
    periods = [PeriodSpec("2021-03", folder / "2021-03"), PeriodSpec("2022-03", folder / "2022-03", rating_scale="dca3-en")]
    scales = {"2021-03": rating_scale("dca5-en"), "2022-03": rating_scale("dca3-en")}
    ratings = pd.CategoricalDtype(scales["2021-03"].labels)
    panel = pd.DataFrame({
        "report_period": ["2021-03", "2021-03", "2022-03"], "project_id": ["DFT_0001", "HO_0002", "HO_0002"],
        "project_name": ["Rail", "Passports", "Passports"], "actor": ["DFT", "HO", "HO"],
        "status": pd.Series(["Amber/Green", "Green", "Green"], dtype=ratings), "risk": pd.NA,
        "budget_mnok": pd.array([12.5, 3.0, 3.0], dtype="Float64"),
        "budget": pd.array([12.5, 3.0, 3.0], dtype="Float64"),
        "whole_life_cost": pd.array([400.0, 90.0, 90.0], dtype="Float64"),
        "budget_year": pd.array([2021, 2021, 2022], dtype="Int64"),
        "is_reported": pd.array([pd.NA] * 3, dtype="boolean"),
        "budget_is_reported": pd.array([pd.NA] * 3, dtype="boolean"),
        "source_file": ["2021.csv", "2021.csv", "2022.csv"], "source_row": [2, 3, 2]}).astype({"report_period": "string"})
    changes = pd.DataFrame(columns=["report_period", "change", "project_id", "project_name"])

    result = carry_forward(panel, periods, changes, profile, scales, {"2021-03": "2021-03", "2022-03": "2022-03"})

    carried = result.panel[(result.panel.report_period == "2022-03") & (result.panel.actor == "DFT")].iloc[0]
    assert carried["status"] == "Amber" and carried["carried_from"] == "2021-03" and not carried["is_reported"]
    assert pd.isna(carried["budget_mnok"]) and pd.isna(carried["budget"]) and carried["budget_year"] == 2022
    assert carried["whole_life_cost"] == 400.0  # a whole-life cost is no year's figure: carried as it was
    assert any("carried_budget_other_year: the 2021 budget is not carried into 2022-03" in p.message
               for p in result.problems)
    facts = result.facts[result.facts.report_period == "2022-03"].set_index("actor")
    assert not facts.loc["DFT", "sent"] and facts.loc["DFT", "carried_forward"] == 1
