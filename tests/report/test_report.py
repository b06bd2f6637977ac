"""Rendering the reports: the README's main output, failures, and the notebooks themselves."""

import hashlib
import io
import json
import os
import re
import shutil

import nbformat
import pytest

from portfolio_analysis.cli.main import main
from portfolio_analysis.report.render import PAGES as ALL_PAGES, render_period
from portfolio_analysis.report.pageset import NOTEBOOKS_DIR

from portfolio_analysis.settings.profile import Profile

# the pages of an e-helse (and a simulated) report: their profiles list no pages, so the default ones (no
# schedule-and-cost page: the e-health template gives no planned dates or whole-life costs)
PAGES = {name: page for name, page in ALL_PAGES.items() if name in Profile.pages}

NBSP = "\u00a0"
NOTEBOOKS = sorted(path for path in NOTEBOOKS_DIR.glob("*.ipynb"))  # the report pages


@pytest.fixture(scope="module")
def rendered(real_reports):
    return real_reports


def text_of(path):
    """The page's text without tags, as a reader sees it (entities unescaped)."""
    import html
    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


@pytest.mark.slow
def test_report_command_writes_every_page_and_the_indexes(rendered):
    code, reports = rendered
    assert code == 0
    period = reports / "e-helse" / "2020-04"
    assert sorted(p.name for p in period.iterdir()) == sorted(list(PAGES.values()) + ["e-helse-2020-04.html",
                                                                                     "e-helse-2020-04.xlsx",
                                                                                     "report.json"])
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert 'href="e-helse/2020-04/index.html"' in index and "Nasjonal e-helseportefølje" in index
    assert json.loads((period / "report.json").read_text())["as_of"] == "2020-03-20"


@pytest.mark.slow
def test_index_shows_the_april_2020_report(rendered):
    _, reports = rendered
    text = text_of(reports / "e-helse" / "2020-04" / "index.html")
    assert f"Porteføljen har 52 prosjekter per 20. mars 2020 (54 i januar 2020)" in text
    assert f"60{NBSP}% av prosjektene har status Gul og 65{NBSP}% har risiko Gul" in text
    assert f"1{NBSP}571{NBSP}mill. kr; publisert total er 1{NBSP}560{NBSP}mill. kr, og kildene sier ikke hva forskjellen er" in text
    assert "Realisere API-management som en tjeneste" in text  # Tabell 1
    for line in ("Regionalt laboratoriedatasystem", "Medikamentell kreftbehandling", "Forvaltning", "Pauset"):
        assert line in text  # Tabell 2
    assert "Digitalisering av legemiddelområdet" in text and "Regional EPJ Journalinnsyn" in text  # red status
    assert "PKI infrastrukturløsning" in text and "Robust Mobilt Helsenett" in text  # red risk
    assert f"635{NBSP}mill. kr" in text  # Direktoratet for e-helse, Figur 1's table
    assert f"894{NBSP}mill. kr" in text  # helseforvaltning, Figur 2's table


@pytest.mark.slow
def test_pages_are_self_contained_norwegian_and_state_their_provenance(rendered, real_data):
    _, reports = rendered
    vedlegg = real_data / "raw" / "e-helse" / "2020-04" / "vedlegg1_prosjektliste.tsv"
    digest = hashlib.sha256(vedlegg.read_bytes()).hexdigest()
    for page in PAGES.values():
        content = (reports / "e-helse" / "2020-04" / page).read_text(encoding="utf-8")
        assert content.startswith("<!DOCTYPE html>\n<html lang=\"nb\">")
        assert "<script" not in content and "http://" not in content and "https://" not in content
        assert "src=\"data:image/png;base64," in content or page == "index.html"
        assert digest in content and "Data per 20. mars 2020." in content and "portfolio-analysis" in content


@pytest.mark.slow
def test_budget_page_explains_the_decline(rendered):
    _, reports = rendered
    text = text_of(reports / "e-helse" / "2020-04" / "budget_decline.html")
    assert (f"Budsjettet gikk ned med 90{NBSP}mill. kr fra 1{NBSP}650{NBSP}mill. kr i januar 2020 til "
            f"1{NBSP}560{NBSP}mill. kr i april 2020 (publiserte totaler). "
            f"I april 2020 summerer prosjektlinjene til 1{NBSP}571{NBSP}mill. kr, mens publisert total er "
            f"1{NBSP}560{NBSP}mill. kr. Kildene sier ikke hva differansen på 11{NBSP}mill. kr er.") in text
    assert f"Kan ikke fordeles" in text and f"−86{NBSP}mill. kr" in text
    assert "Januar 2020 har ingen publiserte verdier per prosjekt" in text


@pytest.mark.slow
def test_failing_notebook_exits_non_zero_keeps_it_and_leaves_the_published_report(rendered, real_data, tmp_path,
                                                                                     capsys):
    _, reports = rendered
    published = {p.name: p.read_bytes() for p in (reports / "e-helse" / "2020-04").iterdir()}
    broken = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, broken)
    notebook = nbformat.read(broken / "risk.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("the risk notebook broke")'))
    nbformat.write(notebook, broken / "risk.ipynb")
    code = main(["report", "--portfolio", "e-helse", "--period", "2020-04", "--data-dir", str(real_data),
                 "--reports-dir", str(reports), "--notebooks", str(broken)])
    assert code == 1
    kept = reports / "_failed" / "e-helse" / "2020-04" / "risk.ipynb"
    assert f"notebook risk failed; the executed notebook with the error is {kept}" in capsys.readouterr().err
    assert "the risk notebook broke" in kept.read_text(encoding="utf-8")
    assert {p.name: p.read_bytes() for p in (reports / "e-helse" / "2020-04").iterdir()} == published
    assert not [p for p in (reports / "e-helse").iterdir() if p.name.startswith(".")]  # no staging left


@pytest.mark.slow
def test_relative_data_and_reports_dirs_are_read_from_where_the_command_runs(real_data, tmp_path, monkeypatch):
    """The notebooks run in notebooks/, the command stays where it was started: relative folders once led
    every notebook's output, and the lists and data the notebooks read and write, into notebooks/."""
    monkeypatch.chdir(tmp_path)
    code = main(["report", "--portfolio", "e-helse", "--period", "2020-04", "--data-dir",
                 os.path.relpath(real_data, tmp_path), "--reports-dir", "reports", "--force"])
    assert code == 0
    assert {p.name for p in (tmp_path / "reports" / "e-helse" / "2020-04").iterdir()} >= set(PAGES.values())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_committed_clean_with_documented_parameters_and_no_logic(path):
    notebook = nbformat.read(path, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(not cell.outputs and cell.execution_count is None for cell in code)
    parameters = [cell for cell in code if "parameters" in cell.metadata.get("tags", [])]
    assert len(parameters) == 1
    for name in ("portfolio", "period", "previous_period", "data_dir", "output_dir", "snapshot"):
        assert re.search(rf"^{name}: str = .*  # \w", parameters[0].source, re.M), name
    assert not any(re.search(r"^\s*(def|class|import pandas|for|if) ", cell.source, re.M) for cell in code)
    assert set(p.stem for p in NOTEBOOKS) == set(ALL_PAGES)


@pytest.mark.slow
def test_all_periods_of_a_simulated_portfolio_render_and_say_they_are_synthetic(tmp_path):
    from portfolio_analysis.simulate import simulate_portfolio

    simulation = simulate_portfolio(tmp_path / "data", periods=3, projects=30, seed=3)
    reports = tmp_path / "reports"
    code = main(["report", "--portfolio", simulation.portfolio, "--all", "--data-dir", str(tmp_path / "data"),
                 "--reports-dir", str(reports)])
    assert code == 0
    rendered = sorted(p.name for p in (reports / simulation.portfolio).iterdir())
    assert rendered == simulation.periods[1:]  # every period that has one before it
    for period in rendered:
        for page in PAGES.values():
            text = text_of(reports / simulation.portfolio / period / page)
            assert "Syntetiske data: alle tall i denne rapporten er simulert" in text
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{simulation.portfolio}/{period}/index.html"' in index for period in rendered)
