"""``portfolio-analysis receipt`` on the July 2020 test cycle, whole: 138 left out of Helsedirektoratet's file, a
deadline in period.yml, an error in KS's file and Oslo kommune's file unreadable. The receipts are written (exit 0)
and each says what its organisation needs to know; the rows each receipt says were read are counted from the raw
files with the csv module."""

from __future__ import annotations

import csv
import re

import pytest

from cycle_support import add_july, e_helse_with_split_april
from bundled import copy_bundled_raw
from portfolio_analysis.cli.main import main

pytestmark = pytest.mark.slow

# file -> (organisation, delimiter, encoding) of the July files read with csv
CSV_FILES = {
    "hdir_2020_06.csv": ("Helsedirektoratet", ";", "cp1252"),
    "FHI_e-helseportefolje_202006.csv": ("Folkehelseinstituttet", ";", "cp1252"),
    "HSØ statusrapport 2020-06.tsv": ("Helse Sør-Øst RHF", "\t", "utf-8"),
    "Helse Vest portfolio report juni 2020.csv": ("Helse Vest RHF", ",", "utf-8-sig"),
    "KS_06_2020.tsv": ("KS", "\t", "utf-8"),
}
OSLO = "Oslo kommune - innmelding juni 2020.csv"


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    data = tmp_path_factory.mktemp("receipt-command") / "data"
    e_helse_with_split_april(data)
    july = add_july(data, left_out=("138",))
    (july / "period.yml").write_text("deadline: 2020-08-15\n", encoding="utf-8")
    ks = july / "KS_06_2020.tsv"
    ks.write_text(re.sub(r"\t2\n", "\ttolv\n", ks.read_text(encoding="utf-8")), encoding="utf-8")
    (july / OSLO).write_text("Vi sender tallene senere.\n", encoding="utf-8")  # no table: an error, nobody's
    return data, july


def run(capsys, *argv):
    code = main(["receipt", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def written(cycle, tmp_path_factory):
    data, _ = cycle
    out = tmp_path_factory.mktemp("out") / "receipts"
    code = main(["receipt", "--portfolio", "e-helse", "--period", "2020-07", "--data-dir", str(data), "--out", str(out)])
    return code, out


def read(out, organisation, suffix=".txt") -> str:
    return " ".join((out / f"{organisation}{suffix}").read_text(encoding="utf-8").split())


def test_receipts_are_written_for_a_period_with_errors_and_the_command_succeeds(written):
    code, out = written
    assert code == 0
    assert len(list(out.glob("*.html"))) == len(list(out.glob("*.txt"))) == 10


def test_rows_read_are_the_rows_of_each_file(written, cycle):
    _, out = written
    for name, (organisation, delimiter, encoding) in CSV_FILES.items():
        with open(cycle[1] / name, encoding=encoding, newline="") as handle:
            rows = len(list(csv.DictReader(handle, delimiter=delimiter)))
        assert f"{name}: {rows} rad" in read(out, organisation), name


def test_the_reminders_name_the_deadline_and_the_file_nobody_could_read(written):
    _, out = written
    for organisation in ("Helse Nord RHF", "Oslo kommune"):
        text = read(out, organisation)
        assert text.startswith(f"Påminnelse: innmeldingen for juli 2020 – {organisation}")
        assert "Fristen er 15. august 2020." in text
        assert f"Er en av dem fra dere, ber vi dere sende den på nytt: - Feil: {OSLO}:" in text
    assert "172 " in read(out, "Oslo kommune") and "145 " in read(out, "Oslo kommune")  # its projects, carried


def test_ks_is_told_its_error_with_row_column_and_value(written):
    _, out = written
    text = read(out, "KS")
    assert "Vi fant 1 feil, 0 advarsler og 0 merknader i filene." in text
    assert "Feil: KS_06_2020.tsv:2: not a number; kolonne 'Budsjett 2020'; verdi 'tolv'" in text
    page = read(out, "KS", ".html")
    assert "tolv" in page and "Budsjett 2020" in page


def test_helsedirektoratet_and_the_other_facts_of_the_issue(written):
    _, out = written
    assert "138 Oppfølgingsteam mangler i filen deres" in read(out, "Helsedirektoratet")
    assert "138 Oppfølgingsteam mangler i filen deres" in read(out, "Helsedirektoratet", ".html")
    assert "107 Helsedataprogrammet: 260 mill. kr → 250 mill. kr" in read(out, "Direktoratet for e-helse")
    assert "144 Regional kurve og medikasjon → Forvaltning" in read(out, "Helse Sør-Øst RHF")


def test_one_organisation_into_the_default_folder(cycle, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PORTFOLIO_REPORTS_DIR", str(tmp_path / "reports"))
    code, out, _ = run(capsys, "--portfolio", "e-helse", "--period", "2020-07", "--organisation", "helse nord rhf",
                       "--data-dir", str(cycle[0]))
    folder = tmp_path / "reports" / "e-helse" / "receipts" / "2020-07"
    assert code == 0 and sorted(p.name for p in folder.iterdir()) == ["Helse Nord RHF.html", "Helse Nord RHF.txt"]
    assert "Helse Nord RHF: reminder: nothing sent, 3 project(s) carried forward" in out


def test_an_unknown_organisation_lists_the_known_ones(cycle, tmp_path, capsys):
    code, _, err = run(capsys, "--portfolio", "e-helse", "--period", "2020-07", "--organisation", "Helse Øst",
                       "--data-dir", str(cycle[0]), "--out", str(tmp_path / "out"))
    assert code == 1 and "Helse Nord RHF; Helse Sør-Øst RHF" in err and "'Helse Øst'" in err
    assert not (tmp_path / "out").exists()


def test_the_gmpp_gets_one_line(tmp_path, capsys):
    data = copy_bundled_raw(tmp_path / "data", only="data/raw/uk-gmpp/")
    code, out, err = run(capsys, "--portfolio", "uk-gmpp", "--period", "2023-03", "--data-dir", str(data),
                         "--out", str(tmp_path / "out"))
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "published as one list" in err and not (tmp_path / "out").exists()
