"""A fuzz of awkward submissions: a known list of projects written as an organisation's text file might arrive
(any delimiter, encoding, line ending, decimal mark and extension, with the hazards of issue 20 drawn at random),
run through `build`. Whatever the package decides, it must never be silently wrong:

- no traceback, exit code 0 or 1;
- exit 1: at least one error line naming the file, and nothing written;
- exit 0: exactly the projects written (none lost, none made up), and where no warning names the file, every
  value as written;
- a hazard that cannot be read one way only (a row wider than its header, a footnote mark in a budget, a cell
  longer than Excel allows) gives an error or a warning naming the file.

Cases are drawn from a seeded generator, so a failure names a case that can be run again (`-k fuzz-17`).
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field

import pandas as pd
import pytest

import portfolio_analysis as pa
from portfolio_analysis.cli.main import main
from conftest import MINI_PROFILE

CASES = 200
FAST_CASES = 30  # `make test-fast` runs these; the rest are marked slow

WORDS = ["journal", "samhandling", "pasientforløp", "helsedata", "kjernejournal", "legemiddel", "primærhelse",
         "Ålesund", "øyeblikkelig", "hjelp", "velferdsteknologi", "digital", "innbygger", "tjenester", "fase"]
ACTORS = ["Direktoratet for e-helse", "Helsedirektoratet", "Folkehelseinstituttet", "Norsk Helsenett", "KS",
          "Helse Vest RHF", "Helse Sør-Øst RHF", "Oslo kommune"]
RATINGS = ["Grønn", "Gul", "Rød"]
ENGLISH = {"Grønn": "Green", "Gul": "Amber", "Rød": "Red"}  # read as the same ratings; they hold no æøå
HEADER = ["ID", "Prosjektnavn", "Ansvarlig virksomhet", "Status", "Risiko", "Budsjett 2020"]

# the hazards of issue 20's classes; each case draws a few
LONE_CR, BLANK_ABOVE, CTRL_Z, WIDE_ROW, FOOTNOTE, NFD_HEADER, LONG_FIELD, HUGE_CELL, WRONG_EXTENSION = (
    "lone_cr", "blank_line_above_header", "ctrl_z", "first_row_one_cell_wider", "footnote_mark_in_budget",
    "decomposed_header", "field_over_128k", "cell_over_32767", "extension_says_other_delimiter")
MUST_BE_NAMED = {WIDE_ROW, FOOTNOTE, HUGE_CELL}  # an error or a warning naming the file, never silence
ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "mac_roman", "double_utf8"]


@dataclass
class Case:
    number: int
    projects: pd.DataFrame  # the truth: project_id, project_name, actor, status, risk, budget_mnok
    delimiter: str
    encoding: str
    newline: str
    suffix: str
    hazards: set[str] = field(default_factory=set)
    english_labels: bool = False

    @property
    def name(self) -> str:
        return f"fuzz-{self.number}-" + "+".join(sorted(self.hazards) or ["plain"]) + f"-{self.encoding}"


def draw_case(number: int) -> Case:
    rng = random.Random(20_201_206 + number)
    count = rng.randint(1, 9)
    ids = rng.sample(range(1, 400), count)
    projects = pd.DataFrame({
        "project_id": ids,
        "project_name": [" ".join(rng.sample(WORDS, rng.randint(1, 3))).capitalize() + f" {i}" for i in ids],
        "actor": [rng.choice(ACTORS) for _ in ids],
        "status": [rng.choice(RATINGS) for _ in ids],
        "risk": [rng.choice(RATINGS) for _ in ids],
        "budget_mnok": [rng.choice([0.0, 1.0, 7.0, 12.5, 40.0, 250.0, 999.5]) for _ in ids],
    })
    delimiter = rng.choice(["\t", ",", ";"])
    encoding = rng.choice(ENCODINGS)
    newline = rng.choice(["\n", "\r\n", "\r"])
    hazards = {hazard for hazard in (BLANK_ABOVE, CTRL_Z, WIDE_ROW, FOOTNOTE, NFD_HEADER, LONG_FIELD, HUGE_CELL,
                                     WRONG_EXTENSION) if rng.random() < 0.18}
    if newline == "\r":
        hazards.add(LONE_CR)
    if HUGE_CELL in hazards:
        hazards.discard(LONG_FIELD)
    if encoding in ("cp1252", "mac_roman"):
        hazards.discard(NFD_HEADER)  # combining marks exist only in Unicode encodings
    suffix = {"\t": ".tsv", ",": ".csv", ";": ".csv"}[delimiter]
    if WRONG_EXTENSION in hazards:
        suffix = ".csv" if suffix == ".tsv" else ".tsv"
    return Case(number, projects, delimiter, encoding, newline, suffix, hazards, rng.random() < 0.5)


def budget_text(value: float, delimiter: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if delimiter != "," else text


def file_bytes(case: Case) -> bytes:
    header = list(HEADER) + (["Kommentar"] if case.hazards & {LONG_FIELD, HUGE_CELL} else [])
    if NFD_HEADER in case.hazards:
        header[0:0] = [unicodedata.normalize("NFD", "Innsatsområde")]
    lines = [header]
    for position, row in enumerate(case.projects.itertuples(index=False)):
        ratings = [ENGLISH[r] if case.english_labels else r for r in (row.status, row.risk)]
        cells = [str(row.project_id), row.project_name, row.actor, *ratings,
                 budget_text(row.budget_mnok, case.delimiter)]
        if position == 0 and FOOTNOTE in case.hazards:
            cells[5] += "†" if case.encoding == "mac_roman" else "¹"  # Mac Roman has no superscript digits
        if LONG_FIELD in case.hazards:
            cells.append("lang kommentar " * 9_000 if position == 0 else "")  # 135 000 characters
        if HUGE_CELL in case.hazards:
            cells.append("x" * 40_000 if position == 0 else "")
        if NFD_HEADER in case.hazards:
            cells[0:0] = ["1.1 Modernisere journal- og samhandlingsløsninger"]
        if position == 0 and WIDE_ROW in case.hazards:
            cells.append("99")
        lines.append(cells)
    text = case.newline.join(case.delimiter.join(cells) for cells in lines) + case.newline
    if BLANK_ABOVE in case.hazards:
        text = case.newline + text
    if case.encoding == "double_utf8":
        content = text.encode("utf-8").decode("cp1252").encode("utf-8")
    else:
        content = text.encode(case.encoding)
    if CTRL_Z in case.hazards:
        content += b"\x1a"
    return content


def place(case: Case, tmp_path) -> tuple:
    data = tmp_path / "data"
    portfolio = data / "raw" / "mini"
    (portfolio / "2021-01").mkdir(parents=True)
    (portfolio / "portfolio.yml").write_text(MINI_PROFILE, encoding="utf-8")
    target = portfolio / "2021-01" / f"prosjektliste{case.suffix}"
    target.write_bytes(file_bytes(case))
    return data, target


def problem_lines(err: str, shown: str, severity: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(shown) and f" {severity}: " in line]


def fuzz_params():
    return [pytest.param(draw_case(n), id=draw_case(n).name, marks=[] if n < FAST_CASES else [pytest.mark.slow])
            for n in range(CASES)]


@pytest.mark.parametrize("case", fuzz_params())
def test_an_awkward_file_is_read_whole_or_named(case, tmp_path, capsys):
    data, target = place(case, tmp_path)
    shown = target.relative_to(data.parent).as_posix()
    code = main(["build", "--portfolio", "mini", "--data-dir", str(data)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    errors, warnings = problem_lines(err, shown, "error"), problem_lines(err, shown, "warning")
    if case.hazards & MUST_BE_NAMED:
        assert errors or warnings, f"{sorted(case.hazards & MUST_BE_NAMED)} passed without a word:\n{err}"
    if code == 1:
        assert errors, err
        assert not (data / "processed" / "mini").exists()
        return
    assert code == 0, err
    panel = pa.load_panel("mini", data).sort_values("project_id")
    truth = case.projects.sort_values("project_id")
    assert panel["project_id"].astype(int).tolist() == truth["project_id"].tolist(), "projects lost or made up"
    rows = [re.match(r":(\d+): ", line[len(shown):]) for line in warnings]
    warned_rows = {int(row.group(1)) for row in rows if row}
    if not all(rows):
        return  # a warning about the whole file (an encoding guessed, say): its values are the analyst's to check
    unwarned = panel["source_row"].isin(warned_rows).eq(False).to_numpy()
    truth = truth.set_index("project_id").loc[panel["project_id"].astype(int)[unwarned]]
    for column in ("project_name", "actor", "status", "risk"):
        assert panel[column][unwarned].astype(str).tolist() == truth[column].tolist(), column
    assert panel["budget_mnok"][unwarned].astype(float).tolist() == truth["budget_mnok"].tolist()
