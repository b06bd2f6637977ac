"""outbox/receipts.py: the receipts of the July 2020 test cycle as the organisations read them, in HTML and plain
text, with the same facts in both; the reminder; escaping; the folder written whole.

(Named test_receipt_pages.py, not test_receipts.py: tests/analysis/test_receipts.py has that name, and the test
folders are not packages.)"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re

import pandas as pd
import pytest

import portfolio_analysis as pa
from cycle_support import JULY_MISSING, add_july, e_helse_with_split_april
from portfolio_analysis.outbox.receipts import file_stem, receipt_page, receipt_text, write_receipts
from portfolio_analysis.settings.profile import load_profile


@pytest.fixture(scope="module")
def july(tmp_path_factory):
    data = tmp_path_factory.mktemp("receipt-pages") / "data"
    e_helse_with_split_april(data)
    add_july(data, left_out=("138",))
    found = {r.organisation: r for r in pa.receipts("e-helse", "2020-07", data_dir=data)}
    return found, load_profile(data, "e-helse")


def page_text(page: str) -> str:
    """The words a reader sees on the page: tags dropped, entities decoded, white space collapsed."""
    body = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def both(receipt, profile) -> tuple[str, str]:
    return page_text(receipt_page(receipt, profile)), " ".join(receipt_text(receipt, profile).split())


def test_helsedirektoratet_reads_that_138_is_missing(july):
    found, profile = july
    for text in both(found["Helsedirektoratet"], profile):
        assert "138 Oppfølgingsteam mangler i filen deres: er prosjektet avsluttet? Hvor det har gått, er ikke oppgitt." in text
        assert "Vi leste 15 rader med 15 prosjekter fra 1 fil." in text
        assert "Vi fant 0 feil, 1 advarsel og 0 merknader i filene." in text


def test_helse_vest_whose_only_change_is_a_missing_project_reads_that_nothing_else_changed(july):
    found, profile = july
    for text in both(found["Helse Vest RHF"], profile):
        assert ("Ingen av prosjektene i filen har endret vurderinger, budsjett eller datoer siden april 2020, og ingen "
                "er nye.") in text
        assert "187 Digital patologi Helse vest mangler i filen deres" in text


def test_direktoratet_for_e_helse_reads_its_moves_and_budget_in_both_versions(july):
    found, profile = july
    page, mail = both(found["Direktoratet for e-helse"], profile)
    assert "11 EPJ-løftet: status Gul → Rød" in mail and "160 Digitalisering av legemiddelområdet: status Rød → Gul" in mail
    assert "107 Helsedataprogrammet: 260 mill. kr → 250 mill. kr (−10 mill. kr)" in mail
    assert "Helsedataprogrammet 260 mill. kr 250 mill. kr −10 mill. kr" in page
    assert "EPJ-løftet Status Gul Rød" in page and "Digitalisering av legemiddelområdet Status Rød Gul" in page
    assert "planlagt sluttdato ikke oppgitt → 31. desember 2025" in mail


def test_helse_sor_ost_reads_144_leaving_to_forvaltning(july):
    found, profile = july
    page, mail = both(found["Helse Sør-Øst RHF"], profile)
    assert "144 Regional kurve og medikasjon → Forvaltning" in mail
    assert "Prosjekter som går ut ID Prosjekt Veien videre 144 Regional kurve og medikasjon Forvaltning" in page


def test_nothing_changed_is_said_plainly(july):
    found, profile = july
    for text in both(found["Folkehelseinstituttet"], profile):
        assert "Ingenting er endret siden april 2020" in text
        assert "Ingenting mangler" in text


def test_the_reminder_names_what_is_carried_and_that_no_deadline_is_set(july):
    found, profile = july
    reminder = found[JULY_MISSING]
    for text in both(reminder, profile):
        assert text.startswith("Påminnelse: innmeldingen for juli 2020 – Helse Nord RHF")
        assert "Vi har ikke mottatt noen innmelding fra Helse Nord RHF" in text
        assert "Det er ikke satt noen frist for juli 2020." in text
        assert "Dette ber vi dere sende" in text
    mail = both(reminder, profile)[1]
    assert "101 Robust Mobilt Helsenett: Status Gul, Risiko Rød, Budsjett 2020 1 mill. kr, sist vurdert januar 2020" in mail
    with_deadline = dataclasses.replace(reminder, deadline=dt.date(2020, 8, 15))
    assert all("Fristen er 15. august 2020." in text for text in both(with_deadline, profile))


def test_every_fact_of_the_mail_is_on_the_page(july):
    """Each project the plain text names (a row of a table or a missing project) and each amount is on the page."""
    found, profile = july
    for name, receipt in found.items():
        page, mail = both(receipt, profile)
        mail_lines = receipt_text(receipt, profile).splitlines()
        for line in mail_lines:
            named = re.match(r"- (\d+) ", line)
            if named:
                assert f" {named.group(1)} " in f" {page} ", (name, line)
        for amount in set(re.findall(r"−?\d[\d\u00a0]* mill\. kr", mail)):
            assert amount in page, (name, amount)


def test_the_page_escapes_what_the_files_say(july):
    found, profile = july
    receipt = found["KS"]
    odd = receipt.projects.assign(project_name=pd.Series(["<script>alert(1)</script>"], dtype="string"))
    page = receipt_page(dataclasses.replace(receipt, projects=odd), profile)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" in receipt_text(dataclasses.replace(receipt, projects=odd), profile)


def test_english_for_an_english_profile(july):
    found, profile = july
    english = dataclasses.replace(profile, language="en")
    page, mail = both(found["Helsedirektoratet"], english)
    assert mail.startswith("Receipt for the July 2020 submission – Helsedirektoratet")
    assert "138 Oppfølgingsteam is missing from your file: is it finished? Its destination is not given." in page
    assert "We read 15 rows with 15 projects from 1 file." in page


def test_the_folder_is_written_whole_and_one_organisation_replaces_only_its_own(july, tmp_path):
    found, profile = july
    folder = tmp_path / "receipts" / "2020-07"
    (folder).mkdir(parents=True)
    (folder / "stale.html").write_text("from an earlier run", encoding="utf-8")
    write_receipts(list(found.values()), profile, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}{s}" for n in found for s in (".html", ".txt"))
    (folder / "KS.txt").write_text("kept", encoding="utf-8")
    write_receipts([found["Helse Vest RHF"]], profile, folder, only=True)
    assert (folder / "KS.txt").read_text(encoding="utf-8") == "kept"
    assert "187 Digital patologi Helse vest mangler" in (folder / "Helse Vest RHF.txt").read_text(encoding="utf-8")
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no staging folder left behind


def test_a_name_no_file_may_hold_is_made_safe():
    assert file_stem("Helse Sør-Øst RHF") == "Helse Sør-Øst RHF"
    assert file_stem("A/B: C") == "A_B_ C"
    assert file_stem("..") == "_"


def test_values_that_were_carried_last_time_are_named_in_the_lead(july):
    found, profile = july
    carried = pd.DataFrame({"project_id": [101], "project_name": ["Robust Mobilt Helsenett"],
                            "carried_from": ["2020-01"]})
    receipt = dataclasses.replace(found["KS"], previous_carried=carried)
    for text in both(receipt, profile):
        assert ("Noen av verdiene deres for april 2020 var videreført fra en tidligere periode fordi de ikke ble meldt "
                "inn på nytt; endringene regnes mot dem: 101 Robust Mobilt Helsenett (januar 2020).") in text
    assert "videreført fra en tidligere periode" not in both(found["KS"], profile)[1]


def test_a_previous_period_without_values_per_project_says_the_changes_are_unknown(july):
    found, profile = july
    receipt = dataclasses.replace(found["Direktoratet for e-helse"], changes_known=False,
                                  rating_moves=found["Direktoratet for e-helse"].rating_moves.iloc[:0],
                                  money_changes=found["Direktoratet for e-helse"].money_changes.iloc[:0],
                                  date_changes=found["Direktoratet for e-helse"].date_changes.iloc[:0])
    for text in both(receipt, profile):
        assert ("April 2020 har ingen publiserte verdier per prosjekt, så vi kan ikke si hvilke vurderinger, "
                "budsjetter og datoer som er endret.") in text
        assert "Ingenting er endret" not in text


def test_values_a_period_does_not_publish_read_unknown(july):
    found, profile = july
    blank = found["KS"].projects.assign(status=pd.NA, risk=pd.NA, budget=pd.NA)
    unpublished = dataclasses.replace(found["KS"], values_published=False, projects=blank)
    for text in both(unpublished, profile):
        assert "Perioden publiserer ingen verdier per prosjekt: status, risiko og budsjett er ukjente, ikke tomme." in text
    assert "Status ukjent, Risiko ukjent, Budsjett 2020 ukjent" in both(unpublished, profile)[1]
    assert "Status ukjent" not in both(dataclasses.replace(found["KS"], projects=blank), profile)[1]  # given blank
