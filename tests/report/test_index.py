"""``reports/index.html`` (issue 23, item 7): every rendered period with its projects, red counts, money total
and warnings, each in its portfolio's language, from what each period's report recorded in its
``report.json`` when it was rendered. The records here are made as a render makes them
(``index_record`` of the period's context), without running the notebooks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import portfolio_analysis as pa
from cycle_support import JULY_MISSING
from gmpp_raw import records
from portfolio_analysis.report.catalogue import context
from portfolio_analysis.report.index import INDEX_FIELD, index_record, write_reports_index

NBSP = "\u00a0"


def publish(root: Path, pf, period: str, previous: str | None = None, *, recorded: bool = True) -> dict:
    """Writes ``reports/<portfolio>/<period>/report.json`` as ``render_period`` does (its other files do not
    matter to the index); ``recorded=False`` writes one from before the index recorded figures."""
    ctx = context(pf, period, previous)
    meta = {"portfolio": pf.name, "title": pf.title, "language": ctx.language, "period": ctx.period,
            "previous": ctx.previous, "generated": "2026-12-06 12:00 UTC",
            "single_file": f"{pf.name}-{ctx.period}.html", "synthetic": pf.synthetic}
    if recorded:
        meta[INDEX_FIELD] = index_record(ctx)
    folder = root / pf.name / ctx.period
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return meta


def read_index(root: Path) -> dict[str, dict]:
    """Per portfolio section (its title): language, headings, and per period (its link text) the cells
    by heading, warnings as a list; spaces as a reader reads them."""
    soup = BeautifulSoup(write_reports_index(root).read_text(encoding="utf-8"), "html.parser")

    def text(node) -> str:
        return " ".join(node.get_text(" ").replace(NBSP, " ").split())

    sections = {}
    for section in soup.select("main section"):
        headings = [text(th) for th in section.select("thead th")]
        rows = {}
        for tr in section.select("tbody tr"):
            name = text(tr.find("th").find("a"))
            cells = {heading: text(cell) for heading, cell in zip(headings, tr.find_all(["th", "td"]))}
            cells["warnings"] = [text(li) for li in tr.select("td.warnings li")]
            cells["period cell"] = text(tr.find("th"))
            rows[name] = cells
        sections[text(section.find("h2"))] = {"lang": section.get("lang"), "headings": headings, "rows": rows}
    return sections


def test_each_period_shows_its_figures_in_its_portfolios_language(tmp_path, ehelse_portfolio, uk_portfolio,
                                                                   real_data):
    for pf, period in ((ehelse_portfolio, "2020-04"), (uk_portfolio, "2022-03"), (uk_portfolio, "2023-03")):
        publish(tmp_path, pf, period)
    index = read_index(tmp_path)

    norwegian = index["Nasjonal e-helseportefølje"]
    assert norwegian["lang"] == "nb"
    assert norwegian["headings"] == ["Periode", "Prosjekter", "Status: Rød", "Risiko: Rød", "Budsjett 2020",
                                     "Merknader"]
    april = norwegian["rows"]["april 2020"]
    assert april["Prosjekter"] == "52" and april["Status: Rød"] == "2"
    assert april["Risiko: Rød"] == "3 (1 videreført)"  # 101's red risk stands as in January
    assert april["Budsjett 2020"] == "1 571 mill. kr (publisert total 1 560 mill. kr)"
    assert april["warnings"] == ["Prosjekter med verdier videreført, ikke ny vurdering: 2 (sist vurdert i januar 2020).",
                                 "Prosjekter der det er ukjent om de rapporterte (Helse Nord RHF): 2."]
    assert "mot januar 2020" in april["period cell"] and "alt i én fil" in april["period cell"]

    english = index["UK Government Major Projects Portfolio"]
    assert english["lang"] == "en"
    assert english["headings"] == ["Period", "Projects", "Delivery confidence: Red", "Whole-life cost baseline",
                                   "Warnings"]
    assert list(english["rows"]) == ["March 2023", "March 2022"]  # newest first
    raw = real_data / "raw" / "uk-gmpp"
    for name, period in (("March 2023", "2023-03"), ("March 2022", "2022-03")):
        projects, row = records(raw, period).values(), english["rows"][name]
        given = [p["budget"] for p in projects if p["budget"] is not None]
        assert row["Projects"] == f"{len(projects)}"
        assert row["Delivery confidence: Red"] == f'{sum(p["rating"] == "Red" for p in projects)}'
        assert row["Whole-life cost baseline"] == f"£{sum(given):,.0f}m (given for {len(given)} of {len(projects)})"
    assert english["rows"]["March 2023"]["warnings"] == [] and "None" in english["rows"]["March 2023"]["Warnings"]
    assert english["rows"]["March 2022"]["warnings"] == [
        "Rating scale changed: March 2021 rated on 5 points (Green, Amber/Green, Amber, Amber/Red, Red), "
        "March 2022 on 3 (Green, Amber, Red). Red counts do not compare across the change."]


def test_a_period_that_publishes_no_values_says_so_and_shows_its_published_total(tmp_path, ehelse_portfolio):
    """January 2020 as a period of its own (the first: compared with nothing)."""
    meta = publish(tmp_path, ehelse_portfolio, "2020-04")
    meta["period"], meta["previous"] = "2020-01", None
    meta[INDEX_FIELD] = {**pa.period_summary(ehelse_portfolio, "2020-01").record(), "words": meta[INDEX_FIELD]["words"]}
    (tmp_path / "e-helse" / "2020-01").mkdir()
    (tmp_path / "e-helse" / "2020-01" / "report.json").write_text(json.dumps(meta), encoding="utf-8")
    january = read_index(tmp_path)["Nasjonal e-helseportefølje"]["rows"]["januar 2020"]
    assert january["Prosjekter"] == "54"
    assert january["Status: Rød"] == january["Risiko: Rød"] == "ukjent"
    assert january["Budsjett 2020"] == "1 650 mill. kr (publisert total)"
    assert january["warnings"] == ["Ingen verdier per prosjekt er publisert: bare rapportens egne hovedtall er kjent."]


def test_rendering_one_period_again_changes_its_row_only(tmp_path, uk_portfolio):
    """The index shows what each period's report recorded: a period rendered again (here against September
    2019, across the scale change) brings its new figures; the period not rendered keeps its own."""
    publish(tmp_path, uk_portfolio, "2022-03")
    publish(tmp_path, uk_portfolio, "2023-03")
    before = read_index(tmp_path)["UK Government Major Projects Portfolio"]["rows"]
    publish(tmp_path, uk_portfolio, "2023-03", "2019-09")
    after = read_index(tmp_path)["UK Government Major Projects Portfolio"]["rows"]
    assert after["March 2022"] == before["March 2022"]
    assert "against September 2019" in after["March 2023"]["period cell"]
    assert after["March 2023"]["warnings"][0].startswith("Rating scale changed: September 2019 rated on 5 points")
    assert before["March 2023"]["warnings"] == []


def test_a_report_rendered_before_the_figures_were_recorded_says_so(tmp_path, uk_portfolio):
    publish(tmp_path, uk_portfolio, "2021-03", recorded=False)
    publish(tmp_path, uk_portfolio, "2022-03")
    rows = read_index(tmp_path)["UK Government Major Projects Portfolio"]["rows"]
    assert rows["March 2021"]["Projects"] == "" and rows["March 2021"]["warnings"] == [
        "The figures were not recorded when this report was made: render it again (--force) to show them."]
    assert rows["March 2022"]["Projects"] == "235"


def test_only_old_reports_still_list_their_links(tmp_path, uk_portfolio):
    publish(tmp_path, uk_portfolio, "2022-03", recorded=False)
    index = read_index(tmp_path)["UK Government Major Projects Portfolio"]
    assert index["headings"] == ["Period", "Warnings"]
    assert "all in one file" in index["rows"]["March 2022"]["period cell"]


@pytest.fixture(scope="module")
def july(july_cycle):
    return pa.load_portfolio("e-helse", july_cycle)


def test_an_organisation_that_sent_nothing_is_named_with_its_carried_projects(tmp_path, july):
    publish(tmp_path, july, "2020-07")
    row = read_index(tmp_path)["Nasjonal e-helseportefølje"]["rows"]["juli 2020"]
    summary = pa.period_summary(july, "2020-07")
    assert row["warnings"][:2] == [
        f"Ikke mottatt innmelding fra {JULY_MISSING}: prosjektene deres har verdier videreført.",
        f"Prosjekter med verdier videreført, ikke ny vurdering: {summary.carried_forward} (sist vurdert i januar 2020, "
        "april 2020)."]  # 101's April values were already January's
    assert row["Risiko: Rød"] == f'{summary.red["risk"]} ({summary.red_carried["risk"]} videreført)'


def test_a_simulated_portfolio_says_so_first(tmp_path):
    from portfolio_analysis.simulate import simulate_portfolio

    simulation = simulate_portfolio(tmp_path / "data", periods=2, projects=12, seed=3)
    pf = pa.load_portfolio(simulation.portfolio, tmp_path / "data")
    publish(tmp_path / "reports", pf, simulation.periods[1])
    (section,) = read_index(tmp_path / "reports").values()
    (row,) = section["rows"].values()
    assert row["warnings"][0] == "Syntetiske data: alle tall i denne rapporten er simulert og beskriver ingen virkelige prosjekter."
    assert row["Prosjekter"] == f"{len(pf.rows(simulation.periods[1]))}"
