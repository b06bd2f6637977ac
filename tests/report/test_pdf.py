"""The period as a PDF (issue 24, item 5): the single file printed by headless Chromium with the title and
"n / N" on every sheet; with no engine, or a failing one, the set is published with one line saying so."""

import io
import json
import re

import pytest

import portfolio_analysis as pa
from bundled import copy_bundled_raw
from portfolio_analysis.report import pdf
from portfolio_analysis.report.render import render_period

pytestmark = pytest.mark.slow

TITLE = "Nasjonal e-helseportefølje – april 2020"


@pytest.fixture(scope="module")
def april_data(tmp_path_factory):
    data = copy_bundled_raw(tmp_path_factory.mktemp("pdf") / "data")
    pa.build("e-helse", data)
    return data


def render(data, reports, monkeypatch, setting: str | None):
    if setting is None:
        monkeypatch.delenv(pdf.SETTING, raising=False)
    else:
        monkeypatch.setenv(pdf.SETTING, setting)
    progress = io.StringIO()
    result = render_period("e-helse", "2020-04", None, data, reports, progress=progress)
    assert result.ok, progress.getvalue()
    return result.folder, progress.getvalue()


def meta_of(folder):
    return json.loads((folder / "report.json").read_text(encoding="utf-8"))


def test_the_pdf_has_the_title_and_its_number_on_every_sheet(april_data, tmp_path, monkeypatch):
    if pdf.find_engine({}).kind == "none":
        pytest.skip("no PDF engine on this machine")
    from pypdf import PdfReader

    folder, _ = render(april_data, tmp_path / "reports", monkeypatch, None)
    assert meta_of(folder)["pdf"] == "e-helse-2020-04.pdf"
    pages = PdfReader(folder / "e-helse-2020-04.pdf").pages
    assert len(pages) >= 10
    for number, page in enumerate(pages, start=1):
        text = page.extract_text()
        assert TITLE in text, number
        assert re.search(rf"(?m)^{number} / {len(pages)}$", text), number
    assert "Om rapporten" in pages[-1].extract_text() or "SHA-256" in pages[-1].extract_text()
    page = (folder / "risk.html").read_text(encoding="utf-8")
    assert '<a href="e-helse-2020-04.pdf">PDF</a>' in page
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert '<a href="e-helse/2020-04/e-helse-2020-04.pdf">PDF</a>' in index


def test_a_failing_engine_is_one_line_and_the_set_is_published(april_data, tmp_path, monkeypatch):
    folder, printed = render(april_data, tmp_path / "reports", monkeypatch, str(tmp_path / "no-such-chromium"))
    assert "no PDF: " in printed and "no-such-chromium" in printed  # the reason, on the console
    assert not list(folder.glob("*.pdf"))
    assert (folder / "e-helse-2020-04.xlsx").is_file() and (folder / "e-helse-2020-04.html").is_file()
    line = "PDF ble ikke laget: PDF-motoren feilet (se konsollen)."
    assert meta_of(folder)["no_pdf"] == line
    for name in ("index.html", "risk.html"):
        assert (folder / name).read_text(encoding="utf-8").count(line) == 1
    assert (tmp_path / "reports" / "index.html").read_text(encoding="utf-8").count(line) == 1
    # a failed PDF is tried again by the next run: its key matches no run's
    assert meta_of(folder)["content_key"].endswith("-pdf-failed")


def test_no_engine_publishes_the_set_with_the_line(april_data, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_engine", lambda environ=None: pdf.Engine("none", reason="no_engine"))
    from portfolio_analysis.report import render as render_module
    monkeypatch.setattr(render_module, "find_engine", pdf.find_engine)
    folder, _ = render(april_data, tmp_path / "reports", monkeypatch, None)
    line = "PDF ble ikke laget: ingen HTML-til-PDF-motor (Chromium eller WeasyPrint) er installert."
    assert meta_of(folder)["pdf"] is None and meta_of(folder)["no_pdf"] == line
    assert line in (folder / "status_change.html").read_text(encoding="utf-8")
