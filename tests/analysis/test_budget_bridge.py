"""The budget bridge's step 'Kan ikke fordeles': a budget counts as missing only where the project is in
that period (a joiner has no previous budget, a leaver no current one), and the page and the totals table
say the same."""

from __future__ import annotations

import html
import re

import pytest

import portfolio_analysis as pa
from portfolio_analysis.report.pages import budget_decline as v
from conftest import write_projects

HEADER = "ID\tProsjektnavn\tAnsvarlig virksomhet\tStatus\tRisiko\tBudsjett 2020\n"
BEFORE = HEADER + (
    "1\tAlpha\tHelsedirektoratet\tGul\tGrønn\t10\n"
    "2\tBeta\tKS\tRød\tGul\t5\n"  # leaves
    "3\tGamma\tHelsedirektoratet\tGul\tGul\t8\n"
)
AFTER = HEADER + (
    "1\tAlpha\tHelsedirektoratet\tGul\tGrønn\t12\n"
    "3\tGamma\tHelsedirektoratet\tGul\tGul\t{gamma}\n"  # continues; blank: its budget is missing
    "4\tDelta\tKS\tGul\tGul\t6\n"  # joins
)


def budget_page(data):
    """The budget page's bridge, its data table and the totals table, as text; and the analysis."""
    pf = pa.load_portfolio("mini", data)
    ctx = v.context(pf, "2021-04")
    decline = pa.budget_decline(ctx.comparison)
    parts = [v.budget_takeaway(ctx, decline), v.bridge_figure(ctx, decline), v.budget_totals_table(ctx, decline)]
    page = "\n".join(part.html for part in parts)
    page = re.sub(r'src="data:image/png;base64,[^"]*"', "", page)
    return html.unescape(page), decline


def rows_of(page: str) -> list[str]:
    """Each table row as its cells' text joined by ' | '."""
    return [" | ".join(re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row))
            for row in re.findall(r"<tr>(.*?)</tr>", page)]


@pytest.fixture
def two_periods(mini):
    def write(gamma: str):
        write_projects(mini, BEFORE, period="2021-01")
        write_projects(mini, AFTER.format(gamma=gamma), period="2021-04")
        pa.build("mini", mini)
        return mini
    return write


def test_one_joiner_one_leaver_and_one_missing_budget_count_one_missing(two_periods):
    page, decline = budget_page(two_periods(gamma=""))
    unknown = decline.bridge.set_index("step").loc["unknown"]
    assert unknown["projects"] == 1  # Gamma; not Delta's previous budget nor Beta's current one
    assert unknown["amount_mnok"] == pytest.approx(18 - 23 - (-5 + 6 + 2))
    rows = rows_of(page)  # the mini portfolio names no budget unit
    assert ("Kan ikke fordeles | −8 | 1 | det prosjektbudsjettene ikke forklarer: manglende budsjetter og trinn "
            "som ikke kan beregnes") in rows
    # Budsjett mangler: 1, as the bridge says; no published total in either period, so no column for one
    assert "april 2021 | 3 | 18 | 0 | 1" in rows
    assert "januar 2021 | 3 | 23 | 0 | 0" in rows
    assert "0 prosjekter har budsjett 0 og 1 mangler budsjett" in page
    assert ("Trinn for trinn: prosjekter som gikk ut −5, nye prosjekter +6, prosjekter i begge periodene +2, og −8 "
            "kan ikke fordeles på prosjekter.") in page
    assert ("Det som ikke kan fordeles på prosjekter (−8), er budsjetter som mangler for 1 prosjekter i én av "
            "periodene og trinn som ikke kan beregnes.") in page


def test_nothing_unknown_shows_no_unassigned_step(two_periods):
    page, decline = budget_page(two_periods(gamma="8"))
    unknown = decline.bridge.set_index("step").loc["unknown"]
    assert unknown["projects"] == 0 and unknown["amount_mnok"] == 0
    assert "Kan ikke fordeles" not in page and "kan ikke fordeles" not in page
    assert rows_of(page)[:6] == [
        "Steg | Beløp | Prosjekter | Merknad",
        "Total januar 2021 | 23 | 3 | fra prosjektlisten",
        "Gikk ut | −5 | 1 | forrige budsjett for 1 prosjekter",
        "Nye | +6 | 1 | budsjett for 1 prosjekter",
        "I begge periodene | +2 | 2 | endring for 2 prosjekter i begge periodene",
        "Total april 2021 | 26 | 3 | fra prosjektlisten",  # right after the last step: no "Kan ikke fordeles"
    ]
    assert ("Trinn for trinn: prosjekter som gikk ut −5, nye prosjekter +6, prosjekter i begge periodene +2.") in page
    assert "Hele endringen kan fordeles på prosjekter." in page
