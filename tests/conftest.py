import os
from pathlib import Path

import pytest

import portfolio_analysis as pa
from browser_support import CHROMIUM, CHROMIUM_ARGS, MISSING, Rendered, rendered_set
from bundled import REPO, copy_bundled_raw

# Renders make no PDF in the tests (about 3 s a set): tests/report/test_pdf.py turns it on where it tests it.
os.environ.setdefault("PORTFOLIO_PDF", "off")

SEED = REPO.parent / "shared" / "seed" / "000_d075c33b85442b7a.txt"

MINI_PROFILE = """\
name: mini
title: Mini portfolio
language: nb
rating_scale: rag-nb
organisations: e-helse/organisations.csv
organisation_aliases: e-helse/organisation_aliases.csv
default_organisation_group: andre
strategic_areas: e-helse/strategic_areas.csv
footer_lines: ['^Nasjonal e-helseportefølje \\w+ \\d{4}$']
hyphen_keeps_before: [og, eller]
tables:
  projects:
    files: '*prosjektliste*'
    required: [project_id, project_name, actor, status, risk, budget_mnok]
"""

GOOD_ROWS = (
    "ID\tProsjektnavn\tAnsvarlig virksomhet\tStatus\tRisiko\tBudsjett 2020\n"
    "1\tAlpha\tHelsedirektoratet\tGul\tGrønn\t10\n"
    "2\tBeta\tKS\tRød\tGul\t5\n"
)


@pytest.fixture(scope="session")
def bundled_raw(tmp_path_factory) -> Path:
    """A data folder holding only ``raw/``: the repository's bundled raw files as committed (tests/bundled.py),
    whatever else the live data/raw holds. Read it; a test that changes raw files makes its own copy."""
    return copy_bundled_raw(tmp_path_factory.mktemp("bundled") / "data")


@pytest.fixture(scope="session")
def real_data(tmp_path_factory) -> Path:
    """A data folder holding a copy of the bundled raw files, e-helse built once."""
    data = copy_bundled_raw(tmp_path_factory.mktemp("real") / "data")
    pa.build("e-helse", data)
    return data


@pytest.fixture(scope="session")
def real_reports(real_data, tmp_path_factory):
    """The README's main job on the real data: ``report --period 2020-04``, run once. (exit code, reports dir)"""
    from portfolio_analysis.cli.main import main

    reports = tmp_path_factory.mktemp("reports")
    code = main(["report", "--portfolio", "e-helse", "--period", "2020-04", "--data-dir", str(real_data),
                 "--reports-dir", str(reports)])
    return code, reports


@pytest.fixture(scope="session")
def panel(real_data):
    return pa.load_panel("e-helse", real_data)


@pytest.fixture(scope="module")
def ehelse_portfolio(real_data):
    """The e-helse portfolio of the real data (``pa.load_portfolio``), once per test module."""
    return pa.load_portfolio("e-helse", real_data)


@pytest.fixture(scope="module")
def uk_portfolio(real_data):
    """The UK GMPP portfolio of the real data (``pa.load_portfolio``), once per test module."""
    return pa.load_portfolio("uk-gmpp", real_data)


@pytest.fixture(scope="module")
def april_context(ehelse_portfolio):
    """The report's context of e-helse April 2020 against January, as the overview page builds it."""
    from portfolio_analysis.report.pages import overview
    return overview.context(ehelse_portfolio, "2020-04")


@pytest.fixture
def mini(tmp_path) -> Path:
    """A small valid portfolio 'mini' with one period, 2021-01; tests overwrite its project list."""
    data = tmp_path / "data"
    folder = data / "raw" / "mini"
    (folder / "2021-01").mkdir(parents=True)
    (folder / "portfolio.yml").write_text(MINI_PROFILE, encoding="utf-8")
    write_projects(data, GOOD_ROWS)
    return data


def write_projects(data: Path, text: str, name: str = "prosjektliste.tsv", period: str = "2021-01",
                   encoding: str = "utf-8") -> Path:
    path = data / "raw" / "mini" / period / name
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("*prosjektliste*"):
        old.unlink()
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture(scope="session")
def uk_reports(real_data, tmp_path_factory):
    """``report --portfolio uk-gmpp --all`` on the real GMPP files, run once. (exit code, reports dir, output)"""
    import contextlib
    import io

    from portfolio_analysis.cli.main import main

    reports = tmp_path_factory.mktemp("uk-reports")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["report", "--portfolio", "uk-gmpp", "--all", "--data-dir", str(real_data),
                     "--reports-dir", str(reports)])
    return code, reports, printed.getvalue()


@pytest.fixture(scope="session")
def july_cycle(tmp_path_factory) -> Path:
    """A data folder holding e-helse with April split per organisation and the July 2020 cycle
    (tests/cycle_support.py), built once: read it, never change it."""
    from cycle_support import add_july, e_helse_with_split_april

    data = tmp_path_factory.mktemp("july-cycle") / "data"
    e_helse_with_split_april(data)
    add_july(data)
    pa.build("e-helse", data)
    return data


# --- the browser tests' shared session (tests/browser_support.py): one headless Chromium, the real sets rendered once

@pytest.fixture(scope="session")
def browser():
    if MISSING:  # only reached with CI=true: the modules are skipped otherwise
        pytest.fail(f"CI=true but the browser tests cannot run: {MISSING}", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def real_report(real_reports) -> Rendered:
    """The real e-helse data, April 2020 against January 2020, as the README's main job renders it."""
    code, reports = real_reports
    assert code == 0
    return rendered_set("e-helse", reports / "e-helse" / "2020-04")


@pytest.fixture(scope="session")
def uk_2023_report(uk_reports) -> Rendered:
    """The real UK GMPP, March 2023 against March 2022 (the set with the schedule-and-cost page), from
    ``report --portfolio uk-gmpp --all``."""
    code, reports, printed = uk_reports
    assert code == 0, printed
    return rendered_set("uk-gmpp", reports / "uk-gmpp" / "2023-03")
