"""The short form of an owner's comment, as a list on a page shows it (report/comments.py): the templated
opening the profile names dropped, whole sentences up to 200 characters, a cut at a word marked "…".

On the real comments of the GMPP's March 2023 file (read from the bundled raw file with the csv module) and
on the e-helse owners' sentences the April 2020 report quotes."""

from __future__ import annotations

import csv
import io

import pytest

from bundled import bundled_bytes
from portfolio_analysis.report.comments import MORE, REASON_LIMIT, short_comment
from portfolio_analysis.settings.profile import load_profile

COMMENTARY = "Departmental commentary on actions planned or taken on the IPA RAG rating."

# Sentences the April 2020 report quotes from the owners' submissions (its red lists)
EPJ = "Prosjektet er 8 måneder bak plan, og det er sannsynligvis ikke mulig å nå prosjektets sluttdato sommeren 2021."
LEGEMIDDEL = ("Prosjektet melder om manglende finansiering, men får tildelt midler fra de regionale helseforetakene og "
              "Digitaliseringsdirektoratets medfinansieringsordning. Programmet og prosjektene er under replanlegging.")
PKI = ("Prosjektet melder forsinkelser fra leverandør da fabrikken i Kina er stengt. Leveransene er ikke i henhold "
       "til forventning og det er risiko for kostnadsoverskridelser.")


@pytest.fixture(scope="module")
def preambles(bundled_raw):
    """The GMPP profile's templated openings: the rating move, then "This is primarily due to the following
    factors."."""
    return load_profile(bundled_raw, "uk-gmpp").comment_preambles


@pytest.fixture(scope="module")
def gmpp_2023() -> dict[str, str]:
    """GMPP id -> the department's commentary on its rating, exactly as the March 2023 file writes it."""
    text = bundled_bytes("data/raw/uk-gmpp/2023-03/uk_2023.csv").decode("utf-8-sig", errors="replace")
    rows = {row[0].split("\n")[0].strip(): row[1:] for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")}
    return dict(zip(rows["GMPP ID Number"], rows[COMMENTARY]))


def words(text: str) -> str:
    return " ".join(text.split())


def test_a_short_comment_is_shown_whole():
    assert short_comment(EPJ) == EPJ
    assert short_comment(PKI) == PKI  # two sentences, 167 characters


def test_sentences_that_do_not_fit_are_left_out_and_the_mark_says_so():
    assert len(LEGEMIDDEL) > REASON_LIMIT
    assert short_comment(LEGEMIDDEL) == ("Prosjektet melder om manglende finansiering, men får tildelt midler fra de "
                                         "regionale helseforetakene og Digitaliseringsdirektoratets "
                                         "medfinansieringsordning.\u00a0…")


def test_a_long_first_sentence_is_cut_at_a_word():
    long = "Prosjektet " + "er forsinket og " * 20 + "mangler ressurser."
    short = short_comment(long)
    kept = short.removesuffix(MORE)
    assert short.endswith(MORE) and long.startswith(kept) and long[len(kept)] == " "  # whole words only
    assert REASON_LIMIT - len("forsinket ") <= len(kept) <= REASON_LIMIT
    assert short_comment("x" * 500) == "x" * REASON_LIMIT + MORE  # one word longer than the limit


def test_line_breaks_read_as_spaces_and_blanks_are_no_comment():
    assert short_comment("Forsinket leveranse.\r\n\r\nNy plan i juni.") == "Forsinket leveranse. Ny plan i juni."
    assert short_comment("  \n ") is None and short_comment(None) is None and short_comment(float("nan")) is None


def test_an_abbreviation_does_not_end_a_sentence():
    text = "Forsinket pga. ressursmangel i prosjektet, bl.a. hos leverandøren. Neste setning " + "er lang og " * 15
    assert short_comment(text) == "Forsinket pga. ressursmangel i prosjektet, bl.a. hos leverandøren.\u00a0…"


def test_the_gmpp_templated_opening_is_dropped(gmpp_2023, preambles):
    assert gmpp_2023["BEIS_0007_2021-Q3"].startswith(
        "Compared to financial year 21/22-Q4, the Infrastructure Project Authority's Delivery Confidence Assessment "
        "rating at 22/23-Q4 remained at Red. This is primarily due to the following factors.\n")
    assert short_comment(gmpp_2023["CO_0028_2021-Q4"], preambles) == (
        "It was agreed across departments that the cost for Vetting Transformation will continue to be met by "
        "Burden Share.\u00a0…")
    assert short_comment(gmpp_2023["MOD_0078_1213-Q1"], preambles) == (
        "Significant and ongoing challenges associated with achieving the required core delivery date for "
        "Dreadnought and the importance of that milestone to sustaining the Continuous at Sea Deterrent.")
    assert short_comment(gmpp_2023["BEIS_0007_2021-Q3"], preambles) == (
        "The red IPA RAG rating was based upon the inability of the project to fall within the OBC cost and "
        "schedule range, and that the current range is assessed at a most likely outturn of 1,100-1,300m when" + MORE)


def test_every_gmpp_2023_comment_shortens_to_its_own_opening_words(gmpp_2023, preambles):
    shortened = 0
    for project, comment in gmpp_2023.items():
        short = short_comment(comment, preambles)
        if not comment.strip():
            assert short is None, project
            continue
        shown = short.removesuffix("\u00a0" + MORE).removesuffix(MORE)
        assert len(shown) <= REASON_LIMIT, project
        assert shown in words(comment), project  # the owner's words, in order, nothing added
        assert not any(pattern.match(short) for pattern in preambles), project
        shortened += short != words(comment)
    assert shortened > 200  # of 244 projects: nearly every commentary opens with the template or runs long


def test_a_comment_that_is_only_the_template_is_shown_as_written(preambles):
    only = ("Compared to financial year 21/22-Q4, the Delivery Confidence Assessment rating at 22/23-Q4 remained at "
            "Red (IPA rating). This is primarily due to the following factors.")
    assert any(pattern.match(only).end() == len(only) for pattern in preambles)
    assert short_comment(only, preambles) == only
