"""The schedule-and-cost page of the UK GMPP's March 2023 set: its sentences give the counts the raw files give
(tests/gmpp_raw.py, the csv module alone), the cost total in its named steps, and each list the owner's narrative
without the templated opening that repeats the columns."""

from __future__ import annotations

import html
import re

import portfolio_analysis as pa
from gmpp_raw import cost_moves, end_date_moves, in_year_counts
from portfolio_analysis.report.pages import schedule_cost as v


def text_of(block) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(block.html))).split())


def test_the_page_states_the_raw_files_counts_and_the_named_steps(uk_portfolio, bundled_raw, tmp_path):
    raw = bundled_raw / "raw" / "uk-gmpp"
    moves, costs, in_year = end_date_moves(raw), cost_moves(raw), in_year_counts(raw)
    ctx = v.context(uk_portfolio, "2023-03", "2022-03", output_dir=tmp_path)
    schedule = v.schedule_takeaway(ctx, pa.schedule_change(ctx.comparison))
    compared = moves["later"] + moves["earlier"] + moves["unchanged"]
    assert (f"Of {compared} projects with a planned end date in both periods, {moves['later']} moved their end date "
            f"later, {moves['earlier']} earlier, and {moves['unchanged']} kept it. The median slip of those that "
            f"moved later is {moves['median_slip_months']:.1f} months") in text_of(schedule)
    cost = v.cost_takeaway(ctx, pa.cost_change(ctx.comparison))
    bridge = costs["bridge"]
    assert (f"Projects in both periods rose by £{bridge['continuing_up']:,.0f}m and fell by "
            f"£{-bridge['continuing_down']:,.0f}m; projects that joined added £{bridge['joined']:,.0f}m and those "
            f"that left took away £{-bridge['left']:,.0f}m") in text_of(cost)
    shown = text_of(v.in_year_takeaway(ctx, pa.in_year(ctx.comparison)))
    assert (f"{in_year['over']} projects forecast more than 5% over the financial year's baseline and {in_year['under']} more "
            "than 5% under") in shown


def test_the_bridge_table_adds_up_and_the_lists_carry_the_narrative_not_its_template(uk_portfolio, tmp_path):
    ctx = v.context(uk_portfolio, "2023-03", "2022-03", output_dir=tmp_path)
    cost = pa.cost_change(ctx.comparison)
    table = v.cost_bridge_table(ctx, cost)
    amounts = table.data.set_index("step")["amount"]
    assert amounts.drop(["previous_total", "current_total"]).sum() + amounts["previous_total"] == \
        amounts["current_total"]
    assert "Cost no longer given (withheld)" in text_of(table)
    slips = text_of(v.largest_slips(ctx, pa.schedule_change(ctx.comparison)))
    assert "Lightning Programme" in slips and "30 March 2048 31 March 2069 252.0" in slips
    assert "Compared to financial year" not in slips  # the template repeating the dates is left out
    rises = text_of(v.largest_rises(ctx, cost))
    assert "Universal Credit Programme" in rises and "Policy decisions have led to an increase" in rises
    assert not re.search(r"Reason .*?\bto \d+m\. This is", rises)
