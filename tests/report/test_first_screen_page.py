"""The overview's first screen as the page writes it (issue 23, item 1): one paragraph (what changed, what is
missing, where the money went) and one table (what is red, since when, and why), in the report's language;
the red lists' headings name the rating their column shows."""

from __future__ import annotations

import html
import re

import pytest

import portfolio_analysis as pa
from cycle_support import JOURNALINNSYN
from portfolio_analysis.report.pages import overview


@pytest.fixture(scope="module")
def july(july_cycle):
    return pa.load_portfolio("e-helse", july_cycle)


def rows_of(block) -> list[str]:
    """Each table row as its cells' text joined by ' | '."""
    return [" | ".join(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
                       for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
            for row in re.findall(r"<tr>(.*?)</tr>", str(block.html), re.S)]


def lede(block) -> str:
    """The first screen's paragraph as text (no-break spaces read as spaces)."""
    found = re.search(r'<p class="first-screen">(.*?)</p>', str(block.html), re.S).group(1)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found)).replace("\u00a0", " ").split())


def caption(block) -> str:
    return html.unescape(re.search(r"<caption>(.*?)</caption>", str(block.html), re.S).group(1))


def test_july_paragraph_answers_what_changed_what_is_missing_and_where_the_money_went(july):
    text = lede(overview.first_screen(overview.context(july, "2020-07")))
    assert text.startswith("51 prosjekter nå (52 i april 2020): 1 kommet inn og 2 gått ut. ")
    assert "Av prosjektene i begge periodene fikk 1 dårligere og 1 bedre status; ingen endret risiko." in text
    assert "9 av 10 aktører sendte innmelding; ikke mottatt fra Helse Nord RHF." in text
    assert "Prosjekter uten vurdering: status for 1, risiko for 1." in text  # 131's status and 164's risk are blank
    # carried ratings are not this period's, and say when they were last assessed: 101's were January's
    assert "3 av vurderingene er videreført, ikke nye: sist vurdert i april 2020 (2) og januar 2020 (1)." in text
    # the money in the bridge's named steps (the step with 0 left out), never a bare net
    assert "Budsjett 2020 (mill. kr): 1 469 nå mot 1 571 i april 2020 (" in text
    steps = text.split("mot 1 571 i april 2020 (")[1]
    assert re.findall(r"[−+]\d+", steps) == ["−104", "+12", "−10"]


def test_july_table_names_each_red_project_with_since_when_and_its_reason(july):
    block = overview.first_screen(overview.context(july, "2020-07"))
    assert caption(block) == "Prosjekter med status eller risiko Rød"
    rows = rows_of(block)
    assert rows[0] == "ID | Prosjekt | Ansvarlig virksomhet | Status | Risiko | Rød siden | Begrunnelse"
    assert rows[1] == ("163 | Regional EPJ Journalinnsyn | Helse Sør-Øst RHF | Rød | Gul | april 2020 * | "
                       + JOURNALINNSYN)
    assert rows[2].startswith("11 | EPJ-løftet | Direktoratet for e-helse | Rød | Gul | juli 2020 | Prosjektet er "
                              "forsinket")
    assert rows[3] == ("101 | Robust Mobilt Helsenett | Helse Nord RHF | Gul | Rød | april 2020 * | "
                       "Videreført, sist vurdert i januar 2020: ingen kommentar")
    assert [row.split(" | ")[0] for row in rows[1:]] == ["163", "11", "101", "132", "160"]
    note = "* Perioden før har ingen verdier per prosjekt: om prosjektet var Rød også da, er ukjent."
    assert note in str(block.html)
    assert block.data["project_id"].tolist() == [163, 11, 101, 132, 160]


def test_the_not_reported_list_names_the_period_a_carried_value_was_last_assessed(july):
    ctx = overview.context(july, "2020-07")
    rows = rows_of(overview.not_reported(ctx, pa.status_change(ctx.comparison)))
    assert any(row.startswith("101 | Robust Mobilt Helsenett") and row.endswith("januar 2020") for row in rows)
    assert any(row.startswith("167 | FRESK") and row.endswith("april 2020") for row in rows)


def test_april_says_the_files_hold_no_comments_and_which_totals_the_money_compares(april_context):
    block = overview.first_screen(april_context)
    text = lede(block)
    assert "Hvilke prosjekter som ble bedre eller dårligere, er ukjent." in text  # the notice above says why
    assert "Budsjett 2020 (mill. kr): 1 571 (sum av prosjektene) nå mot 1 650 (publisert) i januar 2020 (" in text
    assert "2 av vurderingene er videreført, ikke nye: sist vurdert i januar 2020." in text
    assert "Innmeldingene for april 2020 har ingen kommentarer" in str(block.html)
    assert rows_of(block)[0] == "ID | Prosjekt | Ansvarlig virksomhet | Status | Risiko | Rød siden | Begrunnelse"
    assert rows_of(block)[3].endswith("| Videreført, sist vurdert i januar 2020")  # 101, no comment column otherwise


def test_gmpp_headings_name_delivery_confidence_as_their_column_does(uk_portfolio):
    ctx = overview.context(uk_portfolio, "2023-03")
    first = overview.first_screen(ctx)
    assert caption(first) == "Projects with delivery confidence Red"
    assert rows_of(first)[0] == "ID | Project | Department | Delivery confidence | Red since | Reason"
    assert len(rows_of(first)) == 1 + 23
    worst = overview.worst_lists(ctx)
    assert caption(worst) == "Projects with delivery confidence Red"
    assert rows_of(worst)[0] == "ID | Project | Department | Delivery confidence | Reason"
    text = lede(first)
    assert "Of the projects in both periods, 24 got a worse and 32 a better delivery confidence." in text
    assert ("Sum of the whole-life costs given (£m): 471,818 now against 494,181 in March 2022 (rises, projects in "
            "both periods +25,744;") in text
    assert "Projects without a rating: delivery confidence for 12 – 11 exempt (withheld), 1 not rated." in text


def test_gmpp_march_2022_compares_no_rating_across_the_scale_change(uk_portfolio):
    block = overview.first_screen(overview.context(uk_portfolio, "2022-03"))
    text = lede(block)
    assert ("Delivery confidence is not compared project by project with March 2021: it was rated on a 5-point "
            "scale then and on a 3-point scale now.") in text
    assert "worse" not in text and "better" not in text
    crowsnest = next(row for row in rows_of(block) if row.startswith("MOD_0017_1112-Q1"))
    assert "| March 2022 † |" in crowsnest
    note = "† The rating scale changed then; the project was Red on the earlier scale too"
    assert note in html.unescape(str(block.html))
