"""Receipts as the office sends them: one short HTML page and a plain-text version for e-mail per organisation,
in the profile's language, from the facts :func:`analysis.receipts.receipts` found. An organisation that sent
nothing gets a reminder. Both versions are made from one :class:`ReceiptView`, so they hold the same facts.

The folder of a period's receipts is written whole or not at all; one organisation's receipt (``only``) replaces
its own two files and leaves the others as they were.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..analysis.receipts import Receipt
from ..pipeline.folders import staging_beside, swap_in, write_errors_reported
from ..report import formatting as fmt
from ..report.catalogue import sentence, texts
from ..report.html import rating_badge, shown, stylesheet, table
from ..settings.maps import scale_with_labels
from ..settings.problems import printable
from ..settings.profile import Profile

TEMPLATES = Path(__file__).parent / "templates"
UNSAFE_IN_NAME = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')
ARROW = "→"


@dataclass(frozen=True)
class Table:
    """A table of the receipt: its cells for the page (values or rating badges) and one line per row for the
    e-mail."""

    caption: str
    headers: list[str]
    cells: list[list]
    lines: list[str]
    numeric: frozenset[int] = frozenset()
    projects: bool = True  # ID then name: on a phone the name is the card's title

    def html(self) -> Markup:
        return table(self.caption, self.headers, self.cells, set(self.numeric), cards=True, name_second=self.projects)


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass(frozen=True)
class ReceiptView:
    """Everything a receipt says, as text in the profile's language."""

    language: str
    title: str
    lead: list[str]
    sections: list[Section]
    footer: str


class Words:
    """The catalogue's ``receipt.*`` texts in the profile's language, with the receipt's placeholders."""

    def __init__(self, receipt: Receipt, profile: Profile, year):
        self.language = profile.language if profile.language in ("nb", "en") else "en"
        self.profile = profile
        self.blank = "receipt.not_given" if receipt.values_published else "receipt.unknown"  # what a missing value reads
        self.defaults = {"period_name": fmt.period_name(receipt.period, self.language),
                         "previous_name": fmt.period_name(receipt.previous, self.language) if receipt.previous else "",
                         "organisation": receipt.organisation, "title": profile.title, "year": year}

    def __call__(self, key: str, **values) -> str:
        template = self.profile.texts.get(key, {}).get(self.language) or texts()[key][self.language]
        return template.format(**{**self.defaults, **values})

    def count(self, what: str, n: int) -> str:
        """``16 rader``, ``1 rad``: the catalogue gives the singular and the plural, split by ``|``."""
        one, many = self(f"receipt.count.{what}", n=fmt.number(n, self.language)).split("|")
        return one if n == 1 else many


def receipt_view(receipt: Receipt, profile: Profile) -> ReceiptView:
    """The receipt (or the reminder) as sections of sentences and tables."""
    year = budget_year(receipt)
    words = Words(receipt, profile, year)
    if not receipt.sent:
        return reminder_view(receipt, profile, words)
    lead = [words("receipt.lead") if receipt.previous else words("receipt.lead.first"), *previous_carried(receipt, words),
            *([] if receipt.values_published else [words("receipt.values_unknown")]),
            words("receipt.summary", rows=words.count("row", int(receipt.files["rows"].sum())),
                  projects=words.count("project", int(receipt.projects["project_id"].nunique())),
                  files=words.count("file", len(receipt.files))),
            words("receipt.summary.problems", errors=words.count("error", receipt.errors),
                  warnings=words.count("warning", receipt.warnings),
                  notes=words.count("note", len(receipt.problems) - receipt.errors - receipt.warnings))]
    sections = [read_section(receipt, words), changes_section(receipt, profile, words),
                missing_section(receipt, profile, words), problems_section(receipt, words),
                projects_section(receipt, profile, words)]
    return ReceiptView(words.language, words("receipt.title"), lead, [s for s in sections if s], footer(receipt, words))


def reminder_view(receipt: Receipt, profile: Profile, words: Words) -> ReceiptView:
    lead = [words("receipt.reminder.lead"),
            words("receipt.reminder.deadline", deadline=fmt.date(receipt.deadline, words.language))
            if receipt.deadline else words("receipt.reminder.no_deadline")]
    carried = Section(words("receipt.reminder.carried_heading"),
                      [words("receipt.reminder.carried")] if len(receipt.carried)
                      else [words("receipt.reminder.none_carried")],
                      [carried_table(receipt, profile, words)] if len(receipt.carried) else [])
    if len(receipt.left):
        carried.tables.append(left_table(receipt, words))
    send = Section(words("receipt.reminder.send_heading"), [words("receipt.reminder.send")])
    if receipt.unread_files:
        send.paragraphs.append(words("receipt.reminder.unread"))
        send.tables.append(problems_table(receipt.unread_files, words, caption=""))
    return ReceiptView(words.language, words("receipt.reminder.title"), lead, [carried, send], footer(receipt, words))


def previous_carried(receipt: Receipt, words: Words) -> list[str]:
    """A sentence where some of its previous values were themselves carried from an earlier period."""
    carried = receipt.previous_carried
    if not len(carried) or not receipt.changes_known:
        return []
    projects = ", ".join(f"{project(r)} ({fmt.period_name(r['carried_from'], words.language)})"
                         for r in carried.to_dict("records"))
    return [words("receipt.lead.previous_carried", projects=projects)]


def budget_year(receipt: Receipt):
    years = receipt.projects["budget_year"].dropna() if len(receipt.projects) else receipt.projects["budget_year"]
    if len(years):
        return int(years.mode().iloc[0])
    return receipt.period[:4]


def read_section(receipt: Receipt, words: Words) -> Section:
    files = Table(words("receipt.read.files"),
                  [words("receipt.column.file"), words("receipt.column.rows"), words("receipt.column.projects")],
                  [[row.name, number(row.rows, words), number(row.projects, words)] for row in receipt.files.itertuples()],
                  [f"{row.name}: {words.count('row', row.rows)}, {words.count('project', row.projects)}"
                   for row in receipt.files.itertuples()], frozenset({1, 2}), projects=False)
    paragraphs = [] if len(receipt.projects) else [words("receipt.read.none")]
    return Section(words("receipt.read.heading"), paragraphs, [files])


def projects_section(receipt: Receipt, profile: Profile, words: Words) -> Section | None:
    """Every row read, last: for the organisation to check against what it meant to send."""
    if not len(receipt.projects):
        return None
    ratings = [c for c in profile.rated_columns if c in receipt.projects]
    money = profile.money
    headers = [words("receipt.column.id"), words("receipt.column.project"),
               *(rating_name(c, words) for c in ratings), words(f"receipt.money.{money}"),
               words("receipt.column.row")]
    cells, lines = [], []
    for row in receipt.projects.to_dict("records"):
        cells.append([shown(row["project_id"]), row["project_name"], *(badge(row[c], profile, words) for c in ratings),
                      amount(row[money], profile, words), row["source_row"]])
        lines.append(f"{project(row)}: " + ", ".join(
            [*(f"{rating_name(c, words)} {rating_word(row[c], words)}" for c in ratings),
             f"{words(f'receipt.money.{money}')} {amount(row[money], profile, words)}"])
            + f" ({Path(row['source_file']).name}, {words('receipt.column.row').lower()} {row['source_row']})")
    return Section(words("receipt.read.projects"), [],
                   [Table("", headers, cells, lines, frozenset({len(headers) - 2, len(headers) - 1}))])


def changes_section(receipt: Receipt, profile: Profile, words: Words) -> Section | None:
    if receipt.previous is None:
        return None
    heading = words("receipt.changes.heading")
    if receipt.nothing_changed:
        return Section(heading, [words("receipt.changes.none")])
    tables = [t for t in (moves_table(receipt, profile, words), money_table(receipt, profile, words),
                          dates_table(receipt, words), joined_table(receipt, words), left_table(receipt, words),
                          moved_table(receipt, words)) if t is not None]
    if not receipt.changes_known:
        paragraphs = [sentence(words("receipt.changes.unknown"))]
    else:  # only projects missing from the file changed: said under their own heading
        paragraphs = [] if tables else [words("receipt.changes.none_in_file")]
    return Section(heading, paragraphs, tables)


def moves_table(receipt: Receipt, profile: Profile, words: Words) -> Table | None:
    moves = receipt.rating_moves
    if not len(moves):
        return None
    rows = moves.to_dict("records")
    return Table(words("receipt.moves.heading"), [words("receipt.column.id"), words("receipt.column.project"),
                 words("receipt.column.rating"), words("receipt.column.before"), words("receipt.column.after")],
                 [[shown(r["project_id"]), r["project_name"], rating_name(r["rating"], words),
                   badge(r["before"], profile, words), badge(r["after"], profile, words)] for r in rows],
                 [f"{project(r)}: {rating_name(r['rating'], words).lower()} {rating_word(r['before'], words)} "
                  f"{ARROW} {rating_word(r['after'], words)}" for r in rows])


def money_table(receipt: Receipt, profile: Profile, words: Words) -> Table | None:
    changes = receipt.money_changes
    if not len(changes):
        return None
    rows = changes.to_dict("records")

    def value(r, side):
        shown_amount = amount(r[side], profile, words)
        years = (r["year_before"], r["year_after"])
        if any(fmt.is_missing(y) for y in years) or years[0] == years[1] or fmt.is_missing(r[side]):
            return shown_amount
        return words("receipt.money.other_year", amount=shown_amount, year=r[f"year_{side}"])

    return Table(words("receipt.money.heading"), [words("receipt.column.id"), words("receipt.column.project"),
                 words("receipt.column.before"), words("receipt.column.after"), words("receipt.column.change")],
                 [[shown(r["project_id"]), r["project_name"], value(r, "before"), value(r, "after"),
                   amount(r["change"], profile, words, signed=True)] for r in rows],
                 [f"{project(r)}: {value(r, 'before')} {ARROW} {value(r, 'after')}"
                  + ("" if fmt.is_missing(r["change"]) else f" ({amount(r['change'], profile, words, signed=True)})")
                  for r in rows], frozenset({2, 3, 4}))


def dates_table(receipt: Receipt, words: Words) -> Table | None:
    changes = receipt.date_changes
    if not len(changes):
        return None
    rows = changes.to_dict("records")

    def when(value):
        return words("receipt.not_given") if fmt.is_missing(value) else fmt.planned_date(value, words.language)

    return Table(words("receipt.dates.heading"), [words("receipt.column.id"), words("receipt.column.project"),
                 words("receipt.column.date"), words("receipt.column.before"), words("receipt.column.after")],
                 [[shown(r["project_id"]), r["project_name"], date_name(r["date"], words), when(r["before"]),
                   when(r["after"])] for r in rows],
                 [f"{project(r)}: {date_name(r['date'], words).lower()} {when(r['before'])} {ARROW} "
                  f"{when(r['after'])}" for r in rows])


def joined_table(receipt: Receipt, words: Words) -> Table | None:
    rows = receipt.joined.to_dict("records")
    return Table(words("receipt.joined.heading"), [words("receipt.column.id"), words("receipt.column.project")],
                 [[shown(r["project_id"]), r["project_name"]] for r in rows], [project(r) for r in rows]) if rows else None


def left_table(receipt: Receipt, words: Words) -> Table | None:
    rows = receipt.left.to_dict("records")
    if not rows:
        return None
    where = [words("receipt.not_given") if fmt.is_missing(r["destination"]) else r["destination"] for r in rows]
    return Table(words("receipt.left.heading"), [words("receipt.column.id"), words("receipt.column.project"),
                 words("receipt.column.destination")],
                 [[shown(r["project_id"]), r["project_name"], w] for r, w in zip(rows, where)],
                 [f"{project(r)} {ARROW} {w}" for r, w in zip(rows, where)])


def moved_table(receipt: Receipt, words: Words) -> Table | None:
    rows = receipt.moved.to_dict("records")
    return Table(words("receipt.moved.heading"), [words("receipt.column.id"), words("receipt.column.project"),
                 words("receipt.column.organisation")],
                 [[shown(r["project_id"]), r["project_name"], r["organisation"]] for r in rows],
                 [f"{project(r)} {ARROW} {r['organisation']}" for r in rows]) if rows else None


def missing_section(receipt: Receipt, profile: Profile, words: Words) -> Section:
    paragraphs = [words("receipt.missing.project", project=project(r)) for r in receipt.missing.to_dict("records")]
    tables = []
    if len(receipt.carried):
        paragraphs.append(words("receipt.missing.carried"))
        tables.append(carried_table(receipt, profile, words))
    if not paragraphs:
        paragraphs.append(words("receipt.missing.none") if receipt.previous else words("receipt.missing.none_first"))
    return Section(words("receipt.missing.heading"), paragraphs, tables)


def carried_table(receipt: Receipt, profile: Profile, words: Words) -> Table:
    ratings = [c for c in profile.rated_columns if c in receipt.carried]
    money = profile.money
    rows = receipt.carried.to_dict("records")
    headers = [words("receipt.column.id"), words("receipt.column.project"),
               *(words(f"receipt.rating.{c}") for c in ratings), words(f"receipt.money.{money}"),
               words("receipt.column.carried_from")]
    return Table("", headers,
                 [[shown(r["project_id"]), r["project_name"], *(badge(r[c], profile, words) for c in ratings),
                   amount(r[money], profile, words), fmt.period_name(r["carried_from"], words.language)] for r in rows],
                 [f"{project(r)}: " + ", ".join([*(f"{words(f'receipt.rating.{c}')} {rating_word(r[c], words)}"
                                                   for c in ratings),
                                                 f"{words(f'receipt.money.{money}')} {amount(r[money], profile, words)}",
                                                 f"{words('receipt.column.carried_from').lower()} "
                                                 f"{fmt.period_name(r['carried_from'], words.language)}"])
                  for r in rows], frozenset({len(headers) - 2}))


def problems_section(receipt: Receipt, words: Words) -> Section:
    if not receipt.problems:
        return Section(words("receipt.problems.heading"), [words("receipt.problems.none")])
    return Section(words("receipt.problems.heading"), [words("receipt.problems.lead")],
                   [problems_table(receipt.problems, words, caption="")])


def problems_table(problems, words: Words, caption: str) -> Table:
    headers = [words("receipt.column.severity"), words("receipt.column.file"), words("receipt.column.row"),
               words("receipt.column.column"), words("receipt.column.value"), words("receipt.column.expected"),
               words("receipt.column.message")]
    cells = [[words(f"receipt.severity.{p.severity}"), Path(p.file).name, "" if p.row is None else p.row,
              p.column or "", printable(p.value) if p.value is not None else "", p.expected or "", p.message]
             for p in problems]
    lines = [problem_line(p, words) for p in problems]
    return Table(caption, headers, cells, lines, frozenset({2}), projects=False)


def problem_line(problem, words: Words) -> str:
    """``Advarsel: hdir_2020_06.csv:9: the message; kolonne 'Risiko'; verdi ''; forventet …``."""
    name = Path(problem.file).name
    where = name if problem.row is None else f"{name}:{problem.row}"
    parts = [f"{words(f'receipt.severity.{problem.severity}')}: {printable(where)}: {problem.message}"]
    for key, value in (("column", problem.column), ("value", problem.value), ("expected", problem.expected)):
        if value is not None:
            shown_value = printable(value) if key == "expected" else repr(printable(value))
            parts.append(f"{words(f'receipt.column.{key}').lower()} {shown_value}")
    return "; ".join(parts)


def rating_name(column: str, words: Words) -> str:
    return words(f"receipt.rating.{column}")


def date_name(column: str, words: Words) -> str:
    return words(f"receipt.date.{column}")


def footer(receipt: Receipt, words: Words) -> str:
    folder = f"{receipt.portfolio}/{receipt.period}"
    return words("receipt.footer", date=fmt.date(dt.date.today(), words.language), version=__version__, folder=folder)


def project(row) -> str:
    """``138 Oppfølgingsteam``."""
    return f"{shown(row['project_id'])} {row['project_name']}".strip()


def number(value, words: Words) -> str:
    return fmt.number(value, words.language)


def amount(value, profile: Profile, words: Words, signed: bool = False) -> str:
    return (words(words.blank) if fmt.is_missing(value)
            else fmt.amount(value, words.language, profile.budget_unit, signed=signed))


def rating_word(label, words: Words) -> str:
    return words(words.blank) if fmt.is_missing(label) else str(label)


def badge(label, profile: Profile, words: Words) -> Markup:
    scale = scale_with_labels(tuple(profile.scale.labels))
    colour = None if fmt.is_missing(label) or scale is None else scale.colours.get(str(label))
    return rating_badge(rating_word(label, words), colour)


@lru_cache(maxsize=None)
def environments() -> tuple[Environment, Environment]:
    """The page's environment (autoescape) and the e-mail's (plain text, nothing escaped)."""
    page = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True,
                       default_for_string=True), trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    page.finalize = shown
    mail = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=False, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)
    mail.finalize = shown
    return page, mail


def receipt_page(receipt: Receipt, profile: Profile) -> str:
    """The receipt as one self-contained HTML page: the report's style sheet inline, no script, nothing fetched."""
    view = receipt_view(receipt, profile)
    return environments()[0].get_template("receipt.html.j2").render(view=view, css=Markup(stylesheet()))


def receipt_text(receipt: Receipt, profile: Profile) -> str:
    """The receipt as plain text for an e-mail: the same facts, a line per row of each table."""
    view = receipt_view(receipt, profile)
    return environments()[1].get_template("receipt.txt.j2").render(view=view)


def file_stem(organisation: str) -> str:
    """The organisation's name as a file name: as written, but for characters no file name may hold."""
    return UNSAFE_IN_NAME.sub("_", organisation).strip(" .") or "_"


def default_folder(reports: Path, portfolio: str, period: str) -> Path:
    return reports / portfolio / "receipts" / period


def write_receipts(found: list[Receipt], profile: Profile, folder: Path, only: bool = False) -> list[Path]:
    """Writes ``<organisation>.html`` and ``<organisation>.txt`` for each receipt into ``folder``: the whole folder
    swapped in at once, or with ``only`` (one organisation's receipt) its two files each replaced whole. Returns
    the pages written."""
    shown_folder = str(folder)
    with write_errors_reported(shown_folder, "the receipts written earlier are unchanged"):
        with staging_beside(folder, "receipts") as staging:
            for receipt in found:
                stem = file_stem(receipt.organisation)
                (staging / f"{stem}.html").write_text(receipt_page(receipt, profile), encoding="utf-8")
                (staging / f"{stem}.txt").write_text(receipt_text(receipt, profile), encoding="utf-8")
            if only:
                folder.mkdir(parents=True, exist_ok=True)
                for written in sorted(staging.iterdir()):
                    os.chmod(written, 0o644)
                    os.replace(written, folder / written.name)
            else:
                for written in staging.iterdir():
                    os.chmod(written, 0o644)
                swap_in(staging, folder)
    return [folder / f"{file_stem(r.organisation)}.html" for r in found]
