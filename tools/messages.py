"""The message catalog: extract every translatable text, merge it into the Chinese ``.po``, compile.

    python tools/messages.py update    extract, merge (parts/*.po too), write the .po, compile the .mo
    python tools/messages.py compile   only compile the .po into the .mo (``make locale``)
    python tools/messages.py check     list texts without a Chinese translation (exit 1 when any)
    python tools/messages.py union A.po B.po
                                       the main .po from the translations of both (B wins), then update:
                                       how a merge conflict in the .po is resolved

Texts come from three places: ``_()``, ``n_()`` and ``N_()`` calls in ``evidence_kit`` (Babel's
Python extractor), the help texts of the click commands (walked from ``evidence_kit.cli``), and the
messages click itself shows (usage, option errors), extracted from the installed click.
The ``.po`` names the source files of each text but not their lines, so that moving code does not
rewrite it.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from evidence_kit.i18n import DOMAIN, catalog_path  # noqa: E402

KEYWORDS = {"_": None, "N_": None, "n_": (1, 2), "pN_": ((1, "c"), 2)}
CLICK_KEYWORDS = {"_": None, "ngettext": (1, 2)}
@dataclass(frozen=True)
class InContext:
    """A text marked with ``pN_(context, msgid)``: the same English word in another sense."""

    context: str
    msgid: str


def _key(message: object) -> tuple[object, str | None]:
    """(msgid, context) as Babel's catalog takes them."""
    if isinstance(message, InContext):
        return message.msgid, message.context
    return message, None


FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")


def source_messages() -> Iterator[tuple[str | tuple[str, str] | InContext, str]]:
    package = REPO / "evidence_kit"
    # Babel notes every f-string inside a marked call, also those given as a field's value
    # (``_("… {key}", key=f"debts.{i}")``): tests/test_i18n.py checks that every msgid itself is a literal.
    with contextlib.redirect_stderr(io.StringIO()):
        found = list(extract_from_dir(package, method_map=[("**.py", "python")], keywords=KEYWORDS))
    for filename, lineno, message, _comments, context in found:
        yield InContext(context, message) if context else message, f"evidence_kit/{filename}:{lineno}"


def click_help_messages() -> Iterator[tuple[str, str]]:
    import click

    from evidence_kit.cli import cli

    def walk(command: click.Command, path: str) -> Iterator[tuple[str, str]]:
        for text in (command.help, command.short_help, command.epilog):
            if text:
                yield inspect.cleandoc(text), f"cli:{path}"
        for param in command.params:
            help_text = getattr(param, "help", None)
            if help_text:
                yield help_text, f"cli:{path} {param.name}"
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                yield from walk(sub, f"{path} {name}".strip())

    yield from walk(cli, "")


def click_own_messages() -> Iterator[tuple[str | tuple[str, str], str]]:
    import click

    folder = Path(click.__file__).parent
    for filename, lineno, message, _comments, _context in extract_from_dir(
        folder, method_map=[("**.py", "python")], keywords=CLICK_KEYWORDS
    ):
        if filename.startswith("_termui") or filename in {"shell_completion.py", "testing.py"}:
            continue
        yield message, f"click/{filename}:{lineno}"


def all_messages() -> dict[str | tuple[str, str] | InContext, list[str]]:
    found: dict[str | tuple[str, str] | InContext, list[str]] = {}
    for source in (source_messages(), click_help_messages(), click_own_messages()):
        for message, where in source:
            if message:
                found.setdefault(message, []).append(where)
    return found


def read_catalog(path: Path) -> Catalog:
    if not path.is_file():
        return Catalog(locale="zh_CN", domain=DOMAIN)
    with path.open("rb") as handle:
        return read_po(handle, locale="zh_CN", domain=DOMAIN)


def fields(text: str) -> set[str]:
    return set(FIELD.findall(text))


def untranslated(catalog: Catalog, wanted: dict[str | tuple[str, str] | InContext, list[str]]) -> list[str]:
    missing = []
    for message, where in wanted.items():
        msgid, context = _key(message)
        entry = catalog.get(msgid, context=context)
        strings = entry.string if entry is not None else None
        ok = all(strings) if isinstance(strings, (tuple, list)) else bool(strings)
        if not ok or entry is None or entry.fuzzy:
            missing.append(f"{where[0]}: {message!r}")
    return missing


def update() -> int:
    po = catalog_path("zh", ".po")
    old = read_catalog(po)
    wanted = all_messages()
    template = Catalog(locale="zh_CN", domain=DOMAIN, project="evidence-kit")
    for message, where in wanted.items():
        msgid, context = _key(message)
        template.add(msgid, locations=[(w.rsplit(":", 1)[0], _line(w)) for w in where], context=context)
    old.update(template, no_fuzzy_matching=True)
    old.obsolete.clear()
    old.project = "evidence-kit"
    with po.open("wb") as handle:
        write_po(handle, old, width=100, sort_output=False, omit_header=False, include_lineno=False)
    compile_catalog()
    missing = untranslated(read_catalog(po), wanted)
    for line in missing:
        print("untranslated:", line)
    return 0


def _line(where: str) -> int | None:
    tail = where.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else None


def compile_catalog() -> None:
    po, mo = catalog_path("zh", ".po"), catalog_path("zh", ".mo")
    catalog = read_catalog(po)
    with mo.open("wb") as handle:
        write_mo(handle, catalog)


def union(first: Path, second: Path) -> int:
    merged = read_catalog(first)
    for entry in read_catalog(second):
        strings = entry.string if isinstance(entry.string, (tuple, list)) else [entry.string]
        if entry.id and all(strings) and not entry.fuzzy:
            existing = merged.get(entry.id, context=entry.context)
            if existing is None:
                merged.add(entry.id, entry.string, context=entry.context)
            else:
                existing.string = entry.string
                existing.flags.discard("fuzzy")
    with catalog_path("zh", ".po").open("wb") as handle:
        write_po(handle, merged, width=100, omit_header=False, include_lineno=False)
    return update()


def check() -> int:
    missing = untranslated(read_catalog(catalog_path("zh", ".po")), all_messages())
    for line in missing:
        print("untranslated:", line)
    return 1 if missing else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "update"
    if command == "compile":
        compile_catalog()
        raise SystemExit(0)
    if command == "union":
        raise SystemExit(union(Path(sys.argv[2]), Path(sys.argv[3])))
    raise SystemExit({"update": update, "check": check}[command]())
