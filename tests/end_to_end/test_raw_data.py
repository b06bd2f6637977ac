"""The raw files are what the seed publishes, and January is reconstructed from April's tables."""

import csv

import pytest

from conftest import RAW, SEED

APRIL = RAW / "e-helse" / "2020-04"
JANUARY = RAW / "e-helse" / "2020-01"


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.skipif(not SEED.exists(), reason="the seed text (shared/seed/) is not beside this checkout")
@pytest.mark.parametrize("name, first, last", [
    ("vedlegg1_prosjektliste.tsv", 331, 386),
    ("tabell1_nye_prosjekter.tsv", 86, 87),
    ("tabell2_prosjekter_ut.tsv", 93, 96),
])
def test_april_tables_are_the_seed_lines_byte_for_byte(name, first, last):
    seed_lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    assert (APRIL / name).read_text(encoding="utf-8") == "".join(seed_lines[first - 1:last])


def test_april_raw_file_keeps_the_published_quirks():
    text = (APRIL / "vedlegg1_prosjektliste.tsv").read_text(encoding="utf-8")
    assert "\nNasjonal e-helseportefølje April 2020\n" in text
    assert "Oslo Kommune" in text and "(blank)" in text and "ansvars- overganger" in text
    assert len([row for row in read_tsv(APRIL / "vedlegg1_prosjektliste.tsv") if row["Risiko"] is not None]) == 52


def test_january_list_is_april_minus_joiners_plus_leavers():
    april = {row["ID"]: row["Prosjektnavn"] for row in read_tsv(APRIL / "vedlegg1_prosjektliste.tsv") if row["ID"]}
    joiners = {row["ID"] for row in read_tsv(APRIL / "tabell1_nye_prosjekter.tsv")}
    leavers = {row["ID"]: row["Prosjekt"] for row in read_tsv(APRIL / "tabell2_prosjekter_ut.tsv")}
    january = read_tsv(JANUARY / "prosjektliste_rekonstruert.tsv")
    expected = {k: v for k, v in april.items() if k not in joiners} | leavers
    assert {row["ID"]: row["Prosjektnavn"] for row in january} == expected
    assert len(january) == 54


def test_january_holds_no_invented_values():
    january = read_tsv(JANUARY / "prosjektliste_rekonstruert.tsv")
    assert all(row["Status"] == row["Risiko"] == row["Budsjett 2020"] == "" for row in january)
