"""The raw files are what the seed publishes, and January is reconstructed from April's tables."""

import csv

import pytest

from conftest import SEED


@pytest.fixture(scope="module")
def april_folder(bundled_raw):
    return bundled_raw / "raw" / "e-helse" / "2020-04"


@pytest.fixture(scope="module")
def january_folder(bundled_raw):
    return bundled_raw / "raw" / "e-helse" / "2020-01"


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.skipif(not SEED.exists(), reason="the seed text (shared/seed/) is not beside this checkout")
@pytest.mark.parametrize("name, first, last", [
    ("vedlegg1_prosjektliste.tsv", 331, 386),
    ("tabell1_nye_prosjekter.tsv", 86, 87),
    ("tabell2_prosjekter_ut.tsv", 93, 96),
])
def test_april_tables_are_the_seed_lines_byte_for_byte(name, first, last, april_folder):
    seed_lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    assert (april_folder / name).read_text(encoding="utf-8") == "".join(seed_lines[first - 1:last])


def test_april_raw_file_keeps_the_published_quirks(april_folder):
    text = (april_folder / "vedlegg1_prosjektliste.tsv").read_text(encoding="utf-8")
    assert "\nNasjonal e-helseportefølje April 2020\n" in text
    assert "Oslo Kommune" in text and "(blank)" in text and "ansvars- overganger" in text
    assert len([row for row in read_tsv(april_folder / "vedlegg1_prosjektliste.tsv") if row["Risiko"] is not None]) == 52


def test_january_list_is_april_minus_joiners_plus_leavers(april_folder, january_folder):
    april = {row["ID"]: row["Prosjektnavn"] for row in read_tsv(april_folder / "vedlegg1_prosjektliste.tsv") if row["ID"]}
    joiners = {row["ID"] for row in read_tsv(april_folder / "tabell1_nye_prosjekter.tsv")}
    leavers = {row["ID"]: row["Prosjekt"] for row in read_tsv(april_folder / "tabell2_prosjekter_ut.tsv")}
    january = read_tsv(january_folder / "prosjektliste_rekonstruert.tsv")
    expected = {k: v for k, v in april.items() if k not in joiners} | leavers
    assert {row["ID"]: row["Prosjektnavn"] for row in january} == expected
    assert len(january) == 54


def test_january_holds_no_invented_values(january_folder):
    january = read_tsv(january_folder / "prosjektliste_rekonstruert.tsv")
    assert all(row["Status"] == row["Risiko"] == row["Budsjett 2020"] == "" for row in january)
