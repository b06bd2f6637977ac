"""What a pre-filled form says it is: the custom document properties ``outbox/forms.py`` writes into the
workbook (the portfolio, the period and the organisation it is for, and the table each sheet holds), read
back without opening the sheets. Any other workbook has none of them: :func:`form_marker` is then None."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from defusedxml import DefusedXmlException

from ...settings.problems import UnreadableFile
from .stream import iterparse, open_archive

CUSTOM_PART = "docProps/custom.xml"
FORM_PORTFOLIO = "portfolio_analysis.form.portfolio"
FORM_PERIOD = "portfolio_analysis.form.period"
FORM_ORGANISATION = "portfolio_analysis.form.organisation"
FORM_SHEETS = "portfolio_analysis.form.sheets"  # JSON: sheet name -> table (projects, leavers, …)


@dataclass(frozen=True)
class FormMarker:
    """A form's own account of itself."""

    portfolio: str
    period: str
    organisation: str
    sheets: dict[str, str]  # sheet name -> the table it holds


def form_marker(path: Path) -> FormMarker | None:
    """The form's properties, or None for a workbook that is not a whole form of this package (a property
    missing or malformed: then it is read as any other workbook)."""
    try:
        with open_archive(path) as archive:
            if CUSTOM_PART not in archive.namelist():
                return None
            with archive.open(CUSTOM_PART) as source:
                found = custom_properties(source)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, SyntaxError, DefusedXmlException, UnreadableFile):
        return None  # the workbook reader names what is wrong with the file
    try:
        sheets = json.loads(found.get(FORM_SHEETS, ""))
    except ValueError:
        return None
    names = (found.get(FORM_PORTFOLIO), found.get(FORM_PERIOD), found.get(FORM_ORGANISATION))
    if not all(names) or not isinstance(sheets, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in sheets.items()):
        return None
    return FormMarker(*names, sheets)


def custom_properties(source) -> dict[str, str]:
    """name -> text of each ``<property>`` of docProps/custom.xml."""
    found = {}
    for _event, element in iterparse(source, CUSTOM_PART):
        if element.tag.endswith("}property") and element.get("name"):
            found[element.get("name")] = "".join(child.text or "" for child in element)
    return found
