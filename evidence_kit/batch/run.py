"""``batch``: build every case folder under SRC into OUT, resumably, on the executor asked for.

A case whose inputs and tool version match the manifest already in ``OUT/CASE_ID`` is
skipped; the rest are built by the executor (:mod:`evidence_kit.batch.executors`). One bad
case never stops the others, and a case that fails leaves no output folder (builds publish
only after verification). Ctrl-C stops cleanly: finished cases stay published, the rest are
built by the next run.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidence_kit.batch.cases import (
    MAX_CASES,
    Builder,
    BuildTask,
    CaseOutcome,
    case_id_of,
    find_cases,
    manifest_outputs,
    up_to_date,
)
from evidence_kit.batch.executors import MAX_JOBS, run_dask, run_inline, run_local
from evidence_kit.case.redact import redactor_for
from evidence_kit.errors import (
    CannotWrite,
    CaseNotFound,
    EvidenceKitError,
    ExitCode,
    describe_os_error,
)
from evidence_kit.i18n import _

BATCH_FAILED = int(ExitCode.BATCH_FAILED)
"""Exit code of ``batch`` when at least one case failed (the others were built)."""


@dataclass(frozen=True)
class BatchOptions:
    jobs: int = 1
    executor: str = "local"
    scheduler: str | None = None
    profile: str = "court"
    strict: bool = False
    db_url: str | None = None


@dataclass
class BatchReport:
    cases: list[CaseOutcome] = field(default_factory=list)
    interrupted: bool = False
    not_run: list[str] = field(default_factory=list)
    """case_ids not built because the run was interrupted."""

    def count(self, status: str) -> int:
        return sum(1 for c in self.cases if c.status == status)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return BATCH_FAILED if self.count("failed") else int(ExitCode.OK)

    def to_json(self) -> dict[str, Any]:
        return {"built": self.count("built"), "skipped": self.count("skipped"), "failed": self.count("failed"),
                "interrupted": self.interrupted, "not_run": self.not_run,
                "cases": [c.to_json() for c in self.cases]}


def plan_batch(src: Path, out: Path, options: BatchOptions) -> tuple[list[BuildTask], list[CaseOutcome]]:
    """The tasks to build and the cases skipped as already built."""
    if not src.is_dir():
        raise CaseNotFound(_("no folder at {path}", path=src), hint=_("give the folder that holds the case folders"))
    folders = find_cases(src)
    if len(folders) > MAX_CASES:
        raise CannotWrite(_("{path} holds {count} case folders, more than {limit}", path=src, count=len(folders),
                            limit=MAX_CASES), file=str(src), hint=_("run the batch on smaller folders"))
    tasks, skipped = [], []
    names = redactor_for(None, options.profile)  # masks what has the shape of an identifier, as the build does
    for folder in folders:
        case_id = case_id_of(folder)
        built = out / names.file_name(case_id)
        if up_to_date(folder, built):
            skipped.append(CaseOutcome(case_id, str(folder), "skipped", reason=_("built already from the same inputs"),
                                       folder=str(built), outputs=manifest_outputs(built)))
        else:
            tasks.append(BuildTask(str(folder.resolve()), str(out.resolve()), case_id, options.profile,
                                   options.strict))
    return tasks, skipped


def run_batch(src: Path, out: Path, options: BatchOptions, build: Builder, *,
              on_case: Callable[[CaseOutcome], None] | None = None,
              on_plan: Callable[[int], None] | None = None) -> BatchReport:
    """Build every case under ``src`` with ``build`` (pipeline.build_task); ``on_case`` hears of each case
    as it finishes."""
    _check_options(options)
    _prepare(out)
    recorder = _recorder(options.db_url)
    tasks, skipped = plan_batch(src, out, options)
    if on_plan is not None:
        on_plan(len(tasks) + len(skipped))
    report = BatchReport()
    for outcome in skipped:
        _finish(report, outcome, recorder, on_case)
    outcomes = _execute(tasks, options, build)
    try:
        for outcome in outcomes:
            _finish(report, outcome, recorder, on_case)
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        outcomes.close()
    done = {c.case_dir for c in report.cases}
    report.not_run = [t.case_id for t in tasks if t.case_dir not in done]
    return report


def _finish(report: BatchReport, outcome: CaseOutcome, recorder: Callable[[CaseOutcome], None] | None,
            on_case: Callable[[CaseOutcome], None] | None) -> None:
    if recorder is not None:
        recorder(outcome)
    report.cases.append(outcome)
    if on_case is not None:
        on_case(outcome)


def _execute(tasks: list[BuildTask], options: BatchOptions, build: Builder) -> Generator[CaseOutcome, None, None]:
    if options.executor == "dask":
        return run_dask(tasks, build, str(options.scheduler))
    if options.jobs == 1 or len(tasks) <= 1:
        return run_inline(tasks, build)
    return run_local(tasks, build, options.jobs)


def _check_options(options: BatchOptions) -> None:
    if not 1 <= options.jobs <= MAX_JOBS:
        raise _usage(_("--jobs must be between 1 and {limit}, not {jobs}", limit=MAX_JOBS, jobs=options.jobs))
    if options.executor == "dask" and not options.scheduler:
        raise _usage(_("--executor dask needs --scheduler tcp://HOST:PORT"))


def _usage(message: str) -> EvidenceKitError:
    error = EvidenceKitError(message, hint=_("see evidence-kit batch --help"))
    error.exit_code = ExitCode.USAGE
    return error


def _prepare(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CannotWrite(_("cannot create the output folder ({why})", why=describe_os_error(exc)), file=str(out),
                          hint=_("choose a folder you can write to")) from exc


def _recorder(db_url: str | None) -> Callable[[CaseOutcome], None] | None:
    if db_url is None:
        return None
    from evidence_kit.store.builds import BuildRecorder

    return BuildRecorder(db_url)
