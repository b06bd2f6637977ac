"""Words that say one thing (issue 13): the report's blocks on the real data, in Norwegian and English,
sentence by sentence; and the figures behind them come from the analysis layer (``block.data``)."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

import portfolio_analysis as pa
from portfolio_analysis.report.pages import budget_decline, overview, risk, status_change
from conftest import write_projects


def text(block) -> str:
    """A block's (or an HTML text's) words without tags, one space between them (a no-break space read as a space)."""
    shown = re.sub(r'src="data:image/png;base64,[^"]*"', "", str(getattr(block, "html", block)))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", shown)).split())


def rows_of(block) -> list[str]:
    """Each table row as its cells' text joined by ' | '."""
    return [" | ".join(" ".join(html.unescape(re.sub(r"<[^>]+>", "", cell)).split())
                       for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
            for row in re.findall(r"<tr>(.*?)</tr>", str(block.html), re.S)]


@pytest.fixture(scope="module")
def ctx_en(ehelse_portfolio):
    return overview.context(dataclasses.replace(ehelse_portfolio, language="en"), "2020-04")


# --- a blank rating and a project that sent nothing have two different words ----------------------

def test_key_figures_call_a_blank_rating_not_given(april_context):
    block = overview.key_figures(april_context)
    rows = rows_of(block)
    assert "Status: Ikke oppgitt | ukjent | 1 (2 %)" in rows
    assert "Risiko: Ikke oppgitt | ukjent | 1 (2 %)" in rows
    assert "Ikke rapportert" not in text(block)
    figures = block.data.set_index(["figure", "label", "report_period"])
    assert figures.loc[("status", "not_reported", "2020-04"), "value"] == 1  # ID 131's blank status
    assert figures.loc[("status", "Gul", "2020-01"), "share"] == pytest.approx(0.56)  # published in January
    assert figures.loc[("status", "Gul", "2020-01"), "source"] == "published"


def test_projects_that_sent_nothing_are_not_reported_carried_forward(april_context):
    change = pa.status_change(april_context.comparison)
    rows = rows_of(status_change.not_reported(april_context, change))
    assert rows[1] == ("83 | DIS – Digitale innbyggertjenester for spesialisthelsetjenesten | Helse Sør-Øst RHF | Gul | "
                       "Gul | Ikke rapportert (videreført): status og risiko fra forrige periode | januar 2020")
    header = rows_of(status_change.transitions_figure(april_context, change, "status"))[0]
    assert header == " | Grønn | Gul | Rød | Ikke rapportert (videreført)"


def test_english_words_for_blank_and_carried_forward(ctx_en):
    assert "Status: Not given | unknown | 1 (2%)" in rows_of(overview.key_figures(ctx_en))
    change = pa.status_change(ctx_en.comparison)
    assert rows_of(status_change.not_reported(ctx_en, change))[1].endswith(
        "| Not reported (carried forward): status and risk of the previous period | January 2020")


# --- how the periods' projects were matched, said plainly ----------------------------------------

def test_match_note_says_how_many_left_and_joined(april_context, ctx_en):
    assert text(overview.heading(april_context, "overview")).endswith(
        "51 prosjekter er med i begge periodene; 3 har gått ut og 1 har kommet inn.")
    assert text(overview.heading(ctx_en, "overview")).endswith(
        "51 projects are in both periods; 3 left and 1 joined.")


def test_match_note_mentions_names_only_where_projects_were_matched_by_name(uk_portfolio):
    ctx = overview.context(uk_portfolio, "2016-09")  # the GMPP lists before 2021 give no project ids
    assert text(overview.heading(ctx, "overview")).endswith(
        "105 projects are in both periods; 38 left and 38 joined. 105 of them are matched by exact name, because "
        "at least one of the periods gives them no project id; a project renamed between the periods then counts "
        "as one that left and one that joined.")
    assert "matched by exact name" not in text(overview.heading(overview.context(uk_portfolio, "2023-03"), "overview"))


# --- the budget compared like with like ----------------------------------------------------------

def test_budget_takeaway_compares_published_with_published_and_states_the_rows(april_context):
    decline = pa.budget_decline(april_context.comparison)
    block = budget_decline.budget_takeaway(april_context, decline)
    assert text(block).startswith(
        "Budsjettet gikk ned med 90 mill. kr fra 1 650 mill. kr i januar 2020 til 1 560 mill. kr i april 2020 "
        "(publiserte totaler). I april 2020 summerer prosjektlinjene til 1 571 mill. kr, mens publisert total er "
        "1 560 mill. kr. Kildene sier ikke hva differansen på 11 mill. kr er.")
    change = block.data.set_index("basis")
    assert change.loc["published", "change_mnok"] == -90
    assert change.loc["rows", "current_mnok"] == 1571 and change["previous_mnok"].isna()["rows"]


def test_budget_takeaway_in_english(ctx_en):
    block = budget_decline.budget_takeaway(ctx_en, pa.budget_decline(ctx_en.comparison))
    assert text(block).startswith(
        "The budget fell by 90 mill. kr from 1,650 mill. kr in January 2020 to 1,560 mill. kr in April 2020 "
        "(published totals). In April 2020 the project rows sum to 1,571 mill. kr while the published total is "
        "1,560 mill. kr. The sources do not say what the difference of 11 mill. kr is.")


def test_bridge_takeaway_says_which_totals_it_joins(april_context):
    figure = budget_decline.bridge_figure(april_context, pa.budget_decline(april_context.comparison))
    assert ("Hovedpoeng: Broen går fra 1 650 mill. kr i januar 2020 (publisert total) til 1 571 mill. kr i april "
              "2020 (sum av prosjektlinjene). Totalene har ulikt grunnlag, så det som ikke kan fordeles, rommer også "
              "forskjellen mellom dem. Trinn for trinn: prosjekter som gikk ut ukjent, nye prosjekter +7 mill. kr, "
              "prosjekter i begge periodene ukjent, og −86 mill. kr kan ikke fordeles på prosjekter.") in text(figure)


def test_a_step_that_cannot_be_assigned_is_never_shown_as_zero(uk_portfolio):
    ctx = overview.context(uk_portfolio, "2018-09")  # the residual is 0 (to the penny) while 17 projects have no cost
    figure = budget_decline.bridge_figure(ctx, pa.budget_decline(ctx.comparison))
    assert "Cannot be assigned" not in text(figure) and "cannot be assigned" not in text(figure)
    assert "All of the change is assigned to projects." in text(figure)


# --- a figure the period does not have is left out -----------------------------------------------

def test_headline_gives_both_totals_where_april_has_both(april_context):
    block = overview.overview_headline(april_context)
    assert text(block) == (
        "Porteføljen har 52 prosjekter per 20. mars 2020 (54 i januar 2020). 60 % av prosjektene har status Gul "
        "og 65 % har risiko Gul. Summen av prosjektenes budsjett for 2020 er 1 571 mill. kr; publisert total er "
        "1 560 mill. kr, og kildene sier ikke hva forskjellen er.")
    figures = block.data.iloc[0]
    assert (figures["projects"], figures["budget_rows_mnok"], figures["budget_published_mnok"]) == (52, 1571, 1560)


def test_uk_pages_say_nothing_of_a_published_total(uk_portfolio):
    ctx = overview.context(uk_portfolio, "2023-03")
    decline = pa.budget_decline(ctx.comparison)
    assert text(overview.overview_headline(ctx)) == (
        "The portfolio holds 244 projects as of 31 March 2023 (235 in March 2022). 75% of the projects have "
        "delivery confidence Amber. Their whole-life cost baselines sum to £471,818m where given.")
    key_figures = rows_of(overview.key_figures(ctx))
    assert key_figures[:3] == [" | March 2022 | March 2023", "Projects | 235 | 244",
                               "Whole-life cost baseline – Sum of the projects | £494,181m | £471,818m"]
    totals = rows_of(budget_decline.budget_totals_table(ctx, decline))
    assert totals[0] == "Period | Projects | Sum of the projects | Whole-life cost 0 | Whole-life cost not given"
    assert totals[-1] == "March 2023 | 244 | £471,818m | 0 | 51"
    assert text(budget_decline.budget_takeaway(ctx, decline)).startswith(
        "The sum of the whole-life cost baselines fell by £22,363m from £494,181m in March 2022 to £471,818m in "
        "March 2023 (sums of the project rows). Step by step: projects that left −£61,170m, projects that joined "
        "+£58,043m, projects in both periods +£21,058m, and −£40,294m cannot be assigned to projects.")
    for block in (overview.overview_headline(ctx), overview.key_figures(ctx),
                  budget_decline.budget_totals_table(ctx, decline), budget_decline.budget_takeaway(ctx, decline)):
        assert "ublished" not in text(block) and "unknown" not in text(block)


def test_a_portfolio_of_submissions_without_published_totals_says_nothing_of_them(mini):
    write_projects(mini, "ID\tProsjektnavn\tAnsvarlig virksomhet\tStatus\tRisiko\tBudsjett 2020\n"
                         "1\tAlpha\tHelsedirektoratet\tGul\tGrønn\t10\n", period="2021-01")
    write_projects(mini, "ID\tProsjektnavn\tAnsvarlig virksomhet\tStatus\tRisiko\tBudsjett 2020\n"
                         "1\tAlpha\tHelsedirektoratet\tRød\tGul\t12\n", period="2021-04")
    pa.build("mini", mini)
    ctx = overview.context(pa.load_portfolio("mini", mini), "2021-04")
    assert text(overview.overview_headline(ctx)).endswith(
        "Summen av prosjektenes budsjett for 2020 er 12.")  # the mini portfolio names no budget unit
    for block in (overview.overview_headline(ctx), overview.key_figures(ctx)):
        assert "ublisert" not in text(block) and "ukjent" not in text(block)
    assert text(budget_decline.budget_takeaway(ctx, pa.budget_decline(ctx.comparison))).startswith(
        "Budsjettet økte med 2 fra 10 i januar 2021 til 12 i april 2021 (summer av prosjektlinjene).")


# --- area names come from the analysis ------------------------------------------------------------

def test_area_names_come_with_the_analysis(april_context):
    by_area = pa.budget_by(april_context.pf, "2020-04", "strategic_area").set_index("strategic_area")
    assert by_area.loc[1, "strategic_area_name"] == "Digitalisering av arbeidsprosesser"
    table = rows_of(risk.risk_by_area_table(april_context, pa.risk_analysis(april_context.comparison)))
    assert "1 Digitalisering av arbeidsprosesser | 4 | 10 | 0 | 1 | 15" in table
    assert table[0] == " | Grønn | Gul | Rød | Ikke oppgitt | Prosjekter"


def test_the_zeros_that_mean_not_given_are_named_only_where_there_are_some(ehelse_portfolio, uk_portfolio):
    said = {}
    for name, portfolio, period in (("e-helse", ehelse_portfolio, "2020-04"), ("uk-gmpp", uk_portfolio, "2022-03")):
        ctx = budget_decline.context(portfolio, period)
        said[name] = re.findall(r"<p>(.*?)</p>", budget_decline.budget_takeaway(ctx, pa.budget_decline(ctx.comparison)).html)
    assert said["e-helse"] == ["9 prosjekter har budsjett 0 og 0 mangler budsjett. 2 av nullene betyr i praksis at "
                               "budsjettet ikke er oppgitt."]
    assert said["uk-gmpp"] == ["0 projects have a whole-life cost of 0 and 44 give none."]


# --- one meaning per word, and nothing said twice, over every page of a set (issue 23, item 5) -----------------

def page_texts(portfolio: str, period: str, data_dir) -> dict[str, str]:
    """Every page of the period's report set (``render.pages_of``), as its notebook shows it (the cells run in this
    process): page -> HTML."""
    from test_report_blocks import notebook_blocks
    from portfolio_analysis.report.render import pages_of
    pages = pages_of(overview.context(pa.load_portfolio(portfolio, data_dir), period))
    return {page: "\n".join(str(block.html) for block in notebook_blocks(page, portfolio, period, data_dir).values()
                            if hasattr(block, "html"))
            for page in pages}


def own_words(page: str) -> str:
    """A page's text without the owners' own words: the cells of the columns headed Reason / Begrunnelse (an
    owner may well write "budget" or "videreført"), and without the alt texts of the images."""
    def without_reasons(table: re.Match) -> str:
        headers = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).split())
                   for h in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", table[0], re.S)]
        reasons = {i for i, h in enumerate(headers) if h in ("Reason", "Begrunnelse")}
        if not reasons:
            return table[0]

        def row(match: re.Match) -> str:
            cells = re.findall(r"<t[hd][^>]*>.*?</t[hd]>", match[0], re.S)
            return "<tr>" + "".join(c for i, c in enumerate(cells) if i not in reasons) + "</tr>"
        return re.sub(r"<tr[^>]*>.*?</tr>", row, table[0], flags=re.S)
    shown = re.sub(r"<table[^>]*>.*?</table>", without_reasons, page, flags=re.S)
    return text(re.sub(r'<img[^>]*>', "", shown))


@pytest.fixture(scope="module")
def report_sets(real_data, uk_portfolio, tmp_path_factory):
    """(name, language, {page: html}) for e-helse April 2020 and a July 2020 cycle made from the April files (in
    Norwegian and, with the profile's language set to English in the copy, in English) and the UK March 2023."""
    from cycle_support import add_july, e_helse_with_split_april
    july = tmp_path_factory.mktemp("words-july") / "data"
    add_july(e_helse_with_split_april(july).parents[2])
    pa.build("e-helse", july)
    sets = [("e-helse 2020-04", "nb", page_texts("e-helse", "2020-04", real_data)),
            ("e-helse 2020-07", "nb", page_texts("e-helse", "2020-07", july))]
    profile = july / "raw" / "e-helse" / "portfolio.yml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("language: nb", "language: en"), encoding="utf-8")
    sets += [("e-helse 2020-07", "en", page_texts("e-helse", "2020-07", july)),
             ("e-helse 2020-04", "en", page_texts("e-helse", "2020-04", july)),
             ("uk-gmpp 2023-03", "en", page_texts("uk-gmpp", "2023-03", real_data))]  # uk_portfolio: built there
    return sets


MATCH_NOTE = {"nb": "er med i begge periodene;", "en": "are in both periods;"}


def test_every_page_keeps_one_meaning_per_word_and_says_nothing_twice(report_sets):
    for name, language, pages in report_sets:
        assert len(pages) >= 4, name
        assert ("schedule_cost" in pages) == (not name.endswith("2020-04")), name  # July's cycle sends end dates
        said = {page: own_words(body) for page, body in pages.items()}
        for page, words in said.items():
            where = f"{name} ({language}) {page}"
            # 'videreført' / 'carried forward' only for values carried from an earlier period
            assert not re.search(r"videreførte (prosjekt|\w+ prosjekt)|i videreførte|Endring i videreført", words), where
            assert not re.search(r"\bcontinuing\b", words), where
            # a takeaway that compares a share with the same share says nothing (history: another branch's page)
            if page != "history":
                assert not re.search(r"(\d+ ?%) i [^.]*? mot \1 i", words), where
                assert not re.search(r"(\d+ ?%) in [^.]*? against \1 in", words), where
            # the chart draws its title: no caption under it repeats it
            assert "<figcaption" not in pages[page], where
            # no table of zeros: a row of only zeros for ratings that are unknown
            for table in re.findall(r"<table[^>]*>.*?</table>", pages[page], re.S):
                rows = [[c for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
                        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)]
                assert sum(1 for cells in rows if len(cells) > 1 and set(cells) == {"0"}) <= 1, (where, table[:200])
            if name.startswith("uk-gmpp"):  # the GMPP's money is the whole-life cost, on every page
                assert not re.search(r"budget", words, re.I), (where, re.findall(r".{60}budget.{30}", words, re.I))
        # the match sentence once in the set, so once in its single file
        assert sum(words.count(MATCH_NOTE[language]) for words in said.values()) == 1, name


def test_the_gap_between_the_rows_and_the_published_total_is_said_once_per_page_as_unexplained(report_sets):
    for name, language, pages in report_sets:
        if not name.startswith("e-helse"):
            continue
        unexplained = {"nb": "kildene sier ikke hva", "en": "the sources do not say what"}[language]
        for page, body in pages.items():
            words = own_words(body)
            both = ("1 571" in words or "1,571" in words) and ("1 560" in words or "1,560" in words)
            assert words.lower().count(unexplained) <= (1 if both else 0), (name, language, page)
        # the budget page of both periods, and April's overview, whose lede gives both totals (July's overview
        # shows them in its key figures: that page's first screen is another branch's)
        assert own_words(pages["budget_decline"]).lower().count(unexplained) == 1, (name, language)
        if name.endswith("2020-04"):
            assert own_words(pages["overview"]).lower().count(unexplained) == 1, (name, language)
