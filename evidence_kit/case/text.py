"""Text that will be printed: control characters cleaned on the way in, glyph coverage checked.

Word and bank exports put form feeds, vertical tabs (Word's manual line break) and other
control characters into text; they are turned into line breaks or spaces when a case is
loaded. A character no installed font can draw would make the layout fail late, in
``build``; ``check`` reports it early, naming the field.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

from evidence_kit.i18n import _
from evidence_kit.problems import Location, Problem, error

_LINE_BREAKS = re.compile(r"\r\n|[\r\f\v\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
"""Embeddings, overrides, isolates and marks: they make the printed order differ from the stored one."""
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff\u180e]")
"""Characters that print as nothing, so that two different values look the same."""
_SPACES = re.compile(r"[ \t]*\n[ \t\n]*|\t")

BODY_FONT = "Noto Serif CJK SC"


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Line-break controls become newlines (spaces in one-line text); other controls are dropped."""
    text = _LINE_BREAKS.sub("\n", value)
    text = _CONTROLS.sub("", text.replace("\t", " "))
    if not multiline:
        text = _SPACES.sub(" ", text)
    return text.strip()


def has_hidden_character(text: str) -> bool:
    """Whether :func:`hidden_character_problem` would find something (asked before a location is made)."""
    return not text.isascii() and (_BIDI.search(text) is not None or _ZERO_WIDTH.search(text) is not None)


def hidden_character_problem(text: str, loc: Location, what: str) -> Problem | None:
    """An error when ``text`` holds a bidirectional control or a zero-width character.

    ``what`` names the text in the current language (a case.yaml key, "the amount cell").
    """
    found = _BIDI.search(text)
    if found:
        return error("text_bidi_control",
                     _("{what} holds {char}, which changes the order in which the text is shown: the printed text "
                       "would differ from the data", what=what, char=describe(found.group())), loc,
                     _("retype the value without it (copy it from the source as plain text)"))
    found = _ZERO_WIDTH.search(text)
    if found:
        return error("text_zero_width", _("{what} holds the invisible character {char}", what=what,
                                          char=describe(found.group())), loc,
                     _("retype the value without it; invisible characters make different values look the same"))
    return None


def too_long_problem(text: str, limit: int, loc: Location, what: str) -> Problem | None:
    if len(text) <= limit:
        return None
    return error("text_too_long", _("{what} has {count} characters, more than the limit of {limit}", what=what,
                                    count=f"{len(text):,}", limit=f"{limit:,}"), loc,
                 _("shorten it; long texts belong in an exhibit, not in a field"))


def unprintable(text: str) -> list[str]:
    """The distinct characters of ``text`` that no installed font can draw, in order of appearance."""
    covered = body_font_characters()
    missing = [c for c in dict.fromkeys(text) if not c.isspace() and ord(c) not in covered]
    return [c for c in missing if not _other_font_has(c)]


def describe(char: str) -> str:
    shown = f" ({char})" if char.isprintable() and not _BIDI.match(char) and not _ZERO_WIDTH.match(char) else ""
    name = unicodedata.name(char, "") or _("unnamed character")
    return f"U+{ord(char):04X} {name}{shown}"


@cache
def body_font_characters() -> frozenset[int]:
    """Code points of the body font; empty when it cannot be found (then fontconfig decides each one)."""
    located = fontconfig_file(BODY_FONT)
    if located is None:
        return frozenset()
    from fontTools.ttLib import TTFont

    path, index = located
    font = TTFont(str(path), fontNumber=index, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def fontconfig_file(family: str, style: str = "") -> tuple[Path, int] | None:
    """The font file (and index in its collection) fontconfig uses for ``family``.

    None when fontconfig is absent or would substitute another family for it.
    """
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    pattern = f"{family}:style={style}" if style else family
    out = subprocess.run([fc_match, pattern, "--format=%{family}|%{file}|%{index}"], capture_output=True,
                         text=True, check=False).stdout
    parts = out.split("|")
    if len(parts) != 3 or family not in parts[0] or not Path(parts[1]).is_file():
        return None
    return Path(parts[1]), int(parts[2] or 0)


@cache
def _other_font_has(char: str) -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True  # cannot tell: let the layout decide
    out = subprocess.run([fc_list, f":charset={ord(char):x}", "family"], capture_output=True, text=True, check=False)
    return bool(out.stdout.strip())
