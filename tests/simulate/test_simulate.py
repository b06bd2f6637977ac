"""Round trips through synthetic portfolios: what the simulator writes, the build must read back as its truth.

All data here are synthetic (portfolio_analysis.simulate): invented projects in every raw format and with
the quirks the cleaning must mend.
"""

import csv
import fnmatch
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook
from pandas.testing import assert_frame_equal

import portfolio_analysis as pa
from portfolio_analysis.settings.profile import load_profile
from portfolio_analysis.simulate import JOINERS_FILE, LEAVERS_FILE, P_SKIP, Simulation, simulate_portfolio
from portfolio_analysis.simulate.dynamics import draw_listed, draw_skips, project_attributes, simulate_presence

SCENARIOS = {
    "seed0-all-formats": dict(seed=0),
    "seed1-all-formats": dict(seed=1),
    "seed2-no-budgets-in-period-2": dict(seed=2, all_budgets_missing_period=2),
    "seed7-xlsx-and-semicolon-6-periods": dict(seed=7, periods=6, formats=("xlsx", "csv-semicolon-cp1252")),
    "seed3-no-quirks": dict(seed=3, quirks=False),
    "seed4-no-change-tables": dict(seed=4, periods=3, change_tables=False, formats=("tsv",)),
    "seed0-per-organisation-6-periods": dict(seed=0, periods=6, projects=25, submissions="per_organisation"),
    "seed5-transposed": dict(seed=5, periods=5, layout="transposed"),
    "seed6-transposed-per-organisation": dict(seed=6, periods=5, projects=25, layout="transposed",
                                              submissions="per_organisation"),
}
FAST_SCENARIOS = ("seed0-all-formats", "seed0-per-organisation-6-periods", "seed5-transposed")  # others: slow
KEY = ["report_period", "project_id"]


@dataclass
class Built:
    settings: dict
    sim: Simulation
    panel: pd.DataFrame
    changes: pd.DataFrame
    log: pd.DataFrame
    periods: pd.DataFrame


@pytest.fixture(scope="module", params=[pytest.param(name, marks=[] if name in FAST_SCENARIOS else [pytest.mark.slow])
                                        for name in SCENARIOS], ids=list(SCENARIOS))
def built(request, tmp_path_factory) -> Built:
    data = tmp_path_factory.mktemp(request.param) / "data"
    settings = SCENARIOS[request.param]
    sim = simulate_portfolio(data, **settings)
    pa.build(sim.portfolio, data)
    return Built(settings, sim, pa.load_panel(sim.portfolio, data), pa.load_reported_changes(sim.portfolio, data),
                 pa.load_quality_log(sim.portfolio, data), pa.load_periods(sim.portfolio, data))


def comparable(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Values only, sorted by key: every kind of missing (None, NaN, NA) the same."""
    out = frame[columns].sort_values(KEY, kind="stable").reset_index(drop=True).astype(object)
    return out.where(out.notna(), None)


def carried_forward(sim: Simulation) -> pd.Series:
    """Per truth row: carried forward, in no file of its period (carried_from set, not in period.yml's
    not_reported list)."""
    folder = sim.data_dir / "raw" / sim.portfolio
    listed = {(key, i) for key in sim.periods
              for i in yaml.safe_load((folder / key / "period.yml").read_text(encoding="utf-8"))["not_reported"]
              ["project_ids"]}
    truth = sim.truth
    return pd.Series([origin is not None and (key, i) not in listed for origin, key, i in
                      zip(truth["carried_from"], truth["report_period"], truth["project_id"])], index=truth.index)


def test_panel_equals_the_truth_on_every_column(built):
    columns = list(built.sim.truth.columns)
    assert {"report_period", "project_id", "project_name", "actor", "actor_group", "strategic_area", "status",
            "risk", "budget_mnok", "is_reported"} <= set(columns)
    assert len(built.panel) == len(built.sim.truth)
    assert_frame_equal(comparable(built.panel, columns), comparable(built.sim.truth, columns))


def test_truth_holds_only_clean_values(built):
    truth = built.sim.truth
    assert set(truth["status"].dropna()) | set(truth["risk"].dropna()) <= {"Grønn", "Gul", "Rød"}
    assert set(truth["actor_group"]) <= {"helseforvaltning", "regionale helseforetak", "andre"}
    assert truth["actor"].str.startswith(("Simulert", "Helse Simulert")).all()
    assert not truth.duplicated(KEY).any()
    assert (truth["budget_mnok"].dropna() >= 0).all()


def test_reported_joiners_and_leavers_are_the_moves_between_periods(built):
    sim, changes = built.sim, built.changes
    if not built.settings.get("change_tables", True):
        assert changes.empty
        return
    columns = ["report_period", "change", "project_id", "destination"]
    ordered = ["report_period", "change", "project_id"]
    # the tables report every joiner and the leavers they name (a leaver left out has no destination)
    listed = sim.events[(sim.events["change"] == "joined") | sim.events["destination"].notna()]
    expected = listed[columns].sort_values(ordered).reset_index(drop=True).astype(object)
    got = changes[columns].sort_values(ordered).reset_index(drop=True).astype(object)
    assert_frame_equal(got.where(got.notna(), None), expected.where(expected.notna(), None))
    # every move really happened in the panel
    present = set(zip(built.panel["report_period"], built.panel["project_id"]))
    previous = dict(zip(sim.periods[1:], sim.periods[:-1]))
    for row in changes.itertuples():
        here_now = (row.report_period, row.project_id) in present
        here_before = (previous[row.report_period], row.project_id) in present
        assert (here_now, here_before) == ((True, False) if row.change == "joined" else (False, True))
    # names, organisations and joiners' budgets as in the project lists
    truth = sim.truth.set_index(KEY)
    for row in changes.itertuples():
        period = row.report_period if row.change == "joined" else previous[row.report_period]
        listed = truth.loc[(period, row.project_id)]
        assert (row.project_name, row.actor) == (listed["project_name"], listed["actor"])
        if row.change == "joined":
            budgets = row.budget_mnok, listed["budget_mnok"]
            assert (pd.isna(budgets[0]) and pd.isna(budgets[1])) or budgets[0] == budgets[1]


def test_every_written_line_is_a_panel_row_or_a_logged_drop(built):
    log, sim = built.log, built.sim
    dropped = (log["action"] == "dropped") & ~log["source_file"].str.contains("nye_prosjekter|prosjekter_ut")
    from_files = len(built.panel) - int(carried_forward(sim).sum())
    assert from_files + int(dropped.sum()) == sim.raw_data_lines
    files = sim.submitted.dropna(subset=["file"]).drop_duplicates(["report_period", "file"])
    assert int(dropped.sum()) == (2 * len(files) if built.settings.get("quirks", True) else 0)
    # warnings only where an expected organisation sent nothing or a leaver is in no leavers table
    warnings = log[log["action"] == "warning"]
    unlisted = (sim.events["change"] == "left") & sim.events["destination"].isna()
    if not ((~sim.submitted["sent"]).any() or unlisted.any()):
        assert warnings.empty, warnings.to_string()
    assert warnings["rule"].str.contains("submission").all(), warnings.to_string()


def test_quirks_are_mended_and_logged(built):
    rules = set(built.log.loc[built.log["action"] == "changed", "rule"])
    if built.settings.get("quirks", True):
        assert {"rating_label", "organisation_alias", "whitespace", "blank_placeholder"} <= rules
        assert built.sim.truth["owner"].isna().any()  # the "(blank)" owners
    else:
        # clean input: only the decimal commas of the semicolon file are read as numbers, dates of every
        # spelling as ISO text of their precision, and the reasons written for a date or cost kept as markers
        changed = built.log[built.log["action"] == "changed"]
        assert rules <= {"number_format", "date_format", "date_reason", "value_marker"}
        assert changed.loc[changed["rule"] == "number_format", "raw_value"].str.contains(",").all()
        assert not built.sim.truth["owner"].isna().any()


def test_the_promised_cases_are_there(built):
    sim, panel = built.sim, built.panel
    # at least one project leaves and comes back under the same id (with at least three periods)
    events = sim.events
    returned = events[events["change"] == "joined"].merge(events[events["change"] == "left"], on="project_id",
                                                          suffixes=("", "_left"))
    returned = returned[returned["report_period"] > returned["report_period_left"]]
    assert len(returned) >= 1
    present = set(zip(panel["report_period"], panel["project_id"]))
    for row in returned.itertuples():
        gone = sim.periods.index(row.report_period_left)
        assert (sim.periods[gone - 1], row.project_id) in present  # there before it left
        assert (row.report_period_left, row.project_id) not in present
        assert (row.report_period, row.project_id) in present  # back, under the same id
    # a blank status in a published period is read as not reported (NA), never green
    assert panel["status"].isna().any()
    # names stay with their id, one rename at most
    assert (sim.truth.groupby("project_id")["project_name"].nunique() > 1).sum() <= 1
    # projects that did not report carry last period's status and risk
    carried = sim.truth[~sim.truth["is_reported"]]
    by_key = sim.truth.set_index(KEY)
    previous = dict(zip(sim.periods[1:], sim.periods[:-1]))
    for row in carried.itertuples():
        before = by_key.loc[(previous[row.report_period], row.project_id)]
        assert (row.status, row.risk) == (before["status"], before["risk"])
    k = built.settings.get("all_budgets_missing_period")
    if k is not None:
        in_k = panel["report_period"] == sim.periods[k]
        assert panel.loc[in_k, "budget_mnok"].isna().all()
        assert panel.loc[~in_k, "budget_mnok"].notna().mean() > 0.9


def test_periods_are_quarterly_synthetic_and_count_their_projects(built):
    sim, periods = built.sim, built.periods
    assert periods["report_period"].tolist() == sim.periods
    months = [int(p[:4]) * 12 + int(p[5:]) for p in sim.periods]
    assert {b - a for a, b in zip(months, months[1:])} <= {3}
    assert periods["title"].str.contains("syntetiske data").all()
    counts = built.panel.groupby("report_period").size()
    assert periods.set_index("report_period")["published_projects"].astype(int).to_dict() == counts.to_dict()
    profile = load_profile(sim.data_dir, sim.portfolio)
    assert profile.synthetic and profile.title == "Syntetisk portefølje (simulerte data)"


@pytest.mark.parametrize("submissions", ["combined", "per_organisation"])
def test_every_written_file_says_the_data_are_synthetic(tmp_path, submissions):
    sim = simulate_portfolio(tmp_path, seed=5, periods=4, submissions=submissions)
    for path in (tmp_path / "raw" / sim.portfolio).rglob("*"):
        if not path.is_file():
            continue
        if path.suffix == ".xlsx":
            sheet = load_workbook(path, read_only=True).worksheets[0]
            text = str(next(sheet.iter_rows(values_only=True))[0])
        else:
            text = path.read_bytes().decode("latin-1")  # the words looked for are ASCII in every encoding
        assert "syntet" in text.casefold() or "simulert" in text.casefold(), path


def files_of(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    first = simulate_portfolio(tmp_path / "a", seed=11)
    again = simulate_portfolio(tmp_path / "b", seed=11)
    other = simulate_portfolio(tmp_path / "c", seed=12)
    files = files_of(tmp_path / "a")
    assert any(name.endswith(".xlsx") for name in files)
    assert files == files_of(tmp_path / "b")
    assert_frame_equal(first.truth, again.truth)
    assert_frame_equal(first.events, again.events)
    others = files_of(tmp_path / "c")
    changed = [name for name in files if name.endswith((".csv", ".tsv", ".xlsx")) and "prosjektliste" in name
               and files[name] != others.get(name)]
    assert len(changed) == len(first.periods)
    assert not first.truth[["project_id", "status", "budget_mnok"]].equals(other.truth[["project_id", "status",
                                                                                         "budget_mnok"]])


def test_settings_it_cannot_honour_are_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown formats"):
        simulate_portfolio(tmp_path, formats=("ods",))
    with pytest.raises(ValueError, match="all_budgets_missing_period"):
        simulate_portfolio(tmp_path, periods=3, all_budgets_missing_period=3)
    with pytest.raises(ValueError, match="unknown submissions"):
        simulate_portfolio(tmp_path, submissions="by_email")
    assert not (tmp_path / "raw").exists()


# --- one file per organisation (submissions="per_organisation"): the files and the truth, without the build ------

PER_ORGANISATION = {
    "seed0": dict(seed=0, periods=6, projects=25),
    "seed1": dict(seed=1, periods=6, projects=25, start="2021-10"),
    "seed2": dict(seed=2, periods=5, projects=15, formats=("xlsx", "csv-semicolon-cp1252", "tsv")),
    "seed3-no-quirks": dict(seed=3, periods=6, projects=25, quirks=False, start="2020-07"),
}
OTHER_TABLES = ("*prosjektliste*", "*nye_prosjekter*", "*prosjekter_ut*")


@pytest.fixture(scope="module", params=list(PER_ORGANISATION), ids=list(PER_ORGANISATION))
def per_organisation(request, tmp_path_factory) -> Simulation:
    data = tmp_path_factory.mktemp(request.param) / "data"
    return simulate_portfolio(data, submissions="per_organisation", **PER_ORGANISATION[request.param])


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """A synthetic table as written, without the package's reader: its header and every row below it."""
    if path.suffix == ".xlsx":
        rows = [["" if cell is None else str(cell) for cell in row]
                for row in load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True)]
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        lines = text.splitlines()
        header_line = next(line for line in lines if "ID" in line.replace(";", "\t").replace(",", "\t").split("\t"))
        delimiter = "\t" if "\t" in header_line else ";" if ";" in header_line else ","
        rows = list(csv.reader(lines, delimiter=delimiter))
    at = next(i for i, row in enumerate(rows) if "ID" in row)
    return rows[at], rows[at + 1:]


def project_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name not in ("period.yml", JOINERS_FILE, LEAVERS_FILE))


def file_ids(path: Path) -> list[int]:
    header, rows = read_table(path)
    column = header.index("ID")
    return [int(row[column]) for row in rows if len(row) > column and row[column].strip().isdigit()]


def same(a, b) -> bool:
    """Equal, with every kind of missing (None, NaN) the same."""
    if pd.isna(a) or pd.isna(b):
        return bool(pd.isna(a) and pd.isna(b))
    return a == b


def assert_truth_follows_the_rule(sim: Simulation) -> tuple[int, int]:
    """Recomputes, from the files alone, every period's panel by the submission rule and compares it with the
    truth and the events. Returns the number of carried rows, and of those carried into another budget year."""
    truth, keys, folder = sim.truth, sim.periods, sim.data_dir / "raw" / sim.portfolio
    organisation = dict(zip(truth["project_id"], truth["actor"]))
    by_period = {key: truth[truth["report_period"] == key].set_index("project_id") for key in keys}
    carried_rows = new_year = 0
    for t, key in enumerate(keys):
        ids = {path.name: file_ids(path) for path in project_files(folder / key)}
        in_file = {i for found in ids.values() for i in found}
        assert sum(len(found) for found in ids.values()) == len(in_file)  # a project is in one file only
        sent = {organisation[i] for i in in_file}
        period = yaml.safe_load((folder / key / "period.yml").read_text(encoding="utf-8"))
        not_reported = set(period["not_reported"]["project_ids"])
        now = by_period[key]
        assert not_reported <= in_file <= set(now.index)
        for i in in_file:
            row = now.loc[i]
            assert bool(row["is_reported"]) == (i not in not_reported)
            assert (row["carried_from"] is None) == (i not in not_reported)
        assert period["published"]["projects"] == len(now)
        moves = sim.events[sim.events["report_period"] == key]
        if t == 0:
            assert set(now.index) == in_file and moves.empty
            continue
        before = by_period[keys[t - 1]]
        leavers = {}
        if (folder / key / LEAVERS_FILE).exists():
            leavers = {int(row[0]): row[3] for row in read_table(folder / key / LEAVERS_FILE)[1]}
        left, carried = {}, set()
        for i in before.index.difference(list(in_file)):
            if organisation[i] not in sent and i not in leavers:
                carried.add(i)
            else:
                left[i] = leavers.get(i)
        assert set(now.index) == in_file | carried
        for i in carried | not_reported:
            row, source = now.loc[i], before.loc[i]
            assert not row["is_reported"]
            # the period the values were last assessed in: t - 1, or, where the row of t - 1 was itself carried
            # (by the rule, or as its period.yml says), that row's
            expected = source["carried_from"] if source["carried_from"] is not None else keys[t - 1]
            assert row["carried_from"] == expected
            for column in ("status", "risk"):
                assert same(row[column], source[column]), (key, i, column)
        for i in carried:  # a copy of the row of t - 1
            row, source = now.loc[i], before.loc[i]
            for column in ("project_name", "actor", "actor_group", "owner", "focus_area_code", "strategic_area"):
                assert same(row[column], source[column]), (key, i, column)
            assert i not in moves["project_id"].tolist()
            if keys[t - 1][:4] == key[:4]:
                assert same(row["budget_mnok"], source["budget_mnok"])
            else:
                assert math.isnan(row["budget_mnok"])  # a budget of another year is not this year's
                new_year += 1
        carried_rows += len(carried)
        gone = moves[moves["change"] == "left"]
        assert dict(zip(gone["project_id"], gone["destination"])) == left
        assert set(moves.loc[moves["change"] == "joined", "project_id"]) == in_file - set(before.index)
    return carried_rows, new_year


def test_per_organisation_truth_follows_the_rule(per_organisation):
    carried, _ = assert_truth_follows_the_rule(per_organisation)
    assert carried >= 1
    assert per_organisation.truth["carried_from"].map(lambda v: v is None or isinstance(v, str)).all()


def test_a_budget_is_not_carried_into_another_budget_year(tmp_path):
    crossed = 0
    for seed in range(4):
        sim = simulate_portfolio(tmp_path / str(seed), seed=seed, periods=3, projects=20, start="2021-10",
                                 formats=("tsv",), submissions="per_organisation")
        crossed += assert_truth_follows_the_rule(sim)[1]  # checks that each such budget is NaN
    assert crossed >= 1


@pytest.mark.parametrize("settings", [dict(seed=s, periods=5, change_tables=False, formats=("tsv",))
                                      for s in (3, 7, 8)] + [dict(seed=0)], ids=lambda s: f"seed{s['seed']}")
def test_combined_truth_follows_the_rule(settings, tmp_path):
    sim = simulate_portfolio(tmp_path, **settings)
    carried, _ = assert_truth_follows_the_rule(sim)
    # with every leaver in the leavers table nothing is carried; without it, an organisation all of whose
    # projects leave sends nothing, and its projects are carried (these seeds have one)
    assert (carried >= 1) == (not settings.get("change_tables", True))
    assert [p.name for p in project_files(tmp_path / "raw" / sim.portfolio / sim.periods[0])][0].startswith(
        "vedlegg1_prosjektliste")
    assert sim.submitted["file"].dropna().str.startswith("vedlegg1_prosjektliste").all()


def test_per_organisation_one_file_per_sending_organisation(per_organisation):
    sim = per_organisation
    folder = sim.data_dir / "raw" / sim.portfolio
    organisation = dict(zip(sim.truth["project_id"], sim.truth["actor"]))
    assert set(sim.submitted.columns) == {"report_period", "actor", "sent", "file"}
    assert (sim.submitted["sent"] == sim.submitted["file"].notna()).all()
    assert not sim.submitted.duplicated(["report_period", "actor"]).any()
    for t, key in enumerate(sim.periods):
        files = project_files(folder / key)
        submitted = sim.submitted[sim.submitted["report_period"] == key]
        assert sorted(p.name for p in files) == sorted(submitted["file"].dropna())
        for path in files:
            assert not any(fnmatch.fnmatch(path.name.casefold(), pattern) for pattern in OTHER_TABLES), path.name
            named = {organisation[i] for i in file_ids(path)}
            assert named == set(submitted.loc[submitted["file"] == path.name, "actor"])  # its own rows only
        expected = set(sim.truth.loc[sim.truth["report_period"] == sim.periods[t - 1], "actor"]) if t else set()
        sending = {organisation[i] for path in files for i in file_ids(path)}
        assert set(submitted["actor"]) == expected | sending
        assert set(submitted.loc[submitted["sent"], "actor"]) == sending
    assert (~sim.submitted["sent"]).any()  # somebody skipped a period


def test_per_organisation_files_mix_formats_and_languages(per_organisation):
    sim = per_organisation
    folder = sim.data_dir / "raw" / sim.portfolio
    files = [p for key in sim.periods for p in project_files(folder / key)]
    assert {p.suffix for p in files} >= {".xlsx", ".tsv", ".csv"}
    texts = [p.read_bytes() for p in files if p.suffix == ".csv"]
    assert any(b"\r\n" in raw and b";" in raw.split(b"\r\n")[1] for raw in texts)  # semicolon, CRLF
    headers = [read_table(p)[0] for p in files]
    assert any("Prosjektnavn" in h for h in headers)
    if {"Simulert helsenett SF", "Helse Simulert Nord RHF"} & set(sim.submitted.loc[sim.submitted["sent"], "actor"]):
        assert any(h[:3] == ["Focus area", "ID", "Project name"] and h[7].startswith("Budget ") for h in headers)
    # nothing lost: every line below a header is counted
    assert sum(len(read_table(p)[1]) for p in files) == sim.raw_data_lines


def test_a_skipping_organisations_projects_are_never_listed_as_leavers():
    for seed in range(20):
        rng = np.random.default_rng(seed)
        planned = simulate_presence(rng, 6, 20, True)
        actor = project_attributes(rng, planned.shape[0], 6)["actor"]
        skip = draw_skips(rng, planned, actor)
        assert skip[:, 0].sum() == 0 and skip.any()
        listed = draw_listed(rng, planned, actor, skip, True, True)
        assert not (listed & skip[actor]).any()
        assert listed[~skip[actor]].mean() > 0.5
        assert not draw_listed(rng, planned, actor, skip, False, True).any()
    assert 0.05 < P_SKIP < 0.2


def test_per_organisation_same_seed_same_bytes(tmp_path):
    settings = dict(seed=21, periods=5, projects=20, submissions="per_organisation")
    first = simulate_portfolio(tmp_path / "a", **settings)
    simulate_portfolio(tmp_path / "b", **settings)
    other = simulate_portfolio(tmp_path / "c", **{**settings, "seed": 22})
    files = files_of(tmp_path / "a")
    assert files == files_of(tmp_path / "b")
    assert files != files_of(tmp_path / "c")
    assert_frame_equal(first.submitted, simulate_portfolio(tmp_path / "d", **settings).submitted)
    assert not first.truth.equals(other.truth)
