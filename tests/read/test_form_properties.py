"""A pre-filled form's account of itself (read/xlsx/properties.py): read back from the workbook's custom
document properties; any other workbook, or one whose properties are incomplete, is no form."""

from __future__ import annotations

import json

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty

from portfolio_analysis.read.xlsx.properties import (FORM_ORGANISATION, FORM_PERIOD, FORM_PORTFOLIO, FORM_SHEETS,
                                                     FormMarker, form_marker)


def workbook(path, properties: dict[str, str]):
    book = Workbook()
    for name, value in properties.items():
        book.custom_doc_props.append(StringProperty(name=name, value=value))
    book.save(path)
    return path


FORM = {FORM_PORTFOLIO: "e-helse", FORM_PERIOD: "2020-07", FORM_ORGANISATION: "Helse Vest RHF",
        FORM_SHEETS: json.dumps({"Prosjekter": "projects", "Prosjekter ut": "leavers"})}


def test_a_forms_properties_say_portfolio_period_organisation_and_sheets(tmp_path):
    assert form_marker(workbook(tmp_path / "form.xlsx", FORM)) == FormMarker(
        "e-helse", "2020-07", "Helse Vest RHF", {"Prosjekter": "projects", "Prosjekter ut": "leavers"})


def test_an_ordinary_or_incomplete_workbook_is_no_form(tmp_path):
    assert form_marker(workbook(tmp_path / "plain.xlsx", {})) is None
    assert form_marker(workbook(tmp_path / "other.xlsx", {"Department": "Finance"})) is None
    without_period = {name: value for name, value in FORM.items() if name != FORM_PERIOD}
    assert form_marker(workbook(tmp_path / "no_period.xlsx", without_period)) is None
    assert form_marker(workbook(tmp_path / "bad_sheets.xlsx", {**FORM, FORM_SHEETS: "Prosjekter"})) is None
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a zip")
    assert form_marker(tmp_path / "broken.xlsx") is None
