"""Which project of one period is which of the next (matching.match_projects): the rule the build carries
forward and compares by."""

import re

import pandas as pd

from portfolio_analysis.intake.matching import match_projects


def frame(ids, names):
    return pd.DataFrame({"project_id": pd.array(ids, dtype="string"), "project_name": pd.array(names, dtype="string")})


def test_a_name_given_twice_matches_no_project_of_that_name():
    """Two projects called Alpha last period: the one Alpha now cannot be told apart, so it continues neither;
    Beta, given once on both sides, continues."""
    before = frame([None, None, None], ["Alpha", "Alpha", "Beta"])
    after = frame([None, None], ["Beta", "Alpha"])
    assert match_projects(before, after) == {0: (2, "name")}
    assert match_projects(after, before) == {2: (0, "name")}


def test_an_id_given_twice_matches_neither_and_the_rows_do_not_fall_back_to_names():
    before = frame(["7", "7", "8"], ["Alpha", "Beta", "Gamma"])
    after = frame(["7", "8"], ["Alpha", "Gamma renamed"])
    assert match_projects(before, after) == {1: (2, "id")}


def test_ids_match_case_folded_and_through_the_aliases_and_two_ids_never_match_by_name():
    aliases = ((re.compile(r"^doh_"), "dh_"),)
    before = frame(["DfT_0001", "DH_0002", "HO_0003"], ["Rail", "Hospitals", "Passports"])
    after = frame(["DOH_0002", "dft_0001", "HO_0004"], ["Hospitals", "Rail", "Passports"])
    assert match_projects(before, after, aliases) == {1: (0, "id"), 0: (1, "id")}
