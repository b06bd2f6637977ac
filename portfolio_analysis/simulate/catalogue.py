"""The synthetic catalogue: invented organisations, names, people and the rates the simulation draws with.

Everything here is SYNTHETIC (syntetiske data): every organisation is called "Simulert ..." and no name,
person or number describes a real portfolio.
"""

from __future__ import annotations

FORMATS = ("tsv", "csv", "csv-semicolon-cp1252", "xlsx")
TEXT_FORMATS = FORMATS[:3]  # the formats a transposed portfolio is written in (the reader turns text files round)
LAYOUTS = ("rows", "transposed")
EXTENSIONS = {"tsv": "tsv", "csv": "csv", "csv-semicolon-cp1252": "csv", "xlsx": "xlsx"}
SUBMISSIONS = ("combined", "per_organisation")
LABELS = ("Grønn", "Gul", "Rød")
# Spellings of each level the cleaning must accept (maps/ratings.csv): written instead of the label under quirks.
LABEL_QUIRKS = (("green", "Gronn", "GRØNN", "Green"), ("Amber", "gul", "Yellow", "GUL"), ("rod", "Red", "RØD", "Rod"))
DESTINATIONS = ("Forvaltning", "Pauset")

# (organisation, group, short name, weight): all invented, "Simulert" in every name.
ORGANISATIONS = (
    ("Simulert direktorat for e-helse", "helseforvaltning", "SimDE", 4),
    ("Simulert helsedirektorat", "helseforvaltning", "SimHdir", 5),
    ("Simulert helsenett SF", "helseforvaltning", "SimNett", 2),
    ("Helse Simulert Øst RHF", "regionale helseforetak", "HSimØ", 3),
    ("Helse Simulert Vest RHF", "regionale helseforetak", "HSimV", 2),
    ("Helse Simulert Nord RHF", "regionale helseforetak", "HSimN", 2),
    ("Simulert kommune", "andre", "SimKom", 1),
    ("Simulert kommunesektor", "andre", "SimKS", 1),
)
# Organisations (by index) whose own synthetic files have English headers (all aliases in maps/columns.csv).
ENGLISH_HEADER_ORGANISATIONS = (2, 5)


def _aliases() -> list[tuple[str, str, str]]:
    """Every registered spelling of the synthetic organisations (alias, organisation, why); quirks write the
    non-canonical ones."""
    rows = []
    for name, _group, short, _weight in ORGANISATIONS:
        rows.append((name, name, "canonical (synthetic organisation)"))
        rows.append((short, name, "short name (synthetic)"))
        if name.endswith((" RHF", " SF")):
            rows.append((name.rsplit(" ", 1)[0], name, "written without RHF/SF (synthetic)"))
    rows.append(("Simulert helsedriektorat", "Simulert helsedirektorat", "misspelling (synthetic)"))
    return rows


ALIASES = tuple(_aliases())

# Focus areas (Innsatsområde) of Nasjonal e-helsestrategi, as in Vedlegg 1; the third item is the
# PDF-hyphenated spelling the quirks may write.
FOCUS_AREAS = (
    ("1.1", "Modernisere journal- og samhandlingsløsninger", None),
    ("1.2", "Digitalisere legemiddelkjeden innenfor hver virksomhet", None),
    ("2.1", "Sikre planlegging og kontinuitet i ansvarsoverganger",
     "Sikre planlegging og kontinuitet i ansvars- overganger"),
    ("2.2", "Dele oppdaterte legemiddelopplysninger", None),
    ("3.1", "Bedre behandling med bedre utnyttelse av helsedata", None),
    ("3.2", "Bedre bruk av helsedata til sekundærformål", None),
    ("4.1", "Mobilisere innbyggeren som ressurs", None),
    ("4.3", "Helsehjelp og omsorg på avstand", None),
    ("5.1", "Utvikle felles byggeklosser som legger til rette for enhetlig samhandling på tvers", None),
    ("5.2", "Helhetlig og effektiv styring og forvaltning av byggeklossene i felles grunnmur", None),
    ("6.1", "Skape en nasjonal leveransekraft", None),
)
NAME_FIRST = ("Felles", "Nasjonal", "Regional", "Digital", "Sikker", "Moderne", "Ny", "Samordnet", "Åpen", "Økt")
NAME_SECOND = ("journalløsning", "pasientportal", "kjernejournal", "meldingsutveksling", "legemiddelliste",
               "helsedataplattform", "timebestilling", "videokonsultasjon", "innbyggertjeneste", "laboratoriesystem",
               "bildedeling", "samhandlingsplattform", "e-resept", "helsenett", "pasientforløp", "tilgangsstyring",
               "velferdsteknologi", "kodeverk", "registerforvaltning", "språkstøtte")
NAME_SUFFIX = ("", "", "", " fase 2", " trinn 1", " pilot", " 2.0")
OWNER_FIRST = ("Kari", "Ola", "Ingrid", "Per", "Siri", "Lars", "Nora", "Jonas", "Åse", "Øystein")
OWNER_LAST = ("Nordmann", "Eksempel", "Prøvesen", "Testberg", "Simulsen")
MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
          "november", "desember")

PROJECT_FILE = "vedlegg1_prosjektliste"  # the combined list (submissions="combined")
JOINERS_FILE = "tabell1_nye_prosjekter.tsv"
LEAVERS_FILE = "tabell2_prosjekter_ut.tsv"
# File names of the organisations' own synthetic submissions (submissions="per_organisation"), by organisation
# index; none matches *prosjektliste*, *nye_prosjekter* or *prosjekter_ut*. The extension follows the format.
SUBMISSION_FILES = (
    "Innmelding {month} {year} - {organisation}",
    "{short}_{year}_{mm}",
    "{short} statusrapport {key}",
    "porteføljerapportering {short} {key}",
)
TITLE = "Syntetisk portefølje (simulerte data)"
FOOTER = "Syntetisk portefølje {month} {year}"
FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)

# Rates per row and period.
P_LEAVE, P_RETURN, P_PAUSED = 0.08, 0.2, 0.4
P_STEP = (0.15, 0.70, 0.15)  # status and risk: one level better, same, one level worse
P_BLANK_RATING, P_ZERO_BUDGET, P_BLANK_BUDGET, P_NOT_REPORTED = 0.02, 0.02, 0.02, 0.04
P_LABEL_QUIRK, P_ACTOR_QUIRK, P_SPACE_QUIRK, P_OWNER_BLANK, P_HYPHEN_QUIRK = 0.12, 0.15, 0.05, 0.03, 0.5
# Per organisation and period (submissions="per_organisation"): it sends nothing; per leaver: the leavers
# table leaves it out.
P_SKIP, P_UNLISTED_LEAVER = 0.12, 0.25

# --- planned dates, money beyond the year's budget and the owners' comments (issue 22) ------------------------
# Drawn from their own random stream (seed, DETAILS_STREAM), so that every value of the fields above is the same
# with or without them.
DETAILS_STREAM = 22
PRECISIONS = ("day", "month", "quarter", "year")
P_PRECISION = (0.5, 0.25, 0.15, 0.10)  # how precisely an owner writes a planned date
P_PRECISION_CHANGE = 0.1  # per project and period: the owner writes the date at another precision
# Per continuing project and period: its planned end moves later, earlier, or stays; a few slip by years.
P_END_LATER, P_END_EARLIER, P_END_FAR = 0.30, 0.08, 0.05
P_START_LATER = 0.10
P_DATE_WITHDRAWN, P_DATE_BLANK = 0.05, 0.03
# Reasons written in a date cell instead of a date; "{year}" is the period's year. The first is a value marker
# of the synthetic profile (value_markers.csv, code "exempt"); the others stay as written.
DATE_REASONS = ("Exempt under Section 43", "TBC", "Early planning", "Ikke fastsatt", "sommeren {year}")
# The year's forecast: most within 5 % of the budget, some over, some under.
P_FORECAST_BLANK, P_NEXT_YEAR_BLANK = 0.1, 0.45
# Whole-life cost per continuing project and period: rises, falls, withheld, not given.
P_COST_RISE, P_COST_FALL, P_COST_WITHHELD, P_COST_BLANK = 0.30, 0.12, 0.05, 0.04
# Texts written for a withheld or not given whole-life cost, and the marker the profile's value markers give them.
COST_REASONS = (("Exempt under Section 43", "exempt"), ("Unntatt offentlighet", "exempt"), ("TBC", "not_provided"))
# Owners' comments: a new comment, the one of last period, or none.
P_COMMENT_NEW, P_COMMENT_BLANK = 0.5, 0.2
# Invented sentences, Norwegian mostly, some in other scripts and with the characters a CSV must quote.
COMMENT_OPENINGS = (
    "Prosjektet er {months} måneder bak plan.",
    "Prosjektet følger plan.",
    "Leveransen er utsatt til {season} {year}.",
    "Styringsgruppen har vedtatt ny fremdriftsplan; sluttdato flyttes.",
    "Risiko knyttet til frafall av nøkkelressurser, og til leverandørens kapasitet.",
    "Kostnadsanslaget er oppdatert etter anbud: \"fase 2\" er dyrere enn antatt.",
    "Prošeakta lea ovdánan bures; čálli ja ŋ-bokstávat bissot.",
    "Áššis leat máŋga oasi: vuosttaš oassi lea gárvvis.",
    "المشروع متأخر عن الجدول الزمني بسبب نقص الموارد.",
    "项目进度延迟，预计下季度完成。",
    "プロジェクトは予定どおり進んでいます。",
    "Status: 🚧 forsinket – men ✅ testet.",
    "Merk: «sluttdato» avhenger av leveranse fra Simulert helsenett SF.",
)
COMMENT_DETAILS = (
    "Tiltak:\n- ny leverandør\n- flere ressurser",
    "Se vedlegg.\n\nOppdatert etter møte i porteføljestyret.",
    "Kostnad (mill): 12,5; tidligere 10,0.",
    "Avhengighet til nasjonal løsning (e-resept).",
    "Ingen endring siden forrige rapportering.",
    "Linje én\nlinje to\nlinje tre",
    "",
)
SEASONS = ("våren", "sommeren", "høsten", "vinteren")
P_LONG_COMMENT = 0.03  # a comment of some thousand characters
