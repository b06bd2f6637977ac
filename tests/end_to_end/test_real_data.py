"""The April 2020 report's figures, rebuilt from data/raw (see shared/DOMAIN.md)."""

import pandas as pd

import portfolio_analysis as pa

APRIL, JANUARY = "2020-04", "2020-01"


def period_rows(panel, period):
    return panel[panel["report_period"] == period]


def test_april_has_52_projects_and_january_54(panel):
    assert len(period_rows(panel, APRIL)) == 52
    assert len(period_rows(panel, JANUARY)) == 54
    assert not panel.duplicated(["report_period", "project_id"]).any()


def test_april_status_counts_and_yellow_share_as_published(panel):
    status = period_rows(panel, APRIL)["status"]
    assert status.value_counts().to_dict() == {"Gul": 31, "Grønn": 18, "Rød": 2}
    assert status.isna().sum() == 1
    assert round(100 * 31 / 52) == 60  # the report's "60 %"
    assert list(status.cat.categories) == ["Grønn", "Gul", "Rød"] and status.cat.ordered


def test_april_risk_counts_and_yellow_share_as_published(panel):
    risk = period_rows(panel, APRIL)["risk"]
    assert risk.value_counts().to_dict() == {"Gul": 34, "Grønn": 14, "Rød": 3}
    assert risk.isna().sum() == 1
    assert round(100 * 34 / 52) == 65


def test_blank_status_and_risk_are_not_reported_never_green(panel):
    april = period_rows(panel, APRIL).set_index("project_id")
    assert pd.isna(april.loc[131, "status"]) and april.loc[131, "risk"] == "Grønn"
    assert pd.isna(april.loc[164, "risk"]) and april.loc[164, "status"] == "Gul"


def test_red_lists(panel):
    april = period_rows(panel, APRIL)
    assert set(april.loc[april["status"] == "Rød", "project_id"]) == {160, 163}
    assert set(april.loc[april["risk"] == "Rød", "project_id"]) == {160, 132, 101}


def test_ten_canonical_organisations_with_their_project_counts(panel):
    counts = period_rows(panel, APRIL)["actor"].value_counts()
    assert len(counts) == 10
    assert counts["Helsedirektoratet"] == 15
    assert counts["Direktoratet for e-helse"] == 10
    assert counts.to_dict() == {
        "Helsedirektoratet": 15, "Direktoratet for e-helse": 10, "Helse Sør-Øst RHF": 7, "Helse Midt-Norge RHF": 5,
        "Folkehelseinstituttet": 4, "Helse Vest RHF": 4, "Helse Nord RHF": 3, "Oslo kommune": 2, "KS": 1,
        "Norsk Helsenett": 1}


def test_organisation_groups(panel):
    groups = period_rows(panel, APRIL).groupby("actor_group")["project_id"].count().to_dict()
    assert groups == {"helseforvaltning": 15 + 10 + 4 + 1, "regionale helseforetak": 7 + 5 + 4 + 3, "andre": 2 + 1}


def test_budget_sum_of_rows_beside_published_total(real_data, panel):
    april = period_rows(panel, APRIL)
    assert april["budget_mnok"].sum() == 1571
    assert april["budget_mnok"].isna().sum() == 0
    assert set(april.loc[april["budget_mnok"] == 0, "project_id"]) == {60, 112, 124, 164, 167, 168, 170, 172, 188}
    periods = pa.load_periods("e-helse", real_data).set_index("report_period")
    assert periods.loc[APRIL, "published_budget_mnok"] == 1560
    assert periods.loc[JANUARY, "published_budget_mnok"] == 1650
    assert periods.loc[APRIL, "as_of"] == pd.Timestamp("2020-03-20")


def test_january_values_are_unknown_not_invented(real_data, panel):
    january = period_rows(panel, JANUARY)
    assert january[["status", "risk", "budget_mnok", "is_reported", "budget_is_reported"]].isna().all().all()
    periods = pa.load_periods("e-helse", real_data).set_index("report_period")
    assert not periods.loc[JANUARY, "project_values_published"]
    assert periods.loc[JANUARY, "published_status_yellow_share"] == 0.56
    assert periods.loc[JANUARY, "published_projects"] == 54


def test_who_did_not_report_as_far_as_the_text_says(panel):
    april = period_rows(panel, APRIL).set_index("project_id")
    assert set(april.index[april["is_reported"].eq(False)]) == {83, 101}
    # "de fleste prosjektene til Helse Nord": which of the other two is not said
    assert set(april.index[april["is_reported"].isna()]) == {167, 168}
    assert april["is_reported"].sum() == 48
    # Helse Nord's zeros mean "not reported"; Robust Mobilt Helsenett's 1 million is reported
    assert set(april.index[april["budget_is_reported"].eq(False)]) == {167, 168}
    assert april.loc[101, "budget_mnok"] == 1


def test_focus_area_split_and_hyphenation(panel):
    april = period_rows(panel, APRIL).set_index("project_id")
    assert april.loc[11, "focus_area_code"] == "1.1"
    assert april.loc[11, "focus_area_name"] == "Modernisere journal- og samhandlingsløsninger"
    assert april.loc[11, "strategic_area"] == 1
    assert april.loc[11, "strategic_area_name"] == "Digitalisering av arbeidsprosesser"
    assert april.loc[124, "focus_area_name"] == "Sikre planlegging og kontinuitet i ansvarsoverganger"
    assert april.loc[188, "project_name"] == "Neste generasjon nød- og beredskapskommunikasjon"
    assert period_rows(panel, APRIL)["strategic_area"].value_counts().sort_index().to_dict() == {
        1: 15, 2: 9, 3: 11, 4: 10, 5: 6, 6: 1}


def test_owner_placeholder_is_blank_and_multi_owner_kept(panel):
    april = period_rows(panel, APRIL).set_index("project_id")
    assert pd.isna(april.loc[83, "owner"])
    assert april.loc[102, "owner"] == "Helga Festøy, SLV Bjørn-Einar Kolstad, HMN RHF"


def test_reported_joiners_and_leavers(real_data):
    changes = pa.load_reported_changes("e-helse", real_data)
    joined = changes[changes["change"] == "joined"].set_index("project_id")
    left = changes[changes["change"] == "left"].set_index("project_id")
    assert list(joined.index) == [131]
    assert joined.loc[131, "budget_mnok"] == 7 and joined.loc[131, "actor"] == "Norsk Helsenett"
    assert left["destination"].to_dict() == {142: "Pauset", 143: "Forvaltning", 183: "Pauset"}
    assert left.loc[143, "actor"] == "Helse Sør-Øst RHF"


def test_quality_log_records_every_quirk(real_data):
    log = pa.load_quality_log("e-helse", real_data)
    vedlegg = log[log["source_file"].str.endswith("vedlegg1_prosjektliste.tsv")]
    dropped = vedlegg[vedlegg["action"] == "dropped"]
    assert sorted(zip(dropped["source_row"], dropped["rule"])) == [
        (26, "empty_line"), (27, "page_footer"), (28, "empty_line")]
    assert dropped.loc[dropped["rule"] == "page_footer", "raw_value"].item() == "Nasjonal e-helseportefølje April 2020"
    changed = vedlegg[vedlegg["action"] == "changed"]
    assert set(changed["rule"]) == {"organisation_alias", "pdf_hyphenation", "blank_placeholder"}
    assert (changed["rule"] == "pdf_hyphenation").sum() == 7
    aliases = log[log["rule"] == "organisation_alias"]
    assert set(zip(aliases["raw_value"], aliases["clean_value"])) == {
        ("Oslo Kommune", "Oslo kommune"), ("Helse Sør-Øst", "Helse Sør-Øst RHF")}
    notes = vedlegg[vedlegg["action"] == "note"]
    assert set(notes["rule"].str.split(":").str[0]) == {
        "blank_status", "blank_risk", "owner_lists_several", "not_reported", "zero_budget_not_reported"}


def test_every_raw_data_line_is_accounted_for(real_data):
    """Rows in the processed tables plus lines logged as dropped = data lines of the raw table files."""
    raw_files = [p for p in (real_data / "raw" / "e-helse").rglob("*.tsv")]
    data_lines = sum(len(p.read_text(encoding="utf-8").splitlines()) - 1 for p in raw_files)
    rows = len(pa.load_panel("e-helse", real_data)) + len(pa.load_reported_changes("e-helse", real_data))
    dropped = (pa.load_quality_log("e-helse", real_data)["action"] == "dropped").sum()
    assert data_lines == 55 + 1 + 3 + 54
    assert rows + dropped == data_lines
