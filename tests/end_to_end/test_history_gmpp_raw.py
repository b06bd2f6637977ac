"""pa.history on the UK GMPP against an independent count from the raw files (tests/gmpp_raw.py reads
the published CSVs with the csv module, not the package): March 2022 -> March 2023."""

import pytest

import portfolio_analysis as pa
from gmpp_raw import red_bridge, red_share_of_money

pytestmark = pytest.mark.slow  # loads and follows ten GMPP periods


@pytest.fixture(scope="module")
def history(real_data):
    return pa.history(pa.load_portfolio("uk-gmpp", real_data))


def test_the_red_bridge_2022_to_2023_equals_the_count_from_the_raw_files(history, real_data):
    bridge = history.red_bridge
    pair = bridge[(bridge["current"] == "2023-03") & (bridge["rating"] == "status")]
    step = {(row.step, row.label if isinstance(row.label, str) else None): int(row.count) for row in pair.itertuples()}
    raw = red_bridge(real_data / "raw" / "uk-gmpp", "2022-03", "2023-03")
    assert (step["red_at_start", None], step["red_at_end", None]) == (raw["red_start"], raw["red_end"]) == (27, 23)
    assert step["stayed_red", None] == raw["stayed_red"] == 8
    assert step["left_while_red", None] == raw["left_while_red"] == 2
    assert step["joined_red", None] == raw["joined_red"] == 0
    assert step["withheld_or_not_rated", None] == raw["recovered_to_other"] == 1
    for rating in ("Green", "Amber"):
        assert step["recovered", rating] == raw[f"recovered_to_{rating}"]
        assert step["newly_red", rating] == raw[f"newly_red_from_{rating}"]
    assert step["newly_red", "withheld_or_not_rated"] == raw["newly_red_from_other"] == 0


def test_the_money_weighted_red_share_of_march_2023_equals_the_raw_files(history, real_data):
    ratings = history.ratings
    red = ratings[(ratings["report_period"] == "2023-03") & (ratings["rating"] == "status") & (ratings["label"] == "Red")
                  & (ratings["scale"] == ratings.loc[ratings["report_period"] == "2023-03", "scale"].iloc[0])]
    assert red["budget_share"].iloc[0] == pytest.approx(red_share_of_money(real_data / "raw" / "uk-gmpp", "2023-03"), abs=1e-9)
    assert red["budget_share"].iloc[0] == pytest.approx(0.0894, abs=5e-5)
