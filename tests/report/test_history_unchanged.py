"""The history page's block of ratings that never change (issue 24, item 3): a table per organisation and one
sentence, or one sentence saying why it cannot be counted yet."""

from __future__ import annotations

import re

import pytest

import portfolio_analysis as pa
from portfolio_analysis.report.pages import history as v

pytestmark = pytest.mark.slow


def words(block) -> str:
    """A block's text as a reader sees it: tags gone, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(block.html))).strip()


def unchanged_block(portfolio: str, period: str, data):
    ctx = v.context(pa.load_portfolio(portfolio, data), period)
    return v.unchanged_ratings_table(ctx, pa.unchanged_ratings(ctx.pf, ctx.period))


def test_ehelse_july_says_in_norwegian_why_it_cannot_be_counted_yet(july_cycle):
    assert words(unchanged_block("e-helse", "2020-07", july_cycle)) == (
        "Uendrede vurderinger kan ikke telles ennå: januar 2020 har ingen verdier per prosjekt, og bare 2 perioder "
        "etter den har det (april 2020, juli 2020); det trengs 3.")


def test_gmpp_march_2023_says_the_scale_changed(real_data):
    pa.build("uk-gmpp", real_data)
    assert words(unchanged_block("uk-gmpp", "2023-03", real_data)) == (
        "Unchanged ratings cannot be counted yet: the rating scale changed in March 2022, and only 2 periods are "
        "rated on the new scale (March 2022, March 2023); 3 are needed, and a run never crosses the change.")


def test_gmpp_march_2021_gives_the_table_the_sentence_and_the_longest_runs(real_data):
    pa.build("uk-gmpp", real_data)
    block = unchanged_block("uk-gmpp", "2021-03", real_data)
    text = words(block)
    assert text.startswith("For 9 of the 36 projects of MOD, the delivery confidence has been the same for 3 or more "
                           "periods in a row, the most of any organisation; across the portfolio, 23 of 184 projects.")
    assert "Department Projects Same for 3+ periods Longest run (periods)" in text
    assert " DWP 5 1 6 " in text and " MOD 36 9 8 " in text
    assert "MOD_0077_1213-Q1 Complex Weapons MOD Amber 8 September 2013" in text
    assert "Risk" not in text  # the GMPP rates delivery confidence only
    assert block.data.set_index("actor").loc["MOD", "unchanged"] == 9
