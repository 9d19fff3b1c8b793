"""``init``: a new case folder to fill in, or a copy of a sample case to start from.

A new folder holds case.yaml with every key explained in a comment in the chosen language
(required keys empty, optional ones commented out with an example: :mod:`evidence_kit.case.guide`),
repayments.csv and contacts.csv holding only the Chinese headers banks export (the first alias of
each column in ``schemas/columns.json``; UTF-8 with a BOM, so that Excel opens them as Chinese
text) and an empty ``exhibits/``. ``check`` on it lists what is still to be filled in (``to_fill``).

With ``sample``, the sample's folder is copied instead (a name from the repository's ``samples/``,
or the path of any case folder), and its ``case_id`` becomes the new folder's name — the
case_id names the output folder, so a copy must not keep the original's; a folder name that
cannot be a case_id leaves ``case_id:`` empty, to be filled in.

Nothing is ever written into a folder that holds anything (exit 9, as ``build`` refuses an
existing output folder): the new folder is made beside it under a hidden name and renamed into
place when complete, so a failure leaves no half-made case folder.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from evidence_kit.case.guide import LAYOUTS, render
from evidence_kit.case.load import CASE_FILE
from evidence_kit.case.tables import SPECS
from evidence_kit.case.yamlsrc import YamlSourceError, load_with_lines
from evidence_kit.errors import CannotWrite, CaseNotFound, UsageError, os_error
from evidence_kit.i18n import _

KINDS = tuple(LAYOUTS)
SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples"
"""The samples of a source checkout (they are not part of the installed package)."""
LEDGERS = {"repayments": "repayments.csv", "contacts": "contacts.csv"}
LEFT_OUT_COLUMNS = frozenset({"debt"})
"""Columns a new one-debt case does not need (``debt`` names the debt when a case has several)."""
CASE_ID = re.compile(r"[A-Za-z0-9._-]+")
_CASE_ID_LINE = re.compile(r"^case_id:[^\n#]*?(?P<comment>[ \t]+#[^\n]*)?$", re.MULTILINE)


@dataclass(frozen=True)
class InitResult:
    folder: Path
    kind: str | None
    """loan or credit_card; None for a copy of a sample."""
    sample: Path | None
    case_id: str | None
    """The case_id written; None when it is still to be filled in."""
    files: tuple[str, ...]
    skipped: tuple[str, ...] = ()
    """Entries of the sample not copied: links leading out of it, FIFOs, devices."""

    def to_json(self) -> dict[str, object]:
        return {"folder": str(self.folder), "kind": self.kind, "from": str(self.sample) if self.sample else None,
                "case_id": self.case_id, "files": list(self.files), "skipped": list(self.skipped)}


def init_case(case_dir: Path, kind: str | None = None, sample: str | Path | None = None) -> InitResult:
    """Write a new case folder at ``case_dir`` (which must not exist, or be empty)."""
    if kind is not None and sample is not None:
        raise UsageError(_("--kind and --from cannot go together: the sample decides what the case holds"),
                         hint=_("leave out --kind, or --from"))
    if kind is not None and kind not in KINDS:
        raise UsageError(_("unknown kind {kind!r}", kind=kind), hint=_("use loan or credit_card"))
    target = _target(case_dir)
    source = find_sample(sample) if sample is not None else None
    case_id = target.name if CASE_ID.fullmatch(target.name) and target.name not in (".", "..") else None
    work = _work_folder(target)
    try:
        if source is not None:
            files, skipped = _copy_case(source, work)
            case_id = _renew_case_id(work / CASE_FILE, case_id)
        else:
            files, skipped = _write_scaffold(work, kind or "loan", case_id), ()
        _publish(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return InitResult(case_dir, None if source else kind or "loan", source, case_id, files, skipped)


def _target(case_dir: Path) -> Path:
    """The folder to create; refused when something is there already."""
    target = case_dir.resolve() if case_dir.is_symlink() else Path(os.path.abspath(case_dir))
    if target.exists() and not target.is_dir():
        raise CannotWrite(_("{path} exists and is not a folder", path=case_dir), file=str(case_dir),
                          hint=_("name a new folder for the case"))
    if target.is_dir() and any(target.iterdir()):
        raise CannotWrite(_("the folder {path} exists and is not empty", path=case_dir), file=str(case_dir),
                          hint=_("init never writes into a folder that holds anything: name a new folder"))
    return target


def _work_folder(target: Path) -> Path:
    work = target.parent / f".{target.name}.init-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work.mkdir()
    except OSError as exc:
        raise os_error(exc, writing=True, path=target) from exc
    return work


def _publish(work: Path, target: Path) -> None:
    """Put the finished folder in place; never over anything that appeared there meanwhile.

    A missing folder is the work folder renamed; an empty one that exists (perhaps a shell's
    working folder, which must stay the same folder) receives the work folder's entries.
    """
    try:
        if not target.is_dir():
            os.rename(work, target)
            return
        entries = sorted(work.iterdir())
        if any(target.iterdir()) or any(os.path.lexists(target / e.name) for e in entries):
            raise FileExistsError(errno.ENOTEMPTY, "not empty", str(target))
        for entry in entries:
            os.rename(entry, target / entry.name)
        work.rmdir()
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise CannotWrite(_("the folder {path} exists and is not empty", path=target), file=str(target),
                              hint=_("init never writes into a folder that holds anything: name a new folder")) from exc
        raise os_error(exc, writing=True, path=target) from exc


# --------------------------------------------------------------------------- a new case


def _write_scaffold(work: Path, kind: str, case_id: str | None) -> tuple[str, ...]:
    values = {"case_id": yaml_text(case_id)} if case_id else {}
    try:
        (work / CASE_FILE).write_text(render(LAYOUTS[kind](), values), "utf-8")
        for table, name in LEDGERS.items():
            (work / name).write_text("\ufeff" + ",".join(ledger_headers(table)) + "\n", "utf-8")
        (work / "exhibits").mkdir()
    except OSError as exc:
        raise os_error(exc, writing=True, path=work) from exc
    return (CASE_FILE, *LEDGERS.values(), "exhibits/")


def ledger_headers(table: str) -> list[str]:
    """The Chinese header banks export for each column of ``table`` (its first alias)."""
    return [c.aliases[0] if c.aliases else c.name for c in SPECS[table].columns if c.name not in LEFT_OUT_COLUMNS]


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar that reads back as this text (``2024``, ``yes`` or ``1e3`` are quoted)."""
    try:
        data, _lines = load_with_lines(f"v: {value}\n")
    except YamlSourceError:
        data = None
    if isinstance(data, dict) and data.get("v") == value:
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --------------------------------------------------------------------------- a copy of a sample


def sample_names() -> list[str]:
    """The sample cases of a source checkout, by name."""
    if not SAMPLES_DIR.is_dir():
        return []
    return sorted(p.name for p in SAMPLES_DIR.iterdir() if (p / CASE_FILE).is_file())


def find_sample(sample: str | Path) -> Path:
    """A case folder's path, or the name of one of ``samples/``; exit 3 when it is neither."""
    path = Path(sample)
    if (path / CASE_FILE).is_file():
        return path.resolve()
    named = SAMPLES_DIR / str(sample)
    if path.name == str(sample) and (named / CASE_FILE).is_file():
        return named
    names = ", ".join(sample_names()) or "—"
    raise CaseNotFound(_("no case folder to start from at {sample}", sample=sample), file=str(sample),
                       hint=_("give the path of a case folder, or the name of a sample: {names}", names=names))


def _copy_case(source: Path, work: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Copy the folders and regular files of ``source``; a link is copied as its file when that is inside."""
    copied: list[str] = []
    skipped: list[str] = []
    try:
        for folder, dirs, names in os.walk(source):
            here = Path(folder)
            for name in sorted(dirs):
                rel = (here / name).relative_to(source).as_posix()
                if (here / name).is_symlink():
                    skipped.append(rel)
                else:
                    (work / rel).mkdir()
            dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
            for name in sorted(names):
                entry = here / name
                rel = entry.relative_to(source).as_posix()
                if entry.is_file() and entry.resolve().is_relative_to(source):
                    shutil.copyfile(entry, work / rel)
                    copied.append(rel)
                else:
                    skipped.append(rel)
    except OSError as exc:
        reading = bool(exc.filename) and Path(str(exc.filename)).is_relative_to(source)
        raise os_error(exc, writing=not reading) from exc
    return tuple(copied), tuple(skipped)


def _renew_case_id(path: Path, case_id: str | None) -> str | None:
    """Give the copy the new folder's case_id (or an empty one, to be filled in); comments are kept."""
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    lines = [line for line in text.splitlines(keepends=True) if not _generated_note(line)]
    text = "".join(lines)
    value = yaml_text(case_id) if case_id else ""

    def replace(match: re.Match[str]) -> str:
        comment = match.group("comment") or ""
        return f"case_id: {value}{comment}" if value else f"case_id:{comment}"

    renewed, count = _CASE_ID_LINE.subn(replace, text, count=1)
    path.write_text(renewed if count else text, "utf-8")
    return case_id if count else _written_case_id(text)


def _generated_note(line: str) -> bool:
    """The samples' first comment says they are generated and not to be edited: not true of the copy."""
    return line.startswith("#") and "make_samples.py" in line


def _written_case_id(text: str) -> str | None:
    try:
        data, _lines = load_with_lines(text)
    except YamlSourceError:
        return None
    value = data.get("case_id") if isinstance(data, dict) else None
    return str(value) if value is not None else None
