"""The language the tool speaks: English or Simplified Chinese, from gettext catalogs.

Every message, hint, help text, table heading and progress line is written in English in the
source, wrapped in :func:`_` (or marked with :func:`N_` where it is translated later, as click's
help texts are), and translated from ``evidence_kit/locale/zh_CN/LC_MESSAGES/evidence_kit.po``.
The ``.mo`` beside it is compiled at build (``make locale``, and the wheel's build step); a source
checkout without it compiles the ``.po`` in memory when Babel is installed.

The language is chosen the usual way: ``--lang`` on the command line (which sets
``EVIDENCE_KIT_LANG`` for the processes it starts), else the first of ``LANGUAGE``, ``LC_ALL``,
``LC_MESSAGES`` and ``LANG`` that is set; ``zh*`` means Chinese, anything else English.
Problem codes, JSON keys and exit codes never depend on it.

Messages are formatted with :meth:`str.format` named fields: ``_("exhibit {number} ({file}) is
empty", number=2, file="ex2.pdf")``; a message given no fields is returned as translated, so its
braces need no doubling.
"""

from __future__ import annotations

import gettext
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Literal

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")
DOMAIN = "evidence_kit"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
CATALOG_LOCALES: dict[Language, str] = {"zh": "zh_CN"}
LANGUAGE_ENV = "EVIDENCE_KIT_LANG"
"""Set by ``--lang``; read first, so that worker processes speak the language of their parent."""
LOCALE_ENVS = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_local = threading.local()


def parse_language(value: str | None) -> Language | None:
    """``zh``, ``zh_CN.UTF-8``, ``zh-Hans`` → zh; ``en``, ``C``, ``POSIX``, ``de_DE`` → en; empty → None."""
    if not value:
        return None
    first = value.split(":")[0].strip().lower()
    if not first:
        return None
    return "zh" if first.startswith("zh") else "en"


def language_from_environment(environ: dict[str, str] | None = None) -> Language:
    env = os.environ if environ is None else environ
    for name in (LANGUAGE_ENV, *LOCALE_ENVS):
        chosen = parse_language(env.get(name))
        if chosen is not None:
            return chosen
    return "en"


def current_language() -> Language:
    chosen: Language | None = getattr(_local, "language", None)
    return chosen if chosen is not None else _process_language()


_process_choice: list[Language] = []


def _process_language() -> Language:
    if not _process_choice:
        _process_choice.append(language_from_environment())
    return _process_choice[0]


def set_language(language: str | None) -> Language:
    """Choose the language of this process (``None``: from the environment again); returns it."""
    _process_choice.clear()
    chosen = parse_language(language) if language else None
    _process_choice.append(chosen or language_from_environment())
    _local.language = None
    return _process_choice[0]


@contextmanager
def language(lang: str) -> Iterator[Language]:
    """Speak ``lang`` in this thread for the duration of the block (tests, a library caller)."""
    before = getattr(_local, "language", None)
    _local.language = parse_language(lang) or "en"
    try:
        yield _local.language
    finally:
        _local.language = before


def catalog_path(lang: Language, suffix: str) -> Path:
    return LOCALE_DIR / CATALOG_LOCALES[lang] / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@cache
def translations(lang: Language) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    mo, po = catalog_path(lang, ".mo"), catalog_path(lang, ".po")
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po.is_file():
        compiled = compile_in_memory(po)
        if compiled is not None:
            return compiled
    return gettext.NullTranslations()


def compile_in_memory(po: Path) -> gettext.NullTranslations | None:
    """A source checkout whose ``.mo`` is missing or older than its ``.po``: compile with Babel."""
    try:
        from io import BytesIO

        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:
        return None
    with po.open("rb") as handle:
        catalog = read_po(handle)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(msgid: str, /, **fields: object) -> str:
    """``msgid`` in the current language, its ``{fields}`` filled in."""
    text = translations(current_language()).gettext(msgid)
    return text.format(**fields) if fields else text


def n_(singular: str, plural: str, count: int, /, **fields: object) -> str:
    """The singular or plural form for ``count`` (given to the text as ``{count}``)."""
    text = translations(current_language()).ngettext(singular, plural, count)
    return text.format(count=count, **fields)


def N_(msgid: str, /) -> str:
    """Mark ``msgid`` for the catalog without translating it now (translated where it is shown)."""
    return msgid


def pN_(context: str, msgid: str, /) -> str:
    """Mark ``msgid`` within ``context`` (a short word used in two senses: the notice kind "visit" and
    the contact channel "visit"); shown with :func:`translate_in`."""
    return msgid


def translate_in(context: str, msgid: str) -> str:
    """A text marked with :func:`pN_`, in the current language."""
    return translations(current_language()).pgettext(context, msgid) if msgid else msgid


def translate(msgid: str) -> str:
    """A text marked with :func:`N_` (or a click help text), in the current language."""
    return translations(current_language()).gettext(msgid) if msgid else msgid
