"""Whether a project id names one project (identity.py): the warnings and notes `build` gives for an id reused for
another project, two projects trading ids, one name under two ids, and a rename; the matching stays by id."""

import unicodedata

import pandas as pd

import portfolio_analysis as pa
from portfolio_analysis.cli.main import main
from portfolio_analysis.clean.identity import name_words, similarity
from portfolio_analysis.intake.matching import match_projects

from conftest import MINI_PROFILE, write_projects

HEADER = "ID\tProsjektnavn\tAnsvarlig virksomhet\tStatus\tRisiko\tBudsjett 2020\n"
OCTOBER = "raw/mini/2020-10/prosjektliste.tsv"
JANUARY = "raw/mini/2021-01/prosjektliste.tsv"


def rows(*projects) -> str:
    """(id, name) pairs as a project list of KS's, one line each (line 2 onwards)."""
    return HEADER + "".join(f"{pid}\t{name}\tKS\tGul\tGrønn\t5\n" for pid, name in projects)


def build(data, capsys, *periods):
    """``periods``: (period, project list text), oldest first; returns exit code and the problem lines printed."""
    for period, text in periods:
        write_projects(data, text, period=period)
    code = main(["build", "--portfolio", "mini", "--data-dir", str(data), "--force"])
    err = capsys.readouterr().err
    return code, [line.replace(str(data.parent) + "/", "") for line in err.splitlines() if ": warning: " in line
            and "re-sent?" not in line]  # these lists keep every rating as it was: the re-sent check (intake/stale.py) warns too


def log_rows(data, action):
    log = pa.load_quality_log("mini", data)
    return log[log["action"] == action]


def test_an_id_reused_for_another_project_is_a_warning_naming_the_id_both_names_and_both_periods(mini, capsys):
    code, warnings = build(mini, capsys, ("2020-10", rows((1, "Alpha"), (2, "Nasjonal kjernejournal"))),
                           ("2021-01", rows((1, "Alpha"), (2, "Videokonsultasjon"))))
    assert code == 0
    assert warnings == [
        f"data/{JANUARY}:3: warning: project id 2 is named 'Videokonsultasjon' in 2021-01 but was 'Nasjonal "
        f"kjernejournal' in 2020-10 (data/{OCTOBER}:3); the names share 0 of 3 words (similarity 0.00, below 0.33): "
        "is the id reused for another project? Matched by id, as one project's history; column 'Prosjektnavn'; "
        "value 'Videokonsultasjon'; expected one project under an id in every period (a new project under a new id)"]
    logged = log_rows(mini, "warning")
    assert logged[["report_period", "source_row", "column", "raw_value"]].values.tolist() == [
        ["2021-01", 3, "project_name", "Videokonsultasjon"]]
    panel = pa.load_panel("mini", mini)
    assert panel.loc[panel["project_id"] == 2, "project_name"].tolist() == ["Nasjonal kjernejournal", "Videokonsultasjon"]
    before, after = (panel[panel["report_period"] == p].reset_index(drop=True) for p in ("2020-10", "2021-01"))
    assert match_projects(before, after) == {0: (0, "id"), 1: (1, "id")}  # still matched by id


def test_two_projects_trading_ids_are_one_warning_naming_both_and_both_ids(mini, capsys):
    code, warnings = build(mini, capsys, ("2020-10", rows((3, "Pasientportal"), (4, "Legemiddelliste"), (5, "Alpha"))),
                           ("2021-01", rows((3, "Legemiddelliste"), (4, "Pasientportal"), (5, "Alpha"))))
    assert code == 0
    assert warnings == [
        f"data/{JANUARY}:2: warning: two projects trade ids from 2020-10 to 2021-01: 'Pasientportal' is 3 in 2020-10 "
        "and 4 in 2021-01 (row 3), 'Legemiddelliste' is 4 in 2020-10 and 3 in 2021-01; matched by id, so each id's "
        "history continues the other project; column 'ID'; value '3'; expected each project under the same id in "
        "every period"]
    assert len(log_rows(mini, "warning")) == 1
    panel = pa.load_panel("mini", mini)
    before, after = (panel[panel["report_period"] == p].reset_index(drop=True) for p in ("2020-10", "2021-01"))
    assert match_projects(before, after) == {0: (0, "id"), 1: (1, "id"), 2: (2, "id")}


def test_one_name_under_two_ids_in_a_period_is_a_warning_naming_both_ids_and_rows_once(mini, capsys):
    """Told for the first period it occurs in; `validate` of the file tells it too."""
    both = rows((5, "E-resept"), (6, "e-resept."), (7, "Alpha"))
    code, warnings = build(mini, capsys, ("2020-10", both), ("2021-01", both))
    assert code == 0
    assert warnings == [
        f"data/{OCTOBER}:2: warning: one name under 2 project ids in 2020-10: 5 (row 2), 6 (row 3); one project "
        "counted twice?; also in 1 later period(s); column 'Prosjektnavn'; value 'E-resept'; expected each project "
        "once per period, under one id"]
    assert main(["validate", str(mini / JANUARY), "--portfolio", "mini", "--data-dir", str(mini)]) == 0
    assert "warning: one name under 2 project ids in 2021-01: 5 (row 2), 6 (row 3)" in capsys.readouterr().err
    assert pa.load_panel("mini", mini)["project_id"].tolist() == [5, 6, 7, 5, 6, 7]  # both kept, as written


def test_a_rename_that_keeps_most_words_is_a_note_and_a_change_of_case_or_punctuation_is_nothing(mini, capsys):
    """A name spelt almost the same (a typo mended) is a rename too, though its one word changed."""
    code, warnings = build(mini, capsys,
                           ("2020-10", rows((1, "Felles journalløsning"), (2, "Beta-prosjektet"), (3, "Martlett"))),
                           ("2021-01", rows((1, "Felles journalløsning fase 2"), (2, "BETA prosjektet."), (3, "Martlet"))))
    assert (code, warnings) == (0, [])
    notes = log_rows(mini, "note")
    assert notes[["report_period", "source_row", "column", "raw_value"]].values.tolist() == [
        ["2021-01", 2, "project_name", "Felles journalløsning fase 2"], ["2021-01", 4, "project_name", "Martlet"]]
    assert notes["rule"].tolist() == [
        f"project_renamed: project id 1 was 'Felles journalløsning' in 2020-10 (data/{OCTOBER}:2); the names share "
        "2 of 4 words (similarity 0.50); matched by id",
        f"project_renamed: project id 3 was 'Martlett' in 2020-10 (data/{OCTOBER}:4); the names share 0 of 2 words "
        "(similarity 0.00), spelt alike (0.93); matched by id"]


def test_an_id_back_after_a_pause_is_compared_with_its_last_name(mini, capsys):
    code, warnings = build(mini, capsys, ("2020-07", rows((1, "Alpha"), (2, "Nasjonal kjernejournal"))),
                           ("2020-10", rows((1, "Alpha"))),
                           ("2021-01", rows((1, "Alpha"), (2, "Videokonsultasjon"))))
    assert code == 0
    assert [line.split(": warning: ")[1] for line in warnings if "project id 2" in line][0].startswith(
        "project id 2 is named 'Videokonsultasjon' in 2021-01 but was 'Nasjonal kjernejournal' in 2020-07 (")


def test_in_a_published_list_a_clearly_different_name_is_a_note(mini, capsys):
    """The publisher's ids are its own register (the UK GMPP renames projects outright under them)."""
    (mini / "raw" / "mini" / "portfolio.yml").write_text(MINI_PROFILE + "intake: published_list\n", encoding="utf-8")
    code, warnings = build(mini, capsys, ("2020-10", rows((1, "Alpha"), (2, "Digital Identity"))),
                           ("2021-01", rows((1, "Alpha"), (2, "GOV.UK One Login"))))
    assert (code, warnings) == (0, [])
    assert log_rows(mini, "note")["rule"].str.startswith(
        "project_renamed: project id 2 was 'Digital Identity' in 2020-10").tolist() == [True]


def test_names_are_compared_as_words_casefolded_nfc_letters_and_digits_apart():
    decomposed = unicodedata.normalize("NFD", "Språkstøtte Å")
    assert name_words(decomposed) == name_words("SPRÅKSTØTTE å") == {"språkstøtte", "å"}
    assert name_words("HS2 Phase1") == name_words("hs2 phase 1") == {"hs", "2", "phase", "1"}
    assert similarity(name_words("Armed Forces Recruitment Project"),
                      name_words("Armed Forces Recruitment Programme")) == 3 / 5
    assert similarity(name_words("Digital Identity"), name_words("GOV.UK One Login")) == 0


def test_the_real_data_give_no_identity_warning(real_data):
    """e-helse 2020-01 and 2020-04 and the ten GMPP years: the GMPP's renames are notes, never warnings."""
    for portfolio in ("e-helse", "uk-gmpp"):
        log = pa.load_quality_log(portfolio, real_data)
        renames = log[log["rule"].str.startswith("project_renamed")]
        warnings = log[(log["action"] == "warning") & log["rule"].str.contains("project id|trade ids|one name under")]
        assert warnings.empty, warnings
        assert len(renames) == (0 if portfolio == "e-helse" else 42), renames["rule"].tolist()
    assert renames["rule"].str.contains(r"\(data/raw/uk-gmpp/\d{4}-\d\d/uk_\d{4}\.csv \(column \d+\)\)").all()


def test_the_rule_works_per_distinct_name_on_a_large_panel():
    """40 periods of 2 000 projects, one renamed: one note, quickly."""
    import time

    from portfolio_analysis.clean.identity import check_names_across_periods

    periods = [f"{2000 + i // 4}-{1 + 3 * (i % 4):02d}" for i in range(40)]
    panel = pd.DataFrame({"report_period": [p for p in periods for _ in range(2000)],
                          "project_id": pd.array(list(range(2000)) * 40, dtype="Int64"),
                          "project_name": [f"Prosjekt {i}" for i in range(2000)] * 40,
                          "source_file": "f.tsv", "source_row": list(range(2, 2002)) * 40})
    panel.loc[panel.index[-1], "project_name"] = "Prosjekt 1999 fase 2"
    start = time.perf_counter()
    found = check_names_across_periods(panel, "submissions")
    assert [p.severity for p in found] == ["note"]
    assert time.perf_counter() - start < 1.0
