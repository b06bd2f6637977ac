"""One file to send: every page of a period in ``<portfolio>-<period>.html``, beside the pages.

The file is made from the same exported page bodies as the separate pages, each body a section
(``#overview``, ``#status_change``, ...) under a table of contents, with the pages' head (the same
Content-Security-Policy and style sheet) and no script. Nothing in it leads outside it:

- element ids are prefixed with their section's id (``risk-…``), so they stay unique in one file,
  and links to them follow;
- a link to another page of the period points to that page's section instead;
- a link to a full list written beside the pages as CSV is left out, and the note says which file in the
  report's folder holds the whole list (the file would not travel with the single file);
- any other link keeps its text and loses its target.

The table of contents ends with the report's provenance (``#about``): when and from which package version it
was made, and the SHA-256 of each input file (``pa.load_inputs``), a short appendix on paper.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from markupsafe import Markup

from .catalogue import Context, t
from .html import environment, stylesheet

REFERENCE_ATTRIBUTES = ("for", "headers", "aria-labelledby", "aria-describedby", "aria-controls")
APPENDIX = "about"  # the id of the provenance at the end (the SHA-256 of each input file), listed in the contents


def single_file_name(ctx: Context) -> str:
    return f"{ctx.pf.name}-{ctx.period}.html"


def single_html(ctx: Context, bodies: dict[str, str], page_files: dict[str, str], provenance: Markup) -> str:
    """The period's pages in one file. ``bodies``: notebook -> its exported body, in page order;
    ``page_files``: notebook -> the file of its separate page (``overview`` -> ``index.html``)."""
    sections_of_files = {page_files[name]: name for name in bodies}
    sections = [{"id": name, "label": t(ctx, f"section.{name}"),
                 "body": Markup(section_body(ctx, name, body, sections_of_files))}
                for name, body in bodies.items()]
    return environment().get_template("single.html.j2").render(
        language=ctx.language, title=t(ctx, "page.heading"),
        css=Markup(stylesheet()), contents=t(ctx, "single.contents"), sections=sections, provenance=provenance,
        footer_id=APPENDIX, footer_label=t(ctx, "provenance.heading"))


def section_body(ctx: Context, section: str, body: str, sections_of_files: dict[str, str]) -> str:
    """A page's exported body as a section of the single file: ids prefixed, links kept inside."""
    soup = BeautifulSoup(body, "html.parser")
    prefix_ids(soup, section)
    for link in soup.find_all("a", href=True):
        if "full-list" in link.get("class", []):
            link.replace_with(t(ctx, "single.full_list_file", name=link["href"]))
            continue
        inside = link_inside(link["href"], section, sections_of_files)
        if inside is None:
            link.unwrap()
        else:
            link["href"] = inside
    return str(soup)


def prefix_ids(soup: BeautifulSoup, section: str) -> None:
    for element in soup.find_all(id=True):
        element["id"] = f"{section}-{element['id']}"
    for attribute in REFERENCE_ATTRIBUTES:
        for element in soup.find_all(attrs={attribute: True}):
            element[attribute] = " ".join(f"{section}-{name}" for name in element[attribute].split())


def link_inside(href: str, section: str, sections_of_files: dict[str, str]) -> str | None:
    """Where a link of ``section`` points in the single file, or None when its target is not in it."""
    page, _, fragment = href.partition("#")
    target = section if page == "" else sections_of_files.get(page)
    if target is None:
        return None
    return f"#{target}-{fragment}" if fragment else f"#{target}"
