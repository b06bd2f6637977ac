"""Reasons travel with the lists (issue 22, item 3): every list a board reads for "why" (red status, red risk,
early warnings, newly worse, stayed red) carries the owner's own words for that project, exactly as written,
and says which comment it took (``comment``, ``comment_from``).

The panels here are made by hand with the issue's comment columns (``status_comment``, ``risk_comment``)."""

from __future__ import annotations

import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.analysis.ratings import with_label

RAG = ["Grønn", "Gul", "Rød"]
MULTI_LINE = "Prosjektet er 8 måneder bak plan.\nSluttdato sommeren 2021 nås trolig ikke."

# (period, id, name, status, risk, status_comment, risk_comment)
ROWS = [
    ("2021-01", 1, "Alpha", "Gul", "Gul", None, None),
    ("2021-01", 2, "Beta", "Rød", "Rød", "Beta var rød i januar.", None),
    ("2021-01", 3, "Gamma", "Grønn", "Gul", None, None),
    ("2021-01", 4, "Delta", "Gul", "Gul", None, None),
    ("2021-04", 1, "Alpha", "Rød", "Gul", MULTI_LINE, None),  # newly red, with a comment over two lines
    ("2021-04", 2, "Beta", "Rød", "Rød", None, "Leverandøren har sagt opp avtalen."),  # stayed red: risk words only
    ("2021-04", 3, "Gamma", "Gul", "Rød", "Avventer finansiering.", None),  # early warning, status comment only
    ("2021-04", 4, "Delta", "Gul", "Rød", None, "Nøkkelressurser slutter."),  # early warning, risk comment
    ("2021-04", 5, "Epsilon", "Rød", "Rød", "   ", None),  # a blank comment is no comment
]


def panel(rows=ROWS) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["report_period", "project_id", "project_name", "status", "risk",
                                        "status_comment", "risk_comment"])
    return frame.assign(
        project_id=frame["project_id"].astype("Int64"), actor="Helsedirektoratet", actor_group="statlig",
        strategic_area=pd.array([1] * len(frame), dtype="Int64"),
        status=pd.Categorical(frame["status"], RAG, ordered=True),
        risk=pd.Categorical(frame["risk"], RAG, ordered=True),
        budget_mnok=pd.array([10.0] * len(frame), dtype="Float64"), is_reported=True,
        carried_from=pd.array([pd.NA] * len(frame), dtype="string"),
        status_comment=frame["status_comment"].astype("string"), risk_comment=frame["risk_comment"].astype("string"))


@pytest.fixture
def pf():
    return pa.Portfolio("mini", panel(), pd.DataFrame({"report_period": ["2021-01", "2021-04"],
                                                       "project_values_published": [True, True]}),
                        pd.DataFrame(columns=["report_period", "change", "project_id", "destination"]))


def comparison(pf):
    return pa.compare(pf, "2021-04", "2021-01")


def reasons(frame: pd.DataFrame) -> dict:
    return {name: (None if pd.isna(comment) else comment, None if pd.isna(source) else source)
            for name, comment, source in zip(frame["project_name"], frame["comment"], frame["comment_from"])}


def test_the_red_status_list_carries_the_status_comment_exactly_as_written(pf):
    change = pa.status_change(comparison(pf))
    assert reasons(change.red_status) == {"Alpha": (MULTI_LINE, "status_comment"), "Beta": (None, None),
                                          "Epsilon": (None, None)}
    pd.testing.assert_frame_equal(change.red_status, with_label(pf, "status", "2021-04", "Rød"))  # the overview's
    stayed = change.stayed_red
    assert reasons(stayed) == {"Beta": (None, None)}  # red in both periods; January's words are not April's


def test_the_red_risk_list_takes_the_risk_comment_else_the_status_comment_and_says_which(pf):
    risk = pa.risk_analysis(pf, "2021-04", "2021-01")
    assert reasons(risk.red_risk) == {"Beta": ("Leverandøren har sagt opp avtalen.", "risk_comment"),
                                      "Gamma": ("Avventer finansiering.", "status_comment"),
                                      "Delta": ("Nøkkelressurser slutter.", "risk_comment"),
                                      "Epsilon": (None, None)}
    assert reasons(risk.early_warning) == {"Gamma": ("Avventer finansiering.", "status_comment"),
                                           "Delta": ("Nøkkelressurser slutter.", "risk_comment")}


def test_newly_worse_lists_carry_this_periods_comment(pf):
    change = pa.status_change(comparison(pf))
    assert reasons(change.worsened) == {"Alpha": (MULTI_LINE, "status_comment"),
                                        "Gamma": ("Avventer finansiering.", "status_comment")}
    risk = pa.risk_analysis(comparison(pf))
    assert reasons(risk.worsened) == {"Gamma": ("Avventer finansiering.", "status_comment"),
                                      "Delta": ("Nøkkelressurser slutter.", "risk_comment")}


def test_data_without_comment_columns_add_none():
    bare = panel().drop(columns=["status_comment", "risk_comment"])
    risk = pa.risk_analysis(bare, "2021-04", "2021-01")
    assert "comment" not in risk.red_risk and "comment" not in risk.early_warning
    assert list(risk.red_risk["project_name"]) == ["Beta", "Gamma", "Delta", "Epsilon"]


def test_a_period_has_rating_comments_only_where_a_project_carries_one(pf):
    assert pf.has_rating_comments("2021-04") and pf.has_rating_comments("2021-01")
    silent = panel([row[:5] + (None, None) for row in ROWS])
    quiet = pa.Portfolio("mini", silent, pf.periods, pf.reported_changes)
    assert not quiet.has_rating_comments("2021-04")
