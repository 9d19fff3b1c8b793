"""The command line: parse, call the library, turn its exceptions into exit codes.

This is the only module that imports click. ``--json`` output goes alone to stdout;
every human message goes to stderr. Each command imports the library parts it needs
when it runs, so that ``check`` or ``fees`` do not pay for loading the PDF stack.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

import click

from evidence_kit import __version__
from evidence_kit.errors import CaseInvalid, EvidenceKitError, ExitCode, os_error
from evidence_kit.money import AmountError, parse_amount
from evidence_kit.problems import CheckReport, Problem, Severity

EXIT_PIPE_CLOSED = 141
"""128 + SIGPIPE, what a shell reports for a command whose reader went away."""
CASE_DIR = click.Path(file_okay=False, path_type=Path)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON alone on stdout.")


class Ctx:
    def __init__(self, verbose: bool) -> None:
        self.verbose = verbose


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _say(text: str) -> None:
    click.echo(text, err=True)


def _fail(exc: EvidenceKitError, as_json: bool) -> NoReturn:
    try:
        if as_json:
            _emit_json(exc.to_json())
        _print_problems(exc.problems)
        _say(f"error: {exc}")
    except BrokenPipeError:
        _reader_gone()
    sys.exit(int(exc.exit_code))


def _run(ctx: click.Context, as_json: bool, action: Callable[[], int | None]) -> None:
    """Run a command body; map the tool's errors to their exit codes and anything else to 1."""
    state = ctx.find_object(Ctx)
    verbose = state.verbose if state else False
    try:
        code = action()
    except EvidenceKitError as exc:
        if verbose:
            traceback.print_exc()
        _fail(exc, as_json)
    except KeyboardInterrupt:
        _say("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        _reader_gone()
    except OSError as exc:
        # a file the library did not classify: an input (exit 5), or a full or read-only disk (exit 9)
        if verbose:
            traceback.print_exc()
        _fail(os_error(exc, writing=False), as_json)
    except Exception as exc:
        if verbose:
            traceback.print_exc()
        message = f"unexpected error: {type(exc).__name__}: {exc}"
        if as_json:
            _emit_json({"error": "UnexpectedError", "exit_code": 1, "message": message,
                        "hint": "rerun with -v for the traceback and report it"})
        _say(f"{message} (rerun with -v for the traceback)")
        sys.exit(int(ExitCode.UNEXPECTED))
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _reader_gone()
    sys.exit(code or 0)


def _reader_gone() -> NoReturn:
    """The program reading our output closed the pipe (``… | head -1``): stop quietly, as cat does."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # so that the interpreter's last flush fails no more
    sys.exit(EXIT_PIPE_CLOSED)


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        _say(str(problem))


def _parse_date_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date; write YYYY-MM-DD") from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="evidence-kit")
@click.option("-v", "--verbose", is_flag=True, help="Show a traceback when something fails.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Turn a bank's debt-collection case folder into a checked evidence bundle.

    Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 case not found, 4 case invalid,
    5 input unreadable, 6 template error, 7 render failed, 8 output failed
    verification, 9 cannot write output, 10 store error, 11 missing system
    dependency, 12 filing not eligible.
    """
    ctx.obj = Ctx(verbose)


@cli.command()
@click.argument("case_dir", type=CASE_DIR)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@JSON_OPTION
@click.pass_context
def check(ctx: click.Context, case_dir: Path, strict: bool, as_json: bool) -> None:
    """Load and validate CASE_DIR; report every problem at once (exit 0 or 4)."""

    def body() -> int:
        from evidence_kit.check import check_case

        _, report = check_case(case_dir)
        if strict:
            report = report.strictly()
        if as_json:
            _emit_json(report.to_json())
        _print_problems(report.problems)
        _say(_check_summary(case_dir, report))
        return 0 if report.ok() else int(ExitCode.CASE_INVALID)

    _run(ctx, as_json, body)


def _check_summary(case_dir: Path, report: CheckReport) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = "OK" if not errors else "INVALID"
    return f"{case_dir}: {verdict} — {errors} error(s), {warnings} warning(s)"


@cli.command()
@click.argument("case_dir", type=CASE_DIR)
@click.option("--as-of", "as_of", callback=_parse_date_option, metavar="YYYY-MM-DD",
              help="Compute to this date instead of case.yaml's as_of.")
@JSON_OPTION
@click.pass_context
def claim(ctx: click.Context, case_dir: Path, as_of: date | None, as_json: bool) -> None:
    """Compute what is owed (principal, interest, 罚息, 复利, fees) with every computation line."""

    def body() -> int:
        from evidence_kit.case.load import load_case
        from evidence_kit.claim.enforcement import (
            enforcement_figures,
            enforcement_text,
            enforcement_to_json,
        )
        from evidence_kit.claim.engine import (
            claim_problems,
            claim_table_text,
            claim_to_json,
            compute_claim,
            input_problems,
        )

        case = load_case(case_dir)
        blocking = input_problems(case, as_of or case.as_of)
        if blocking:
            first = blocking[0]
            raise CaseInvalid(f"the claim cannot be computed: {first.message}", problems=blocking,
                              hint=first.hint or "fix the case and run the command again",
                              file=first.loc.file if first.loc else None,
                              row=first.loc.row if first.loc else None)
        problems = claim_problems(case, as_of)
        result = compute_claim(case, as_of)
        errors = any(p.severity is Severity.ERROR for p in problems)
        _print_problems(problems)
        request = case.filings.enforcement
        figures = enforcement_figures(request, result.as_of) if request else None
        if as_json:
            data = claim_to_json(result)
            if figures:
                data["enforcement"] = enforcement_to_json(figures)
            _emit_json(data)
        else:
            click.echo(claim_table_text(result))
            if figures:
                click.echo("\n" + enforcement_text(figures))
        return int(ExitCode.CASE_INVALID) if errors else 0

    _run(ctx, as_json, body)



def _parse_amount_argument(_ctx: click.Context, _param: click.Parameter, value: str) -> Decimal:
    try:
        amount = parse_amount(value)
    except AmountError as exc:
        raise click.BadParameter(str(exc)) from exc
    if amount < 0:
        raise click.BadParameter("the amount must not be negative")
    return amount


@cli.command()
@click.argument("amount", callback=_parse_amount_argument)
@JSON_OPTION
@click.pass_context
def fees(ctx: click.Context, amount: Decimal, as_json: bool) -> None:
    """Court fees (诉讼费用交纳办法 arts. 13–14) for a claim AMOUNT in yuan."""

    def body() -> int:
        from evidence_kit.claim.engine import display_width
        from evidence_kit.claim.fees import court_fees, fees_to_json
        from evidence_kit.money import format_amount

        value = amount
        result = court_fees(value)
        data = fees_to_json(result)
        if as_json:
            _emit_json(data)
            return 0
        labels = {"acceptance": "案件受理费 acceptance", "acceptance_simple": "简易程序减半 simple procedure",
                  "payment_order": "支付令申请费 payment order", "preservation": "保全申请费 preservation",
                  "enforcement": "执行申请费 enforcement"}
        click.echo(f"claim amount 标的额: {format_amount(value)}")
        for key, label in labels.items():
            pad = " " * max(1, 34 - display_width(label))
            click.echo(f"  {label}{pad}{format_amount(Decimal(str(data[key]))):>14}")
        return 0

    _run(ctx, as_json, body)


@cli.command()
@click.argument("case_dir", type=CASE_DIR)
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path),
              help="Folder to publish OUT/CASE_ID into.")
@click.option("--profile", type=click.Choice(["court", "counsel", "collector"]), default="court", show_default=True,
              help="Who the bundle is for; 'collector' replaces exhibits marked sensitive by a placeholder page.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors: build nothing while any is left.")
@click.option("--overwrite", is_flag=True, help="Replace an existing OUT/CASE_ID (only after the new one verified).")
@click.option("--ledger-exhibit/--no-ledger-exhibit", default=None,
              help="Add the repayment ledger as a generated exhibit (default: case.yaml bundle.ledger_exhibit, else yes).")
@click.option("--contacts-exhibit/--no-contacts-exhibit", default=None,
              help="Add the contact log as a generated exhibit (default: case.yaml bundle.contacts_exhibit, else yes).")
@click.option("--exhibit-covers/--no-exhibit-covers", default=None,
              help="A cover sheet before each exhibit (default: case.yaml bundle.exhibit_covers, else no).")
@click.option("--syntax-check", type=click.Choice(["libqpdf", "qpdf", "none"]), default="libqpdf", show_default=True,
              help="Structural check of bundle.pdf: libqpdf in-process, the qpdf --check command (slower on scans), or none.")
@JSON_OPTION
@click.pass_context
def build(ctx: click.Context, case_dir: Path, out: Path, profile: str, strict: bool, overwrite: bool,
          ledger_exhibit: bool | None, contacts_exhibit: bool | None, exhibit_covers: bool | None,
          syntax_check: str, as_json: bool) -> None:
    """Check CASE_DIR, compute the claim and publish OUT/CASE_ID (bundle.pdf, report.json, manifest.json).

    Everything is built in a work folder and verified by reading it back; OUT/CASE_ID
    appears only when verification passed.
    """

    def body() -> int:
        from evidence_kit.pipeline import BuildRequest, build_from_folder

        request = BuildRequest(
            profile=profile, strict=strict, overwrite=overwrite, ledger_exhibit=ledger_exhibit,
            contacts_exhibit=contacts_exhibit, exhibit_covers=exhibit_covers, syntax_check=syntax_check,
        )
        outcome = build_from_folder(case_dir, out, request)
        _print_problems(outcome.warnings)
        if as_json:
            _emit_json(outcome.result.to_json())
        result = outcome.result
        _say(f"built {result.folder}: bundle.pdf ({result.bundle_pages} pages, {len(result.exhibits)} exhibits), "
             f"{len(result.outputs)} files, verified")
        for note in result.notes:
            _say(f"  note: {note}")
        return 0

    _run(ctx, as_json, body)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--case", "case_dir", type=CASE_DIR, default=None,
              help="Also check that the case folder's input files still match the manifest's hashes.")
@JSON_OPTION
@click.pass_context
def verify(ctx: click.Context, path: Path, case_dir: Path | None, as_json: bool) -> None:
    """Re-check a built case folder (or its .zip) against its manifest.json (exit 0 or 8).

    A missing PATH is exit 3; a file that is not a (readable) .zip is exit 5.
    """

    def body() -> int:
        from evidence_kit.output.manifest import verify_output

        problems = verify_output(path, case_dir=case_dir)
        if as_json:
            _emit_json({"ok": not problems, "problems": [p.to_json() for p in problems]})
        _print_problems(problems)
        _say(f"{path}: {'verified' if not problems else f'{len(problems)} problem(s)'}")
        return int(ExitCode.VERIFICATION_FAILED) if problems else 0

    _run(ctx, as_json, body)


def main() -> None:
    cli(prog_name="evidence-kit")
