"""A submitted text file's bytes as text: which encoding, and the repairs made before any row is counted.

UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252 and Mac Roman are read. Mac Roman is taken
only where its letters read as words and Windows-1252's do not (``Pakkeforløp``, not ``Pakkeforl¿p``);
UTF-8 encoded twice (``PrimÃ¦rhelseteam``) is decoded once more where the whole file allows it. Both are
warnings naming an example, so a wrong guess is seen. A DOS end-of-file mark (Ctrl-Z) at the very end is
the end of the file.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..settings.problems import Problem, UnreadableFile
from .delimited import LINE_BREAK

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # Excel's "Unicode text" export: UTF-16 LE with its BOM
UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]")  # a two-byte UTF-8 letter (æ, ø, å, é, …)
# Ctrl-Z: DOS and CP/M marked the end of a text file with it (and padded with it); a line break after it is
# still the end.
DOS_END = re.compile(r"\x1a[\x1a\r\n]*\Z")
# Letters of the Latin-1 range (À-ÿ without × and ÷): what a non-ASCII character inside a word of these
# portfolios' texts is (æøå, é, ü, …), besides typographic punctuation; anything else there (¿, ¯, ¾, Œ)
# means the file was read in the wrong encoding.
LATIN_LETTERS = frozenset(chr(c) for c in range(0xC0, 0x100)) - {"×", "÷"}
PUNCTUATION = frozenset("’‘“”„‚–—…•·«»‹›§°´\u20ac\u00a3\u00a0\u00ad")  # marks next to words; euro and pound signs
NEXT_TO_LETTER = re.compile(r"(?<=[A-Za-z])[^\x00-\x7f]|[^\x00-\x7f](?=[A-Za-z])")
WORD_BEFORE = re.compile(r'[^\s,;"]{0,60}\Z')
WORD_AFTER = re.compile(r'[^\s,;"]{0,60}')
# UTF-8 seen through Windows-1252 (or Latin-1) and saved as UTF-8 again: a Latin-1 letter or sign (Ã¦ for
# æ, Ã¸ for ø, Â° for °) or a typographic mark (â€™ for ’, â€“ for –).
UTF8_CONTINUATIONS = "".join(sorted(set(bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore"))
                                    | set(bytes(range(0x80, 0xC0)).decode("latin-1"))))
DOUBLE_ENCODED = re.compile(f"(?:[ÂÃ]|â€)[{re.escape(UTF8_CONTINUATIONS)}]")
RESAVE_AS_UTF8 = "text in one encoding, UTF-8 (save the file again as UTF-8)"


def read_text(path: Path, shown: str = "", undefined_bytes: str = "error") -> tuple[str, list[Problem]]:
    """The file's text, refused when it is empty or not text; warnings for an
    encoding guessed or repaired, and for every undefined byte replaced (``undefined_bytes="replace"``)."""
    content = path.read_bytes()
    try:
        text, problems = decode(content, shown)
    except UnreadableFile:
        if undefined_bytes != "replace" or b"\x00" in content or not has_undefined_bytes(content):
            raise
        text, problems = decode_replacing(content, shown)
    end_mark = DOS_END.search(text)
    if end_mark:
        text = text[:end_mark.start()]
        line = len(LINE_BREAK.findall(text)) + 1
        problems.append(Problem(shown, "the file ends with a DOS end-of-file mark (Ctrl-Z, 0x1A): read as the end "
                                "of the file", row=line, value="\\x1a", expected=None, severity="note"))
        text += "\n"  # the mark ends its line: a line of its own stays a line, an empty one
    if not text.strip():
        raise UnreadableFile("the file is empty", "a header row and one row per project")
    return text, problems


def has_undefined_bytes(content: bytes) -> bool:
    try:
        content.decode("cp1252")
    except UnicodeDecodeError:
        return not UTF8_LETTER.search(content)  # a mix of UTF-8 and Windows-1252 stays an error
    return False


def decode_replacing(content: bytes, shown: str) -> tuple[str, list[Problem]]:
    """Windows-1252 text with a few bytes it does not define (0x81, 0x8d, 0x8f, 0x90, 0x9d): each becomes
    U+FFFD and is reported with its line, so nobody mistakes the replacement for the original."""
    text = content.decode("cp1252", errors="replace")
    problems = []
    for match in re.finditer(rb"[\x81\x8d\x8f\x90\x9d]", content):
        line = content.count(b"\n", 0, match.start()) + 1
        context = content[max(0, match.start() - 30):match.end() + 30].decode("cp1252", errors="replace")
        problems.append(Problem(shown, f"byte 0x{match.group()[0]:02x} is not a Windows-1252 character; read as "
                                "U+FFFD (\ufffd)", row=line, value=" ".join(context.split()),
                                expected="text in one encoding", severity="warning"))
    return text, problems


def decode(content: bytes, shown: str = "") -> tuple[str, list[Problem]]:
    """The text of a file's bytes, with a warning where the encoding was guessed or repaired."""
    if content.startswith(UTF16_BOMS):
        try:
            return content.decode("utf-16"), []  # the BOM says which byte order
        except UnicodeDecodeError as error:
            raise UnreadableFile(f"the file starts as UTF-16 text but byte {error.start} is not UTF-16: the "
                                 "file looks truncated or damaged", "the whole file as exported; send it again"
                                 ) from error
    if b"\x00" in content:
        raise UnreadableFile("the file is not text (it holds NUL bytes)", "a CSV or TSV text file, or an .xlsx workbook")
    try:
        return undo_double_encoding(content.decode("utf-8-sig"), shown)
    except UnicodeDecodeError:
        pass
    windows = single_byte(content, "cp1252")
    mac = content.decode("mac_roman")
    if prefers_mac_roman(mac, windows if windows is not None else content.decode("cp1252", errors="replace")):
        start, end = word_span(mac, NEXT_TO_LETTER.search(mac))  # one character per byte in both: the same span
        as_windows = content[start:end].decode("cp1252", errors="replace")
        return mac, [Problem(shown, f"the file is not UTF-8 and reads as Mac Roman (an old Mac's encoding): read as "
                             f"{mac[start:end]!r}, where Windows-1252 would give {as_windows!r}",
                             value=mac[start:end], expected=RESAVE_AS_UTF8, severity="warning")]
    if windows is not None:
        if UTF8_LETTER.search(content):
            raise UnreadableFile("the file mixes two encodings: most of it is UTF-8, some of it Windows-1252, so "
                                 "letters such as æøå would come out garbled", "one encoding for the whole file "
                                 "(save it again as UTF-8)")
        return windows, []
    raise UnreadableFile("the file is not text in a known encoding", "UTF-8 (with or without BOM), UTF-16 with BOM, "
                         "Windows-1252 or Mac Roman")


def single_byte(content: bytes, encoding: str) -> str | None:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError:
        return None


def word_span(text: str, found: re.Match) -> tuple[int, int]:
    """Where the word around a match starts and ends (up to 60 characters each side): the example shown."""
    start = found.start() - len(WORD_BEFORE.search(text, max(0, found.start() - 60), found.start()).group())
    return start, WORD_AFTER.match(text, found.end()).end()


def letters_and_odd(text: str) -> tuple[int, int]:
    """Non-ASCII characters next to an ASCII letter (inside or at the edge of a word): how many are letters
    of the Latin-1 range, and how many are odd there (neither such a letter nor typographic punctuation)."""
    inside = NEXT_TO_LETTER.findall(text)
    letters = sum(ch in LATIN_LETTERS for ch in inside)
    return letters, sum(ch not in LATIN_LETTERS and ch not in PUNCTUATION for ch in inside)


def prefers_mac_roman(mac: str, windows: str) -> bool:
    """Mac Roman when Windows-1252 reads odd characters in words (``Pakkeforl¿p``, or a byte it does not
    define) and Mac Roman reads fewer, and mostly letters; otherwise (a tie too) Windows-1252."""
    mac_letters, mac_odd = letters_and_odd(mac)
    return mac_odd < min(mac_letters, letters_and_odd(windows)[1])


def undo_double_encoding(text: str, shown: str) -> tuple[str, list[Problem]]:
    """UTF-8 text whose letters were encoded twice (read as Windows-1252 and saved as UTF-8 again): decoded
    once more when the whole text allows it, else read as written; a warning with an example either way."""
    found = DOUBLE_ENCODED.search(text)
    if not found:
        return text, []
    start, end = word_span(text, found)
    example = text[start:end]
    for encoding in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(encoding).decode("utf-8").removeprefix("\ufeff")
        except UnicodeError:
            continue
        return repaired, [Problem(shown, f"the file's text is encoded twice as UTF-8 (æ written as 'Ã¦'); decoded "
                                  f"once more: read as {fix_word(example)!r}", value=example,
                                  expected=RESAVE_AS_UTF8, severity="warning")]
    return text, [Problem(shown, "some of the file's text looks encoded twice as UTF-8 (æ written as 'Ã¦'); read "
                          "as written", value=example, expected=RESAVE_AS_UTF8, severity="warning")]


def fix_word(word: str) -> str:
    for encoding in ("cp1252", "latin-1"):
        try:
            return word.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
    return word
