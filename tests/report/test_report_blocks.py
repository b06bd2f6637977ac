"""The report's blocks on their own, as an analyst calls them in a notebook (without rendering a report).

Every block a notebook shows is made here by running the notebook's own cells in this process, on the
real e-helse data (April 2020 against January 2020) and on the UK GMPP (March 2022 against March 2021).
Each returns a ``Block`` whose ``.data`` holds the numbers its table shows. The exact sentences of the
pages may change, so the checks are on numbers and structure.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

import nbformat
import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.report.html import RENDERING_VARIABLE, Block, table
from portfolio_analysis.report.lists import LIST_LIMIT, project_table, slug
from portfolio_analysis.report.pageset import NOTEBOOKS_DIR
from conftest import GOOD_ROWS, write_projects

NOTEBOOKS = {path.stem: path for path in sorted(NOTEBOOKS_DIR.glob("*.ipynb"))}
CALL = re.compile(r"^v\.(\w+)\(")
# Blocks that are a sentence or a heading, with no table behind them: their data is None. So is a
# block that only says a figure is unknown; a block with a table or a chart always carries its data.
WITHOUT_TABLE = {"heading", "risk_takeaway"}  # text only; the headline carries its figures
HOSTILE = "<script>alert(1)</script>"


def notebook_blocks(page: str, portfolio: str, period: str, data_dir) -> dict[str, object]:
    """Runs a page's notebook cells in this process, as JupyterLab would, and returns what each cell
    ending in ``v.<block>(...)`` shows, by the block's name."""
    namespace = {"portfolio": portfolio, "period": period, "previous_period": "", "data_dir": str(data_dir),
                 "output_dir": "", "snapshot": ""}
    shown = {}
    for cell in nbformat.read(NOTEBOOKS[page], as_version=4).cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        tree = ast.parse(cell.source)
        last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        body = tree.body[:-1] if last else tree.body
        exec(compile(ast.Module(body=body, type_ignores=[]), page, "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), page, "eval"), namespace)
            name = CALL.match(ast.unparse(last.value))
            if name:
                shown[name[1]] = value
    return shown


def all_blocks(portfolio: str, period: str, data_dir) -> dict[tuple[str, str], object]:
    """Every block of every page the portfolio has (its profile's ``pages``), by (page, block name)."""
    pages = pa.load_portfolio(portfolio, data_dir).pages
    return {(page, name): block for page in NOTEBOOKS if page in pages
            for name, block in notebook_blocks(page, portfolio, period, data_dir).items()}


@pytest.fixture(scope="module")
def ehelse_blocks(real_data):
    return all_blocks("e-helse", "2020-04", real_data)


@pytest.fixture(scope="module")
def uk_blocks(real_data):
    pa.build("uk-gmpp", real_data)
    return all_blocks("uk-gmpp", "2022-03", real_data)


def test_every_notebook_cell_shows_a_block_and_every_table_or_chart_carries_its_data(ehelse_blocks, uk_blocks):
    for blocks in (ehelse_blocks, uk_blocks):
        names = {name for _, name in blocks}
        assert {"heading", "key_figures", "rating_distribution_figure", "bridge_figure"} <= names
        for (page, name), block in blocks.items():
            assert isinstance(block, Block), (page, name)
            if "<table" in block.html or "<figure" in block.html:
                assert isinstance(block.data, pd.DataFrame) and len(block.data), (page, name)
            if name in WITHOUT_TABLE:
                assert block.data is None and str(block.html), (page, name)
    headline = ehelse_blocks["overview", "overview_headline"].data.iloc[0]
    assert (headline["projects"], headline["previous_projects"], headline["budget_rows_mnok"]) == (52, 54, 1571.0)


def test_moves_unknown_before_april_are_a_notice_without_data(ehelse_blocks, uk_blocks):
    """January 2020 has no per-project values: who moved is unknown, said in a sentence, no table."""
    for name in ("largest_changes", "rating_moves"):
        block = ehelse_blocks["budget_decline" if name == "largest_changes" else "status_change", name]
        assert block.data is None and "<table" not in block.html and 'class="notice"' in block.html
    assert isinstance(uk_blocks["status_change", "rating_moves"].data, pd.DataFrame)
    assert isinstance(uk_blocks["budget_decline", "largest_changes"].data, pd.DataFrame)


def test_a_portfolio_without_strategic_areas_shows_no_area_chart(uk_blocks):
    block = uk_blocks["budget_decline", "budget_by_area_figure"]
    assert block.data is None and str(block.html) == ""


def test_key_figures_april_2020(ehelse_blocks):
    data = ehelse_blocks["overview", "key_figures"].data  # the numbers, not the formatted cells
    value = data.fillna({"label": ""}).set_index(["figure", "label", "report_period"])["value"]
    assert (value["projects", "", "2020-04"], value["projects", "", "2020-01"]) == (52, 54)
    assert (value["status", "Gul", "2020-04"], value["status", "Rød", "2020-04"], value["risk", "Gul", "2020-04"]) \
        == (31, 2, 34)
    assert value["budget_rows", "", "2020-04"] == 1571 and pd.isna(value["budget_rows", "", "2020-01"])


def test_budget_per_organisation_and_group_april_2020(ehelse_blocks):
    actors = ehelse_blocks["overview", "figure_budget_by_actor"].data.set_index("actor")
    assert actors.loc["Direktoratet for e-helse", "budget_mnok"] == 635
    assert actors.loc["Direktoratet for e-helse", "projects"] == 10
    assert actors["budget_mnok"].sum() == pytest.approx(1571)
    groups = actors.groupby("actor_group")[["budget_mnok", "projects"]].sum()  # one chart, coloured by group
    assert groups.loc["helseforvaltning", "budget_mnok"] == 894 and groups.loc["helseforvaltning", "projects"] == 30


def test_project_lists_april_2020(ehelse_blocks):
    moves = ehelse_blocks["overview", "joiners_and_leavers"].data
    assert sorted(moves["project_id"]) == [131, 142, 143, 183]
    assert moves["list"].nunique() == 2  # joiners and leavers, each named
    worst = ehelse_blocks["overview", "worst_lists"].data
    assert sorted(worst["project_id"]) == [101, 132, 160, 160, 163]
    assert sorted(ehelse_blocks["overview", "not_reported"].data["project_id"]) == [83, 101, 167, 168]


def test_ratings_april_2020(ehelse_blocks):
    for page, column, expected in (("status_change", "status", {"Grønn": 18, "Gul": 31, "Rød": 2}),
                                   ("risk", "risk", {"Grønn": 14, "Gul": 34, "Rød": 3})):
        counts = ehelse_blocks[page, "rating_distribution_figure"].data.set_index("label")["count"]
        assert {label: counts[label] for label in expected} == expected, page
        assert counts.sum() == 52
        transitions = ehelse_blocks[page, "transitions_figure"].data
        assert transitions.shape[0] >= 3 and transitions.shape[1] >= 3


def test_budget_bridge_april_2020(ehelse_blocks):
    bridge = ehelse_blocks["budget_decline", "bridge_figure"].data.set_index("step")["amount_mnok"]
    assert bridge["previous_total"] == 1650 and round(bridge["current_total"]) == 1571
    totals = ehelse_blocks["budget_decline", "budget_totals_table"].data.set_index("report_period")
    assert totals.loc["2020-04", "projects"] == 52 and totals.loc["2020-04", "budget_published_mnok"] == 1560


def test_uk_march_2022(uk_blocks):
    counts = uk_blocks["status_change", "rating_distribution_figure"].data.set_index("label")["count"]
    assert {label: counts[label] for label in ("Green", "Amber", "Red")} == {"Green": 24, "Amber": 170, "Red": 27}
    assert counts.sum() == 235
    figures = uk_blocks["overview", "key_figures"].data
    projects = figures[(figures["figure"] == "projects") & (figures["report_period"] == "2022-03")]["value"]
    assert projects.tolist() == [235]
    moves = uk_blocks["overview", "joiners_and_leavers"].data
    assert moves["list"].value_counts().sort_values().tolist() == [25, 76]  # left, joined


def hostile_blocks(mini):
    """A two-period mini portfolio whose red project is named ``<script>…``, every overview block."""
    write_projects(mini, GOOD_ROWS.replace("Beta", HOSTILE))
    write_projects(mini, GOOD_ROWS.replace("Beta", HOSTILE) + "3\tGamma\tKS\tGul\tRød\t7\n", period="2021-04")
    pa.build("mini", mini)
    return notebook_blocks("overview", "mini", "2021-04", mini)


def test_a_hostile_name_is_shown_as_text(mini):
    blocks = hostile_blocks(mini)
    pages = "\n".join(str(block.html) for block in blocks.values())
    assert "<script" not in pages
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in str(blocks["worst_lists"].html)
    assert HOSTILE in set(blocks["worst_lists"].data["project_name"])  # the data keeps the name as it is


def test_a_block_carries_the_stylesheet_in_a_notebook_but_not_in_a_report_run(ehelse_blocks, monkeypatch):
    block = ehelse_blocks["overview", "key_figures"]
    monkeypatch.delenv(RENDERING_VARIABLE, raising=False)
    shown = block._repr_html_()
    assert shown.startswith("<style>") and '<div class="pa">' in shown
    css = re.sub(r"/\*.*?\*/", "", shown.split("</style>")[0].removeprefix("<style>"), flags=re.S)
    selectors = [part.strip() for rule in re.findall(r"([^{}]+)\{", css) for part in rule.split(",")]
    assert selectors and all(selector.startswith(".pa") for selector in selectors)  # JupyterLab's page untouched
    monkeypatch.setenv(RENDERING_VARIABLE, "1")
    shown = block._repr_html_()
    assert "<style>" not in shown and shown.startswith('<div class="pa">') and str(block.html) in shown


# --- report/html.py ------------------------------------------------------------------------------------

def cells(markup: str) -> list[str]:
    return re.findall(r"<t[dh](?:\s[^>]*)?>.*?</t[dh]>", str(markup))


def test_table_aligns_numbers_and_wraps_only_long_words():
    long_name = "Prosjekt" + "x" * 60
    shown = table("Caption", ["Name", "Budget"], [[long_name, "1 571"], ["Short name", 12]], {1})
    assert cells(shown) == ['<th scope="col">Name</th>', '<th scope="col" class="num">Budget</th>',
                            f'<td class="wrap">{long_name}</td>', '<td class="num">1 571</td>',
                            '<td>Short name</td>', '<td class="num">12</td>']
    assert "<caption>Caption</caption>" in shown


def test_table_shows_missing_values_blank_and_escapes_text():
    shown = table("", ["a", "b", "c", "d"], [[None, float("nan"), pd.NA, "<b>&</b>"]])
    assert cells(shown)[4:] == ["<td></td>", "<td></td>", "<td></td>", "<td>&lt;b&gt;&amp;&lt;/b&gt;</td>"]
    assert "<caption>" not in shown


def test_table_removes_direction_controls():
    shown = table("Liste\u202e", ["Navn"], [["Alfa\u202eBeta\u2066"], ["\u200fGamma"]])
    assert cells(shown)[1:] == ["<td>AlfaBeta</td>", "<td>Gamma</td>"]
    assert "<caption>Liste</caption>" in shown


def test_table_rows_can_have_header_cells():
    shown = table("", ["", "2020-04"], [["Prosjekter", 52]], {1}, row_headers=True)
    assert cells(shown)[2:] == ['<th scope="row">Prosjekter</th>', '<td class="num">52</td>']


# --- report/lists.py -----------------------------------------------------------------------------------

def projects(count: int) -> pd.DataFrame:
    numbers = range(1, count + 1)
    return pd.DataFrame({"project_id": numbers, "project_name": [f"Prosjekt {i}" for i in numbers], "actor": "KS"})


def test_a_long_list_shows_its_first_25_and_writes_the_whole_list_beside_the_page(april_context, tmp_path):
    shown = project_table(replace(april_context, output_dir=tmp_path), projects(30), "Forverret status")
    assert LIST_LIMIT == 25
    assert len(re.findall(r"<tr>", str(shown))) == 1 + 25  # the header and 25 projects
    assert "Prosjekt 25<" in shown and "Prosjekt 26<" not in shown
    assert 'href="forverret-status.csv"' in shown
    written = pd.read_csv(tmp_path / "forverret-status.csv", encoding="utf-8-sig")
    assert len(written) == 30 and list(written["project_id"]) == list(range(1, 31))


def test_a_long_list_outside_a_report_run_links_to_nothing(april_context, tmp_path):
    shown = project_table(april_context, projects(30), "Forverret status")
    assert len(re.findall(r"<tr>", str(shown))) == 1 + 25 and "href" not in shown


def test_a_list_of_25_is_shown_whole(april_context, tmp_path):
    shown = project_table(replace(april_context, output_dir=tmp_path), projects(25), "Forverret status")
    assert len(re.findall(r"<tr>", str(shown))) == 1 + 25 and "href" not in shown
    assert list(tmp_path.iterdir()) == []


def test_slug_names_a_file_after_its_caption():
    assert slug("Forverret status") == "forverret-status"
    assert slug("Prosjekter med økt budsjett – Bærum/Ås") == "prosjekter-med-okt-budsjett-baerum-as"
    assert slug("!!!") == "list"
    assert len(slug("x" * 100)) == 60


def test_the_group_sentence_only_where_groups_gather_organisations(ehelse_blocks, uk_blocks):
    """E-helse's groups gather organisations, so the takeaway names the largest group too; the UK's
    groups are its departments, so that sentence would repeat the first."""
    assert "Helseforvaltning står for 57\u00a0% av budsjettet" in ehelse_blocks["overview", "figure_budget_by_actor"].html
    uk_takeaway = re.search(r"Key point:</strong>(.*?)</p>", uk_blocks["overview", "figure_budget_by_actor"].html).group(1)
    assert uk_takeaway.count("DFT") == 1
