"""A portfolio 'texts' whose names are hard to show: dollar signs matplotlib would read as mathtext, a
5 000-letter word, a right-to-left override. Shared by test_text_display.py and test_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

from bundled import bundled_bytes

PORTFOLIO = "texts"
PERIOD = "2021-04"

FRAC_NAME = "Firma $\\frac{$ AS"  # a mathtext error when read as math
DOLLAR_NAME = "Kostnad $5 og $10 AS"  # drawn "Kostnad 5og10 AS" when read as math
LONG_NAME = "Journalløsning" * 357 + "XX"  # 5 000 letters, no space
RLO = "\u202e"
RLO_NAME = f"Ny {RLO}SA lanoisaN"  # with the control kept, a page shows "Ny Nasional AS"
RLO_SHOWN = "Ny SA lanoisaN"  # as written, control removed

HEADER = "Innsatsområde\tID\tProsjektnavn\tAnsvarlig virksomhet\tProsjekteier\tStatus\tRisiko\tBudsjett 2020\n"
AREA = "1.1 Modernisere journal- og samhandlingsløsninger"
PERIODS = {
    "2021-01": [
        (1, "Alfa", FRAC_NAME, "Gul", "Gul", 10),
        (2, "Beta", DOLLAR_NAME, "Gul", "Gul", 20),
        (3, LONG_NAME, "Helsedirektoratet", "Rød", "Gul", 5),
        (4, "Gamma", "KS", "Gul", "Gul", 7),
    ],
    "2021-04": [
        (1, "Alfa", FRAC_NAME, "Gul", "Gul", 12),
        (2, "Beta", DOLLAR_NAME, "Gul", "Gul", 20),
        (3, LONG_NAME, "Helsedirektoratet", "Rød", "Gul", 6),
        (4, "Gamma", "KS", "Gul", "Gul", 7),
        (5, RLO_NAME, "Helsedirektoratet", "Rød", "Rød", 3),
    ],
}


def write_texts_portfolio(data: Path) -> None:
    """The e-helse profile under another name, two periods of the names above."""
    folder = data / "raw" / PORTFOLIO
    folder.mkdir(parents=True)
    profile = bundled_bytes("data/raw/e-helse/portfolio.yml").decode("utf-8")
    (folder / "portfolio.yml").write_text(re.sub(r"(?m)^name: .*$", f"name: {PORTFOLIO}", profile), encoding="utf-8")
    for period, rows in PERIODS.items():
        (folder / period).mkdir()
        lines = "".join("\t".join(str(cell) for cell in (AREA, *row[:3], "Ola Nordmann", *row[3:])) + "\n"
                        for row in rows)
        (folder / period / "prosjektliste.tsv").write_text(HEADER + lines, encoding="utf-8")
        (folder / period / "period.yml").write_text(f"title: Tekster {period}\nas_of: {period}-15\n", encoding="utf-8")
