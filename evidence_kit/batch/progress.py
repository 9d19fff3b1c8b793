"""What a batch shows while it runs (a rich progress bar, only on a terminal) and its summary table."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from evidence_kit.i18n import N_, _, translate

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from evidence_kit.batch.cases import CaseOutcome
    from evidence_kit.batch.run import BatchReport

MAX_FAILED_SHOWN = 50
"""Failed cases listed one by one in the summary; the rest are counted (all are in --json)."""
STATUS_NAMES = {"built": N_("built"), "skipped": N_("skipped"), "failed": N_("failed")}
"""A case's status as the progress line and the summary show it (the JSON keeps the value)."""


def status_name(status: str) -> str:
    return translate(STATUS_NAMES[status]) if status in STATUS_NAMES else status


class BatchProgress:
    """A progress bar on stderr when ``enabled``; silent otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def __enter__(self) -> BatchProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self.progress = Progress(TextColumn(_("batch")), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                     TextColumn("{task.fields[last]}"), console=Console(stderr=True),
                                     transient=True)
            self.progress.start()
        return self

    def start(self, total: int) -> None:
        if self.progress is not None:
            self.task = self.progress.add_task("cases", total=total, last="")

    def advance(self, outcome: CaseOutcome) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, advance=1, last=f"{outcome.case_id} {status_name(outcome.status)}")

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self.progress is not None:
            self.progress.stop()


def summary_table(report: BatchReport, stream: TextIO) -> None:
    """Counts, then every failed case with its exit code and reason (plain text when not a terminal)."""
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream, highlight=False, soft_wrap=True)
    failed = [c for c in report.cases if c.status == "failed"]
    table = Table(title=_("batch"), show_edge=False)
    for column in (status_name("built"), status_name("skipped"), status_name("failed"), _("not run")):
        table.add_column(column, justify="right")
    table.add_row(str(report.count("built")), str(report.count("skipped")), str(len(failed)), str(len(report.not_run)))
    console.print(table)
    if failed:
        rows = Table(show_edge=False)
        for column in (_("case"), _("exit"), _("reason")):
            rows.add_column(column, overflow="fold")
        for case in failed[:MAX_FAILED_SHOWN]:
            rows.add_row(case.case_id, str(case.exit_code), case.reason)
        console.print(rows)
        if len(failed) > MAX_FAILED_SHOWN:
            console.print(_("… and {count} more failed case(s); --json lists them all",
                            count=len(failed) - MAX_FAILED_SHOWN))
    if report.interrupted:
        console.print(_("interrupted: {count} case(s) not built; run the same command again to continue",
                        count=len(report.not_run)))
