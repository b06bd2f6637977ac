"""An owner's comment as a page shows it: the short form of the reason beside a project in a list.

The data keep the comment exactly as written; a page shows its opening, so a list stays readable:

- a templated opening the portfolio's profile names (``comment_preambles``, regular expressions: a
  sentence repeating the rating move, "Compared to financial year 21/22-Q4, the … rating at 22/23-Q4
  remained at Red. This is primarily due to the following factors.") is dropped, as often as one matches
  at the start; where nothing else is written the templated text is what the owner said, and is shown;
- line breaks and runs of spaces read as one space;
- whole sentences are kept while they fit in :data:`REASON_LIMIT` characters; a first sentence longer than
  that is cut after its last word that fits and ends with "…"; where sentences are left out, " …" (a
  no-break space) after the last one kept says there is more. The whole comment is in the list's data and its CSV file.
"""

from __future__ import annotations

import re
from typing import Iterable

from . import formatting as fmt

REASON_LIMIT = 200  # characters of a reason in a list: one or two sentences, five or six lines of a table cell
MORE = "…"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def short_comment(text, preambles: Iterable[re.Pattern[str]] = (), limit: int = REASON_LIMIT) -> str | None:
    """The short form of ``text`` (see the module's docstring); None where there is no comment. At most
    ``limit`` characters of the owner's words, then the mark where more follows."""
    if fmt.is_missing(text) or not str(text).strip():
        return None
    given = str(text).strip()
    sentences = split_sentences(" ".join((without_preambles(given, preambles) or given).split()))
    kept, more = sentences[0], False
    for sentence in sentences[1:]:
        if len(kept) + 1 + len(sentence) > limit:
            more = True
            break
        kept += " " + sentence
    if len(kept) > limit:
        return cut_at_word(kept, limit)
    return f"{kept}{fmt.NBSP}{MORE}" if more else kept  # the mark never wraps onto a line of its own


def without_preambles(text: str, preambles: Iterable[re.Pattern[str]]) -> str:
    """``text`` without the templated openings the ``preambles`` match at its start, as often as they do."""
    preambles = tuple(preambles)
    found = True
    while found:
        found = next((match for match in (pattern.match(text) for pattern in preambles) if match and match.end()),
                     None)
        if found:
            text = text[found.end():].lstrip()
    return text


def split_sentences(text: str) -> list[str]:
    """Sentences at ``.``, ``!`` or ``?`` and a space; a piece starting in lower case belongs to the sentence
    before it (``pga. ressursmangel``, ``e.g. the``): an abbreviation, not a sentence's end."""
    sentences: list[str] = []
    for piece in SENTENCE_END.split(text):
        if sentences and piece[:1].islower():
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return sentences


def cut_at_word(text: str, limit: int) -> str:
    """The words of ``text`` that fit in ``limit`` characters, then "…" (a word longer than that is cut)."""
    head = text[:limit + 1]
    words = head.rsplit(" ", 1)[0] if " " in head else text[:limit]
    return words.rstrip(" ,;:–-") + MORE
