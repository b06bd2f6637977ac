"""``reports/index.html``: every rendered period of every portfolio, newest first."""

from __future__ import annotations

import json
import os
from pathlib import Path

from markupsafe import Markup

from . import formatting as fmt
from .catalogue import text_in
from .html import environment, stylesheet


def single_file_link(entry: dict) -> dict | None:
    """The link to a period's single file; a report rendered before there was one has none."""
    if not entry.get("single_file"):
        return None
    return {"href": f'{entry["portfolio"]}/{entry["period"]}/{entry["single_file"]}',
            "label": text_in(entry["language"], "index.single_file")}


def write_reports_index(root: Path) -> Path:
    """Writes the index of the reports under ``root`` from each period's ``report.json``."""
    entries = []
    for meta_file in sorted(root.glob("*/*/report.json")):
        if meta_file.parts[-3].startswith(("_", ".")) or meta_file.parts[-2].startswith("."):
            continue
        entries.append(json.loads(meta_file.read_text(encoding="utf-8")))
    portfolios = []
    for portfolio in sorted({e["portfolio"] for e in entries}):
        rows = sorted((e for e in entries if e["portfolio"] == portfolio), key=lambda e: e["period"], reverse=True)
        language = rows[0]["language"]
        portfolios.append({"title": rows[0]["title"], "language": language, "entries": [
            {"href": f'{portfolio}/{e["period"]}/index.html', "name": fmt.period_name(e["period"], language),
             "period": e["period"], "generated": e["generated"], "single_file": single_file_link(e)} for e in rows]})
    env = environment()
    body = Markup("<h1>Portfolio reports · Porteføljerapporter</h1>\n") + Markup(
        env.get_template("index.html.j2").render(portfolios=portfolios))
    page = env.get_template("page.html.j2").render(language="en", title="Portfolio reports", css=Markup(stylesheet()),
                                                   links=[], body=body, provenance=None)
    index = root / "index.html"
    temporary = index.with_name(".index.html.tmp")
    try:
        temporary.write_text(page, encoding="utf-8")
        os.replace(temporary, index)
    finally:
        temporary.unlink(missing_ok=True)
    return index
