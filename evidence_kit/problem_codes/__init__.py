"""Every problem code explained, from one registry that docs/problems.md and ``evidence-kit explain`` both read.

The registry is one YAML file per section of the problem-code documentation, named ``NN-slug.yaml`` so that
the names sort in the documentation's order. Each file gives the section's heading, optional paragraphs
before (``intro``) and after (``after``) its table, and ``codes``: one entry per problem code with its
severity, the commands that report it, where it points, what it means, the rule or article behind it, a
typical cause and the fix, every text in English (``en``) and Simplified Chinese (``zh``)::

    section: {en: "Case folder …", zh: "案件文件夹……"}
    codes:
      - code: exhibit_missing
        severity: error                 # error | warning | "error / warning"
        commands: [check, build]
        where: {en: …, zh: …}
        meaning: {en: …, zh: …}         # the one-line text of the documentation's table
        basis: {en: …, zh: …}
        cause: {en: …, zh: …}
        fix: {en: …, zh: …}

The files are checked when first read: a missing field or language names its file and code
(:class:`RegistryError`). ``python -m evidence_kit.problem_codes EN.md ZH.md`` writes the documentation
(``make docs``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from evidence_kit.errors import UsageError
from evidence_kit.i18n import LANGUAGES, Language, _, language, translate
from evidence_kit.problems import SEVERITY_LABELS, Severity

REGISTRY_DIR = Path(__file__).resolve().parent
FILE_NAME = re.compile(r"^[0-9]{2}-[a-z0-9-]+\.yaml$")
CODE_NAME = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
SEVERITIES = ("error", "warning", "error / warning")
"""``error / warning``: a code reported as either, depending on what is missing (``export_table_missing``)."""
TEXT_FIELDS = ("where", "meaning", "basis", "cause", "fix")
CODE_KEYS = frozenset({"code", "severity", "commands", *TEXT_FIELDS})
SECTION_KEYS = frozenset({"section", "intro", "after", "codes"})
SUGGESTIONS = 5
"""At most this many codes are offered for an unknown one."""


class RegistryError(ValueError):
    """A registry file that does not have the registry's shape (a bug in the package, found when it is read)."""


class UnknownCode(UsageError):
    """``explain`` was given a code the registry does not hold (exit 2); ``suggestions`` are the closest ones."""

    def __init__(self, code: str, suggestions: list[str]) -> None:
        hint = (_("did you mean {codes}? `evidence-kit explain --list` lists every code",
                  codes=", ".join(suggestions)) if suggestions
                else _("`evidence-kit explain --list` lists every code"))
        super().__init__(_("there is no problem code {code}", code=repr(code)), hint=hint)
        self.code = code
        self.suggestions = suggestions

    def to_json(self) -> dict[str, object]:
        return {**super().to_json(), "code": self.code, "suggestions": self.suggestions}


@dataclass(frozen=True)
class Text:
    """One text in both languages."""

    en: str
    zh: str

    def __call__(self, lang: Language) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class ProblemCode:
    code: str
    severity: str
    """``error``, ``warning`` or ``error / warning`` (the value problems carry in JSON, never translated)."""
    commands: tuple[str, ...]
    where: Text
    meaning: Text
    basis: Text
    cause: Text
    fix: Text
    section: Text
    """The heading of the section it is documented under."""

    def severity_label(self, lang: Language) -> str:
        """The severity in ``lang``: 错误, 警告, 错误 / 警告."""
        with language(lang):
            return " / ".join(translate(SEVERITY_LABELS[Severity(part)]) for part in self.severity.split(" / "))

    def to_json(self, lang: Language) -> dict[str, object]:
        return {
            "code": self.code, "severity": self.severity, "commands": list(self.commands),
            "section": self.section(lang), "language": lang,
            **{name: getattr(self, name)(lang) for name in TEXT_FIELDS},
        }


@dataclass(frozen=True)
class Section:
    file: str
    title: Text
    intro: Text | None
    after: Text | None
    codes: tuple[ProblemCode, ...]


# --------------------------------------------------------------------------- reading the registry


@cache
def sections() -> tuple[Section, ...]:
    """Every section of the registry, in the documentation's order; raises :class:`RegistryError`."""
    return load_sections(REGISTRY_DIR)


def load_sections(folder: Path) -> tuple[Section, ...]:
    """The section files in ``folder``, sorted by name, each checked, no code explained twice."""
    found = [read_section(path) for path in sorted(folder.glob("*.yaml"))]
    seen: dict[str, str] = {}
    for section in found:
        for entry in section.codes:
            if entry.code in seen:
                raise RegistryError(_("{file}: code {code} is already explained in {other}",
                                      file=section.file, code=entry.code, other=seen[entry.code]))
            seen[entry.code] = section.file
    return tuple(found)


def read_section(path: Path) -> Section:
    """One section file, its shape checked."""
    name = f"problem_codes/{path.name}"
    if not FILE_NAME.match(path.name):
        raise RegistryError(_("{file}: a section file is named NN-slug.yaml (two digits, then lowercase words)",
                              file=name))
    data = yaml.safe_load(path.read_text("utf-8"))
    if not isinstance(data, dict):
        raise RegistryError(_("{file}: the file must be a mapping with section and codes", file=name))
    _no_unknown_keys(data, SECTION_KEYS, name, "")
    title = _text(data.get("section"), name, "", "section")
    codes = data.get("codes")
    if not isinstance(codes, list):  # empty: a section of text only (filings read back carry no code)
        raise RegistryError(_("{file}: codes must be a list of one entry per problem code", file=name))
    return Section(
        file=name, title=title,
        intro=_text(data["intro"], name, "", "intro") if "intro" in data else None,
        after=_text(data["after"], name, "", "after") if "after" in data else None,
        codes=tuple(_entry(item, name, title) for item in codes),
    )


def _entry(item: Any, file: str, section: Text) -> ProblemCode:
    if not isinstance(item, dict) or not isinstance(item.get("code"), str) or not CODE_NAME.match(item["code"]):
        raise RegistryError(_("{file}: every entry needs a code in lowercase letters, digits and _ ({entry})",
                              file=file, entry=repr(item)[:80]))
    code = item["code"]
    _no_unknown_keys(item, CODE_KEYS, file, code)
    for key in CODE_KEYS - item.keys():
        raise RegistryError(_("{file}, code {code}: the field {field} is missing", file=file, code=code, field=key))
    if item["severity"] not in SEVERITIES:
        raise RegistryError(_("{file}, code {code}: severity must be one of {allowed}", file=file, code=code,
                              allowed=", ".join(SEVERITIES)))
    commands = item["commands"]
    if not isinstance(commands, list) or not commands or not all(isinstance(c, str) and c for c in commands):
        raise RegistryError(_("{file}, code {code}: commands must list the commands that report it",
                              file=file, code=code))
    texts = {name: _text(item[name], file, code, name) for name in TEXT_FIELDS}
    return ProblemCode(code=code, severity=item["severity"], commands=tuple(commands), section=section, **texts)


def _text(value: Any, file: str, code: str, field: str) -> Text:
    where = _("{file}, code {code}", file=file, code=code) if code else file
    if not isinstance(value, dict):
        raise RegistryError(_("{where}: {field} must give the text in each language ({languages})",
                              where=where, field=field, languages=", ".join(LANGUAGES)))
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise RegistryError(_("{where}: {field} has no {lang} text", where=where, field=field, lang=lang))
    extra = sorted(set(value) - set(LANGUAGES))
    if extra:
        raise RegistryError(_("{where}: {field} has texts in languages the tool does not speak: {extra}",
                              where=where, field=field, extra=", ".join(map(str, extra))))
    return Text(en=value["en"].strip(), zh=value["zh"].strip())


def _no_unknown_keys(data: dict[str, Any], allowed: frozenset[str], file: str, code: str) -> None:
    extra = sorted(set(map(str, data)) - allowed)
    if extra:
        where = _("{file}, code {code}", file=file, code=code) if code else file
        raise RegistryError(_("{where}: unknown key {key} (allowed: {allowed})", where=where, key=extra[0],
                              allowed=", ".join(sorted(allowed))))


# --------------------------------------------------------------------------- looking codes up


def all_codes() -> tuple[ProblemCode, ...]:
    """Every problem code, in the documentation's order."""
    return tuple(entry for section in sections() for entry in section.codes)


@cache
def _by_code() -> dict[str, ProblemCode]:
    return {entry.code: entry for entry in all_codes()}


def lookup(code: str) -> ProblemCode:
    """The registry's entry for ``code``; raises :class:`UnknownCode` (exit 2) with the closest codes."""
    entry = _by_code().get(code.strip().lower())
    if entry is None:
        raise UnknownCode(code, suggestions(code))
    return entry


def suggestions(code: str) -> list[str]:
    """The codes closest to ``code``: those containing it (``limitation``), then the most alike by spelling."""
    wanted = code.strip().lower()
    names = list(_by_code())
    containing = [name for name in names if len(wanted) >= 3 and wanted in name]
    alike = difflib.get_close_matches(wanted, names, n=SUGGESTIONS, cutoff=0.6)
    return list(dict.fromkeys([*containing, *alike]))[:SUGGESTIONS]


# --------------------------------------------------------------------------- what people read


def explain_text(code: str, lang: Language) -> str:
    """What ``evidence-kit explain CODE`` prints: meaning, where, rule, typical cause, fix, commands, severity."""
    entry = lookup(code)
    with language(lang):
        blocks = [
            _("{code} ({severity})", code=entry.code, severity=entry.severity_label(lang)),
            _("Section: {text}", text=entry.section(lang)),
            _("Meaning: {text}", text=entry.meaning(lang)),
            _("Where it points: {text}", text=entry.where(lang)),
            _("The rule behind it: {text}", text=entry.basis(lang)),
            _("Typical cause: {text}", text=entry.cause(lang)),
            _("What to do: {text}", text=entry.fix(lang)),
            _("Reported by: {commands}", commands=_list(entry.commands, lang)),
        ]
    return "\n\n".join(blocks) + "\n"


def list_text(lang: Language) -> str:
    """``explain --list``: every code with its severity and one-line meaning."""
    width = max(len(entry.code) for entry in all_codes())
    return "".join(f"{entry.code:<{width}}  {entry.severity_label(lang)}  {entry.meaning(lang)}\n"
                   for entry in all_codes())


def _list(commands: tuple[str, ...], lang: Language) -> str:
    return ("、" if lang == "zh" else ", ").join(f"`{command}`" for command in commands)


def render_markdown(lang: Language) -> str:
    """docs/problems.md (``en``) or docs/problems.zh-CN.md (``zh``): every section, its table and each code."""
    with language(lang):
        parts = [_("# Problem codes"), _lead(lang)]
        for section in sections():
            parts += _section_markdown(section, lang)
    return "\n\n".join(part.strip("\n") for part in parts) + "\n"


def _lead(lang: Language) -> str:
    other = "[English](problems.md)" if lang == "zh" else "[简体中文](problems.zh-CN.md)"
    return "\n\n".join([
        other,
        _("Every problem `check`, `claim`, `build` and `verify` report has a stable `code`, a message naming the "
          "file, line and column, and a hint saying what to do. Programs should act on the code, people read the "
          "message. `check --strict` (and `build --strict`) treat warnings as errors."),
        _("`evidence-kit explain CODE` prints a code's entry below: what it means, the rule behind it, a typical "
          "cause and the fix; `evidence-kit explain --list` lists every code. This page is generated from "
          "`evidence_kit/problem_codes/*.yaml` by `make docs`: change the YAML, not the page."),
    ])


def _section_markdown(section: Section, lang: Language) -> list[str]:
    parts = [f"## {section.title(lang)}"]
    if section.intro is not None:
        parts.append(section.intro(lang))
    header = "| {} | {} | {} | {} |\n|---|---|---|---|".format(
        _("code"), _("severity"), _("where"), _("meaning"))
    rows = [f"| [`{e.code}`](#{e.code}) | {e.severity_label(lang)} | {_cell(e.where(lang))} | {_cell(e.meaning(lang))} |"
            for e in section.codes]
    parts.append("\n".join([header, *rows]))
    if section.after is not None:
        parts.append(section.after(lang))
    parts += [_code_markdown(entry, lang) for entry in section.codes]
    return parts


def _code_markdown(entry: ProblemCode, lang: Language) -> str:
    lines = [
        f"### `{entry.code}`",
        "",
        _("{severity} · reported by {commands} · {where}", severity=entry.severity_label(lang),
          commands=_list(entry.commands, lang), where=entry.where(lang)),
        "",
        _("- **Meaning:** {text}", text=entry.meaning(lang)),
        _("- **Rule:** {text}", text=entry.basis(lang)),
        _("- **Typical cause:** {text}", text=entry.cause(lang)),
        _("- **Fix:** {text}", text=entry.fix(lang)),
    ]
    return "\n".join(lines)


def _cell(text: str) -> str:
    """A text inside a Markdown table cell: one line, its pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def write_docs(english: Path, chinese: Path) -> None:
    """Write both pages of the documentation from the registry."""
    english.write_text(render_markdown("en"), "utf-8")
    chinese.write_text(render_markdown("zh"), "utf-8")
