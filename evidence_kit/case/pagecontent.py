"""A page's q/Q nesting read from its bytes, when its content is plain enough to need no parse.

The input check parses every page's content with qpdf's tokenizer: content that does not parse
refuses the file, and the parse measures the q/Q nesting the stamp needs (≈ 0.2 ms a text
page, most of the check's time on a bundle of text). Most pages hold nothing qpdf could
complain about: numbers, names, operators, literal strings without nested parentheses, hex
strings, flat arrays and one-level dictionaries of numbers, names and strings (a dictionary may
also hold a flat array). For such content :func:`plain_nesting` gives the nesting qpdf's parse
gives, from a few passes over the bytes done in C (translate, find, a regular-expression
substitution). Anything else returns None and the caller parses the page with qpdf as before:
a comment, an inline image, a nested string, array or dictionary, a ``#`` in a name, an integer
of 19 digits or more (qpdf warns when it does not fit 64 bits), a dictionary with a repeated
key, an operator inside an array or a dictionary (pikepdf's grouping refuses it), a word other
than ``q`` or ``Q`` that holds one of them (pikepdf's grouping may list it among the q/Q
operators), or content libqpdf warned about while reading it — every case in which the parse
might say something, so that what the check finds does not change.
"""

from __future__ import annotations

import re

import pikepdf
from pikepdf import Name

_WHITE = rb" \t\n\r\f\v\x00"
"""qpdf's white space (NUL and vertical tab included)."""
_REGULAR = rb"[^" + _WHITE + rb"()<>\[\]{}/%]"
"""A character of a number, an operator or a name (after its slash)."""
_MARK = b"\x01"
_PLACEHOLDER = b" \x01 "
"""What a string becomes: a byte content never holds here (content with it goes to qpdf), not a hex digit nor
a name, so that it can neither join a hex string nor be a key, nor be taken for a word of the content."""

_PARENS_ONLY = bytes(c for c in range(256) if c not in b"()")
_SPECIALS_ONLY = bytes(c for c in range(256) if c not in b"()<>[]{}%#")
"""``bytes.translate`` deletion tables: what is left are the parentheses, or the delimiters that need a look."""
_DIGITS = bytes(ord("0") if c in b"0123456789" else ord(" ") for c in range(256))
"""``bytes.translate`` table: each ASCII digit becomes 0, anything else a space."""
_LONG_INTEGER = b"0" * 19
"""19 digits in a row may not fit qpdf's 64-bit integer (it warns); such content goes to qpdf."""

_PLAIN_STRING = re.compile(rb"\([^)]*+\)")
"""A literal string, in content where parentheses alternate and no backslash escapes one."""
_STRING = re.compile(rb"\((?:[^()\\]++|\\.)*+\)", re.DOTALL)
"""A literal string without nested parentheses, escapes allowed."""
_HEX = re.compile(rb"<[0-9A-Fa-f" + _WHITE + rb"]*+>")
_OPERAND = (rb"(?:/" + _REGULAR + rb"*+|(?:[-+]?(?:[0-9]++(?:\.[0-9]*+)?|\.[0-9]++)|\x01|true|false|null)(?!"
            + _REGULAR + rb"))")
"""What an array or a dictionary may hold here: a name, a number, a string's placeholder, true, false, null (an
operator inside one is refused by the parse's grouping, not by qpdf: it goes to the parse)."""
_DICTIONARY = re.compile(rb"<<(?:[" + _WHITE + rb"]*+/" + _REGULAR + rb"*+[" + _WHITE + rb"]*+" + _OPERAND + rb")*+["
                         + _WHITE + rb"]*+>>")
_KEY = re.compile(rb"/(" + _REGULAR + rb"*+)[" + _WHITE + rb"]*+" + _OPERAND)
_ARRAY = re.compile(rb"\[(?:[" + _WHITE + rb"]*+" + _OPERAND + rb")*+[" + _WHITE + rb"]*+\]")
_INLINE_IMAGE = re.compile(rb"(?<![^" + _WHITE + rb"/\[\]<>])ID(?![^" + _WHITE + rb"/\[\]<>])")
_Q_WORD = re.compile(rb"(?<![^" + _WHITE + rb"])" + _REGULAR + rb"*?[qQ]" + _REGULAR + rb"*+")
"""A word (not a name) holding q or Q (the text holds no delimiter but ``/`` when it is searched): pikepdf's
grouping of the parse lists words such as ``qr`` or ``Q1`` with the q/Q operators, so only content whose q/Q
words are exactly ``q`` and ``Q`` is read here."""

_DECODED = frozenset({"/FlateDecode", "/Fl", "/LZWDecode", "/LZW", "/ASCII85Decode", "/A85", "/ASCIIHexDecode",
                      "/AHx"})
"""Filters a content stream may have here (what ``read_bytes`` decodes, as the parse does)."""


def page_content(page: pikepdf.Object) -> bytes | None:
    """The page's content decoded as qpdf's parse reads it (its streams joined by newlines), or None when it is
    not one or more streams with the filters above that decode. What libqpdf warned meanwhile (a damaged
    stream, an object repaired as it was read) is left for the caller to collect: content it warned about is
    not plain."""
    contents = page.get(Name.Contents)
    streams = [contents] if isinstance(contents, pikepdf.Stream) else contents
    if not isinstance(streams, (list, pikepdf.Array)):
        return None
    parts = []
    for stream in streams:
        if not isinstance(stream, pikepdf.Stream) or not _decoded_here(stream):
            return None
        try:
            parts.append(stream.read_bytes())
        except pikepdf.PdfError:
            return None
    return b"\n".join(parts)


def content_streams(page: pikepdf.Object) -> list[pikepdf.Object]:
    """The page's content streams: :func:`page_content` decodes them, or qpdf's parse does (both say what fails)."""
    contents = page.get(Name.Contents)
    if isinstance(contents, pikepdf.Stream):
        return [contents]
    return [s for s in contents if isinstance(s, pikepdf.Stream)] if isinstance(contents, pikepdf.Array) else []


def _decoded_here(stream: pikepdf.Object) -> bool:
    value = stream.get(Name.Filter)
    if value is None:
        return True
    names = list(value) if isinstance(value, pikepdf.Array) else [value]
    return all(str(name) in _DECODED for name in names)


def plain_nesting(data: bytes) -> tuple[int, int] | None:
    """(most ``Q`` beyond ``q``, ``q`` left open after that) of plain content, as qpdf's parse measures it;
    None when the content is not plain (see the module's description)."""
    text = _without_strings(data) if _MARK not in data else None
    if text is None:
        return None
    specials = text.translate(None, _SPECIALS_ONLY)
    if specials.strip(b"<>[]"):  # a parenthesis left, a brace, a comment, a # in a name
        return None
    if b"<" in specials:
        text = _HEX.sub(_PLACEHOLDER, text)
    if _LONG_INTEGER in text.translate(_DIGITS) or (b"ID" in text and _INLINE_IMAGE.search(text)):
        return None
    if specials:
        if b"[" in text:
            text = _ARRAY.sub(_PLACEHOLDER, text)  # first: a dictionary may hold a flat array (/Attached [/Top])
        if b"<<" in text:
            text = _DICTIONARY.sub(_dictionary_or_mark, text)
        if text.translate(None, _SPECIALS_ONLY):  # nested, unclosed or stray
            return None
    if b"q" not in text and b"Q" not in text:
        return (0, 0)
    words = _Q_WORD.findall(text)
    if any(len(word) != 1 for word in words):
        return None
    depth = lowest = 0
    for word in words:
        depth += 1 if word == b"q" else -1
        lowest = min(lowest, depth)
    return -lowest, depth - lowest


def _without_strings(data: bytes) -> bytes | None:
    """The content with each literal string replaced by a word; None when parentheses do not pair."""
    if b"(" not in data:
        return data
    if b"\\" in data:
        return _STRING.sub(_PLACEHOLDER, data)  # a nested or unclosed string leaves a parenthesis behind
    parens = data.translate(None, _PARENS_ONLY)
    if parens != b"()" * (len(parens) // 2):
        return None
    return _PLAIN_STRING.sub(_PLACEHOLDER, data)


def _dictionary_or_mark(match: re.Match[bytes]) -> bytes:
    """A dictionary as a word, or a parenthesis (sending the page to qpdf) when a key repeats: qpdf warns."""
    keys = _KEY.findall(match.group())
    return _PLACEHOLDER if len(set(keys)) == len(keys) else b" ( "
