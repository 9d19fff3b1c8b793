"""One case of a batch: finding the case folders, deciding whether a case is already built, building it.

Every executor runs a *builder*: a picklable function ``BuildTask -> CaseOutcome``. The
command line passes :func:`evidence_kit.pipeline.build_task`, which calls the same
``build_from_folder`` as the ``build`` command (batch sits below pipeline, so it receives
the builder rather than importing it); :func:`outcome_of_build` turns any failure into a
:class:`CaseOutcome` instead of raising, so that one bad case never stops the others.
"""

from __future__ import annotations

import json
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evidence_kit import __version__
from evidence_kit.case.files import sha256_file
from evidence_kit.errors import EvidenceKitError, ExitCode
from evidence_kit.i18n import _

CASE_FILE = "case.yaml"
MANIFEST = "manifest.json"
Builder = Callable[["BuildTask"], "CaseOutcome"]
MAX_CASES = 1_000_000
"""The most case folders one batch takes; checked before any is built."""


@dataclass(frozen=True)
class BuildTask:
    """A case to build: picklable, so that it travels to a pool or a Dask worker."""

    case_dir: str
    out: str
    case_id: str
    profile: str = "court"
    strict: bool = False


@dataclass
class CaseOutcome:
    case_id: str
    case_dir: str
    status: str  # "built" | "skipped" | "failed"
    exit_code: int = 0
    reason: str = ""
    seconds: float = 0.0
    folder: str | None = None
    outputs: list[dict[str, Any]] = field(default_factory=list)
    """The manifest's outputs of a built case ({path, sha256, bytes, pages})."""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data


def find_cases(src: Path) -> list[Path]:
    """Every case folder under ``src`` (``src`` itself when it holds case.yaml), sorted by path."""
    if (src / CASE_FILE).is_file():
        return [src]
    return sorted(p.parent for p in src.glob(f"*/{CASE_FILE}") if not p.parent.name.startswith("."))


def case_id_of(case_dir: Path) -> str:
    """The case_id case.yaml gives (the folder's name when it cannot be read: the build then reports why)."""
    try:
        data = yaml.safe_load((case_dir / CASE_FILE).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return case_dir.name
    case_id = data.get("case_id") if isinstance(data, dict) else None
    return str(case_id) if isinstance(case_id, str) and case_id else case_dir.name


def up_to_date(case_dir: Path, folder: Path) -> bool:
    """Whether ``folder`` is a build of ``case_dir`` by this tool version from the same inputs.

    Every input in the manifest must still have its SHA-256, and every output must still be
    there with its size; anything else means the case is built again.
    """
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(manifest, dict) or manifest.get("tool_version") != __version__:
        return False
    inputs = manifest.get("inputs") or []
    if not any(entry.get("path") == CASE_FILE for entry in inputs):
        return False
    for entry in inputs:
        path = case_dir / str(entry.get("path"))
        if not path.is_file() or sha256_file(path) != entry.get("sha256"):
            return False
    return all((folder / str(e.get("path"))).is_file() and (folder / str(e.get("path"))).stat().st_size == e.get("bytes")
               for e in manifest.get("outputs") or [])


def manifest_outputs(folder: Path) -> list[dict[str, Any]]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return list(manifest.get("outputs") or [])


def outcome_of_build(task: BuildTask, build: Callable[[], Path]) -> CaseOutcome:
    """Run ``build`` (which publishes and returns OUT/CASE_ID); never raises: a failure is an outcome
    with its exit code and reason."""
    started = time.perf_counter()
    outcome = CaseOutcome(task.case_id, task.case_dir, "failed")
    try:
        folder = build()
        outcome.status, outcome.folder = "built", str(folder)
        outcome.outputs = manifest_outputs(folder)
    except EvidenceKitError as exc:
        outcome.exit_code, outcome.reason = int(exc.exit_code), _reason(exc)
    except Exception as exc:
        outcome.exit_code = int(ExitCode.UNEXPECTED)
        outcome.reason = _("unexpected error: {kind}: {error} ({where})", kind=type(exc).__name__, error=exc,
                           where=_where(exc))
    outcome.seconds = time.perf_counter() - started
    return outcome


def _reason(exc: EvidenceKitError) -> str:
    first = next((p for p in exc.problems if p.severity.value == "error"), None)
    if first and len(exc.problems) > 1:
        return _("{error}; first problem: {problem}", error=exc, problem=first)
    return str(exc)


def _where(exc: Exception) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"


def warm_up() -> None:
    """Import the heavy libraries once per worker, before its first case."""
    import evidence_kit.check
    import evidence_kit.output.build  # noqa: F401  (WeasyPrint, pikepdf, Pillow)
