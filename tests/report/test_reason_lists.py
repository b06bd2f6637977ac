"""The red lists, early warnings and moves on a page show each project's reason in short ("Begrunnelse";
"ingen kommentar" where the owner wrote none), and the block's data hold the owner's whole comment and
which comment it is (issue 22, item 3). A hand-made portfolio with the issue's comment columns."""

from __future__ import annotations

import html
import re

import pandas as pd

import portfolio_analysis as pa
from portfolio_analysis.report.pages import overview, risk as risk_page, status_change

RAG = ["Grønn", "Gul", "Rød"]
COMMENTARY = "Departmental commentary on actions planned or taken on the IPA RAG rating."
LONG = ("Compared to financial year 21/22-Q4, the Delivery Confidence Assessment rating at 22/23-Q4 remained at "
        "Red.\nLeverandøren har sagt opp avtalen, og en ny anskaffelse tar minst ett år. Prosjektet vurderer nå om "
        "deler av leveransen kan gjøres i egen regi, men det krever nøkkelressurser som i dag er bundet opp i drift.")
# (period, id, name, status, risk, status_comment, risk_comment)
ROWS = [
    ("2021-01", 1, "Alpha", "Gul", "Gul", None, None),
    ("2021-01", 2, "Beta", "Gul", "Gul", None, None),
    ("2021-01", 3, "Gamma", "Grønn", "Grønn", None, None),
    ("2021-04", 1, "Alpha", "Rød", "Rød", "Prosjektet er 8 måneder\nbak plan.", None),
    ("2021-04", 2, "Beta", "Rød", "Gul", LONG, None),
    ("2021-04", 3, "Gamma", "Grønn", "Rød", None, None),  # an early warning without a word
]
PREAMBLE = r"Compared to financial year [^,]+, the [^.]*? rating at \S+ remained at [^.]*\."


def portfolio(rows=ROWS, **settings) -> pa.Portfolio:
    frame = pd.DataFrame(rows, columns=["report_period", "project_id", "project_name", "status", "risk",
                                        "status_comment", "risk_comment"])
    panel = frame.assign(
        project_id=frame["project_id"].astype("Int64"), actor="KS", actor_group="kommunal",
        strategic_area=pd.array([1] * len(frame), dtype="Int64"),
        status=pd.Categorical(frame["status"], RAG, ordered=True), risk=pd.Categorical(frame["risk"], RAG, ordered=True),
        budget_mnok=pd.array([10.0] * len(frame), dtype="Float64"), is_reported=True,
        carried_from=pd.array([pd.NA] * len(frame), dtype="string"),
        status_comment=frame["status_comment"].astype("string"), risk_comment=frame["risk_comment"].astype("string"))
    periods = pd.DataFrame({"report_period": ["2021-01", "2021-04"], "project_values_published": [True, True]})
    changes = pd.DataFrame(columns=["report_period", "change", "project_id", "destination"])
    return pa.Portfolio("mini", panel, periods, changes, **{"language": "nb", **settings})


def context(pf: pa.Portfolio, output_dir=None):
    return overview.context(pf, "2021-04", "2021-01", output_dir)


def rows_of(block) -> list[str]:
    """Each table row as its cells' text joined by ' | '."""
    return [" | ".join(" ".join(html.unescape(re.sub(r"<[^>]+>", "", cell)).split())
                       for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
            for row in re.findall(r"<tr>(.*?)</tr>", str(block.html), re.S)]


def test_the_red_lists_show_the_short_reason_and_hold_the_whole_comment():
    block = overview.worst_lists(context(portfolio(comment_preambles=(re.compile(PREAMBLE),))))
    rows = rows_of(block)
    assert "ID | Prosjekt | Ansvarlig virksomhet | Status | Risiko | Begrunnelse" in rows
    assert "1 | Alpha | KS | Rød | Rød | Prosjektet er 8 måneder bak plan." in rows
    assert ("2 | Beta | KS | Rød | Gul | Leverandøren har sagt opp avtalen, og en ny anskaffelse tar minst ett år. …"
            in rows)  # the template dropped, the second sentence left out
    assert "3 | Gamma | KS | Grønn | Rød | ingen kommentar" in rows  # red risk, no word on risk or status
    data = block.data.set_index(["list", "project_name"])
    assert data.loc[("Prosjekter med status Rød", "Beta"), "comment"] == LONG  # exactly as written, template and line break
    assert data.loc[("Prosjekter med risiko Rød", "Alpha"), "comment_from"] == "status_comment"
    assert pd.isna(data.loc[("Prosjekter med risiko Rød", "Gamma"), "comment"])


def test_the_risk_page_and_the_moves_show_the_reason_too():
    ctx = context(portfolio())
    lists = rows_of(risk_page.risk_lists(ctx, pa.risk_analysis(ctx.comparison)))
    assert "3 | Gamma | KS | Grønn | Rød | ingen kommentar" in lists
    moves = status_change.rating_moves(ctx, pa.status_change(ctx.comparison), "status")
    assert "1 | Alpha | KS | Gul | Rød | Prosjektet er 8 måneder bak plan." in rows_of(moves)
    worsened = moves.data[moves.data["list"] == "Forverret status"].set_index("project_name")
    assert worsened.loc["Beta", "comment"] == LONG and worsened.loc["Beta", "comment_from"] == "status_comment"


def test_in_english_a_missing_reason_reads_no_comment():
    ctx = context(portfolio(language="en"))
    rows = rows_of(overview.worst_lists(ctx))
    assert "ID | Project | Organisation | Status | Risk | Reason" in rows
    assert "3 | Gamma | KS | Grønn | Rød | no comment" in rows


def test_a_period_whose_files_hold_no_comments_shows_no_reason_column():
    silent = portfolio([row[:5] + (None, None) for row in ROWS])
    rows = rows_of(overview.worst_lists(context(silent)))
    assert "ID | Prosjekt | Ansvarlig virksomhet | Status | Risiko" in rows
    assert not any("ingen kommentar" in row or "Begrunnelse" in row for row in rows)


def test_a_long_red_list_writes_every_whole_comment_to_its_csv_file(tmp_path):
    many = ROWS + [("2021-04", 100 + i, f"Prosjekt {i}", "Rød", "Gul", f"Forsinket.\nÅrsak nummer {i}.", None)
                   for i in range(25)]
    overview.worst_lists(context(portfolio(many), tmp_path))
    written = pd.read_csv(tmp_path / "prosjekter-med-status-rod.csv", encoding="utf-8-sig").set_index("project_id")
    assert len(written) == 27 and written.loc[124, "Begrunnelse"] == "Forsinket.\nÅrsak nummer 24."
    assert written.loc[2, "Begrunnelse"] == LONG  # the whole comment, template and all


def test_the_gmpp_red_list_of_march_2023_holds_every_departments_commentary(uk_portfolio, bundled_raw):
    """Every red project of March 2023 carries its department's commentary, exactly as the file writes it
    (read here with the csv module), and the page shows it without the templated opening."""
    import csv
    import io
    text = (bundled_raw / "raw/uk-gmpp/2023-03/uk_2023.csv").read_bytes().decode("utf-8-sig", errors="replace")
    rows = {row[0].split("\n")[0].strip(): row[1:] for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")}
    commentary = dict(zip(rows["GMPP ID Number"], rows[COMMENTARY]))
    block = overview.worst_lists(overview.context(uk_portfolio, "2023-03"))
    red = block.data.set_index("project_id")
    assert len(red) == 23  # the red bridge's red at end (tests/gmpp_raw.py)
    assert {project: red.loc[project, "comment"] for project in red.index} == {
        project: commentary[project] for project in red.index}
    assert set(red["comment_from"]) == {"status_comment"}
    shown = rows_of(block)
    assert "ID | Project | Department | Delivery confidence | Reason" in shown
    assert any(row.startswith("DFT_0040_2021-Q1 | ") and row.endswith(
        "| The Spring Budget required HS2 to rephase parts of Phase 1 to reduce expenditure over the next two years "
        "to help manage overall government expenditure whilst protecting the Old Oak Common to…") for row in shown)
    assert not any("Compared to financial year" in row for row in shown)
