"""Which PDF engine a render uses (issue 24, item 5): the setting, then a browser on the PATH, then none."""

from portfolio_analysis.report import pdf


def test_off_turns_the_pdf_off():
    assert pdf.find_engine({"PORTFOLIO_PDF": "off"}) == pdf.Engine("none", reason="off")


def test_a_path_names_the_browser():
    assert pdf.find_engine({"PORTFOLIO_PDF": "/opt/chrome/chrome"}) == pdf.Engine("chromium", "/opt/chrome/chrome")


def test_without_a_browser_or_weasyprint_there_is_no_engine(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    monkeypatch.setattr(pdf.glob, "glob", lambda pattern: [])
    monkeypatch.setitem(__import__("sys").modules, "weasyprint", None)  # import fails
    assert pdf.find_engine({}) == pdf.Engine("none", reason="no_engine")


def test_a_browser_on_the_path_is_found(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: "/usr/bin/chromium-browser" if name == "chromium-browser"
                        else None)
    assert pdf.find_engine({}) == pdf.Engine("chromium", "/usr/bin/chromium-browser")


def test_the_engine_is_part_of_the_set_s_key():
    assert pdf.find_engine({"PORTFOLIO_PDF": "off"}).describes != pdf.find_engine({"PORTFOLIO_PDF": "/x"}).describes
