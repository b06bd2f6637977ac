"""``pa.load_inputs``: every file of a portfolio's raw folder with its SHA-256, as the build's manifest records
it; the reports' appendix lists the ones the build used."""

from __future__ import annotations

import hashlib

import pandas as pd

import portfolio_analysis as pa


def test_every_raw_file_with_its_sha256_its_period_and_whether_the_build_read_it(real_data):
    inputs = pa.load_inputs("e-helse", real_data)
    folder = real_data / "raw" / "e-helse"
    on_disk = {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
               for path in folder.rglob("*") if path.is_file()}
    inputs["name"] = inputs["file"].str.split("/raw/e-helse/").str[1]
    assert dict(zip(inputs["name"], inputs["sha256"])) == on_disk  # two period.yml, four tables, the profile
    period = dict(zip(inputs["name"], inputs["period"]))
    assert period["2020-04/vedlegg1_prosjektliste.tsv"] == "2020-04" and pd.isna(period["portfolio.yml"])
    assert sorted(inputs.loc[~inputs["used"], "name"]) == ["2020-01/period.yml", "2020-04/period.yml"]
