"""The command line: parse, call the library, turn its exceptions into exit codes.

This is the only module that imports click. ``--json`` output goes alone to stdout;
every human message goes to stderr. Each command imports the library parts it needs
when it runs, so that ``check`` or ``fees`` do not pay for loading the PDF stack.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import sys
import traceback
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click
from click import _textwrap as click_textwrap

from evidence_kit import __version__
from evidence_kit.errors import CaseInvalid, EvidenceKitError, ExitCode, os_error
from evidence_kit.i18n import (
    LANGUAGE_ENV,
    LANGUAGES,
    N_,
    _,
    pN_,
    set_language,
    translate,
    translate_in,
)
from evidence_kit.money import AmountError, parse_amount
from evidence_kit.problems import CheckReport, Problem, Severity

EXIT_PIPE_CLOSED = 141
"""128 + SIGPIPE, what a shell reports for a command whose reader went away."""

if TYPE_CHECKING:
    from evidence_kit.case.model import Case
    from evidence_kit.notices.make import NoticeResult
    from evidence_kit.output.build import BuildResult

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
        if not any(problem.message == exc.message for problem in exc.problems):  # else it was just said
            _say(_("error: {error}", error=exc))
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
        _say(_("interrupted"))
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
        message = _("unexpected error: {kind}: {error}", kind=type(exc).__name__, error=exc)
        if as_json:
            _emit_json({"error": "UnexpectedError", "exit_code": 1, "message": message,
                        "hint": _("rerun with -v for the traceback and report it")})
        _say(_("{message} (rerun with -v for the traceback)", message=message))
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
        raise click.BadParameter(_("{value!r} is not a date; write YYYY-MM-DD", value=value)) from exc


LANG_HELP = ("Language of messages and help: zh (简体中文) or en, before or after the command name; "
             "default: EVIDENCE_KIT_LANG, else the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG (zh_* is Chinese).")
COMMAND_LANG_HELP = "Language of messages and help: zh or en; the same as --lang before the command name."


def _language_option() -> click.Option:
    """A command's ``--lang``; main() reads it before click parses anything, so that help is translated too."""
    return click.Option(["--lang"], type=click.Choice(LANGUAGES), expose_value=False, is_eager=True,
                        help=COMMAND_LANG_HELP)


class CommandTree(click.Group):
    """The command tree: every command added to it (and to its groups, ``db``) accepts ``--lang`` too."""

    group_class = type

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not any(param.name == "lang" for param in cmd.params):
            cmd.params.append(_language_option())
        super().add_command(cmd, name)


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_("%(prog)s, version %(version)s") % {"prog": "evidence-kit", "version": __version__})
        ctx.exit()


@click.group(cls=CommandTree, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help=N_("Show the version and exit."))
@click.option("-v", "--verbose", is_flag=True, help="Show a traceback when something fails.")
@click.option("--lang", type=click.Choice(LANGUAGES), expose_value=False, is_eager=True, help=LANG_HELP)
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Turn a bank's debt-collection case folder into a checked evidence bundle.

    Exit codes: 0 ok, 1 unexpected error, 2 usage, 3 case not found, 4 case invalid,
    5 input unreadable, 6 template error, 7 render failed, 8 output failed
    verification, 9 cannot write output, 10 store error, 11 missing system
    dependency, 12 filing not eligible, 13 some cases of a batch failed.
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
    if errors:
        return _("{case_dir}: INVALID — {errors} error(s), {warnings} warning(s)",
                 case_dir=case_dir, errors=errors, warnings=warnings)
    return _("{case_dir}: OK — {errors} error(s), {warnings} warning(s)",
             case_dir=case_dir, errors=errors, warnings=warnings)


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
        if case.debts:
            return _case_claim(case, as_of, as_json)
        blocking = input_problems(case, as_of or case.as_of)
        if blocking:
            raise _claim_blocked(blocking)
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


def _claim_blocked(blocking: list[Problem]) -> CaseInvalid:
    """The first problem that stops the computation, with every other one attached."""
    first = blocking[0]
    return CaseInvalid(_("the claim cannot be computed: {reason}", reason=first.message), problems=blocking,
                       hint=first.hint or _("fix the case and run the command again"),
                       file=first.loc.file if first.loc else None, row=first.loc.row if first.loc else None)


def _case_claim(case: Case, as_of: date | None, as_json: bool) -> int:
    """``claim`` for a schema_version 2 case: a section per debt, the totals and the court fees on the total."""
    from evidence_kit.claim.report import case_claim_output

    output = case_claim_output(case, as_of)
    if output.blocking:
        raise _claim_blocked(output.blocking)
    _print_problems(output.problems)
    if as_json:
        _emit_json(output.data)
    else:
        click.echo(output.text)
    return 0


def _parse_amount_argument(_ctx: click.Context, _param: click.Parameter, value: str) -> Decimal:
    try:
        amount = parse_amount(value)
    except AmountError as exc:
        raise click.BadParameter(str(exc)) from exc
    if amount < 0:
        raise click.BadParameter(_("the amount must not be negative"))
    return amount


FEE_LABELS = {"acceptance": N_("案件受理费 acceptance"), "acceptance_simple": N_("简易程序减半 simple procedure"),
              "payment_order": N_("支付令申请费 payment order"), "preservation": N_("保全申请费 preservation"),
              "enforcement": N_("执行申请费 enforcement")}
"""The lines of ``fees``: the fee's Chinese name, and its English one in English."""


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
        click.echo(_("claim amount 标的额: {amount}", amount=format_amount(value)))
        for key, text in FEE_LABELS.items():
            label = translate(text)
            pad = " " * max(1, 34 - display_width(label))
            click.echo(f"  {label}{pad}{format_amount(Decimal(str(data[key]))):>14}")
        return 0

    _run(ctx, as_json, body)


@cli.command()
@click.argument("case_dir", type=CASE_DIR)
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path),
              help="Folder to publish OUT/CASE_ID into.")
@click.option("--profile", type=click.Choice(["court", "counsel", "collector"]), default="court", show_default=True,
              help="Who the bundle is for; 'collector' masks identifiers, and replaces by a placeholder page every "
                   "exhibit marked sensitive or named as a document that shows identifiers (ID card, bank card, "
                   "licence, receipt …) unless marked 'sensitive: false'.")
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
@click.option("--filings", "filings", default=None, metavar="NAME,…",
              help="Only these filings (payment_order, preservation, enforcement, complaint, evidence_list, claim_sheet); "
                   "default: every one case.yaml asks for, plus evidence_list and claim_sheet.")
@click.option("--templates", "templates", default=None, type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="A folder of your own templates (NAME.docx, NAME.html, filings.css); each file missing there "
                   "falls back to the built-in one.")
@click.option("--max-volume-mb", type=click.FloatRange(min=1.0), default=None,  # bundle.volumes.MIN_VOLUME_MB
              help="Cut the bundle into bundle-1.pdf … bundle-K.pdf of at most this many MB each, for court upload "
                   "portals (default: case.yaml bundle.max_volume_mb, else one file).")
@click.option("--sign-key", "sign_key", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Sign manifest.json with this Ed25519 private key (made by keygen).")
@click.option("--pdfa", is_flag=True,
              help="Make bundle.pdf and the filings' PDFs PDF/A-3b, with the manifest attached as an associated file.")
@click.option("--zip", "package", is_flag=True,
              help="Also write the counsel package OUT/CASE_ID.zip: everything plus index.html.")
@JSON_OPTION
@click.pass_context
def build(ctx: click.Context, case_dir: Path, out: Path, profile: str, strict: bool, overwrite: bool,
          ledger_exhibit: bool | None, contacts_exhibit: bool | None, exhibit_covers: bool | None,
          syntax_check: str, filings: str | None, templates: Path | None, max_volume_mb: float | None,
          sign_key: Path | None, pdfa: bool, package: bool, as_json: bool) -> None:
    """Check CASE_DIR, compute the claim and publish OUT/CASE_ID (bundle.pdf, report.json, manifest.json).

    Everything is built in a work folder and verified by reading it back; OUT/CASE_ID
    appears only when verification passed.
    """

    def body() -> int:
        from evidence_kit.pipeline import BuildRequest, build_from_folder

        request = BuildRequest(
            profile=profile, strict=strict, overwrite=overwrite, ledger_exhibit=ledger_exhibit,
            contacts_exhibit=contacts_exhibit, exhibit_covers=exhibit_covers, syntax_check=syntax_check,
            filings=tuple(n.strip() for n in filings.split(",") if n.strip()) if filings is not None else None,
            templates=templates,
            max_volume_mb=max_volume_mb,
            sign_key=sign_key, package=package, pdfa=pdfa,
        )
        outcome = build_from_folder(case_dir, out, request)
        _print_problems(outcome.warnings)
        if as_json:
            _emit_json(outcome.result.to_json())
        result = outcome.result
        _say(_built_summary(result, signed=sign_key is not None))
        if result.package:
            _say(_("counsel package {path}", path=result.package))
        for note in result.notes:
            _say(_("  note: {note}", note=note))
        return 0

    _run(ctx, as_json, body)


def _built_summary(result: BuildResult, signed: bool) -> str:
    pdfs = [o for o in result.outputs if o.startswith("bundle")]
    shown = pdfs[0] if len(pdfs) == 1 else _("{count} volumes {first} … {last}", count=len(pdfs),
                                               first=pdfs[0], last=pdfs[-1])
    fields = {"folder": result.folder, "bundle": shown, "pages": result.bundle_pages,
              "exhibits": len(result.exhibits), "files": len(result.outputs)}
    if signed:
        return _("built {folder}: {bundle} ({pages} pages, {exhibits} exhibits), {files} files, verified, "
                 "manifest signed", **fields)
    return _("built {folder}: {bundle} ({pages} pages, {exhibits} exhibits), {files} files, verified", **fields)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--case", "case_dir", type=CASE_DIR, default=None,
              help="Rebuild from this case folder (with the manifest's SOURCE_DATE_EPOCH) and compare byte for byte.")
@click.option("--pubkey", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Check the manifest's signature against this Ed25519 public key (made by keygen).")
@JSON_OPTION
@click.pass_context
def verify(ctx: click.Context, path: Path, case_dir: Path | None, pubkey: Path | None, as_json: bool) -> None:
    """Re-check a built case folder (or its .zip) against its manifest.json (exit 0 or 8).

    Without --pubkey a folder is at best "unsigned: detects accidental change only".
    A missing PATH is exit 3; a file that is not a (readable) .zip, or a key that cannot
    be read, is exit 5.
    """

    def body() -> int:
        from evidence_kit.pipeline import verify_folder_trust

        verdict = verify_folder_trust(path, case_dir=case_dir, pubkey=pubkey)
        if as_json:
            _emit_json(verdict.to_json())
        _print_problems(verdict.problems)
        _say(f"{path}: {verdict.summary}")
        return 0 if verdict.ok else int(ExitCode.VERIFICATION_FAILED)

    _run(ctx, as_json, body)


@cli.command()
@click.option("-o", "--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the key pair into (created when missing; existing keys are never replaced).")
@JSON_OPTION
@click.pass_context
def keygen(ctx: click.Context, out: Path, as_json: bool) -> None:
    """Write an Ed25519 key pair for signing manifests (build --sign-key, verify --pubkey).

    The private key is readable by its owner only; give the public key to recipients.
    """

    def body() -> int:
        from evidence_kit.output.signature import generate_keypair

        pair = generate_keypair(out)
        if as_json:
            _emit_json({"private_key": str(pair.private), "public_key": str(pair.public),
                        "fingerprint": pair.fingerprint})
        _say(_("private key {path} (keep it secret; build --sign-key)", path=pair.private))
        _say(_("public key  {path} (give it to recipients; verify --pubkey), SHA-256 {fingerprint}",
               path=pair.public, fingerprint=pair.fingerprint))
        return 0

    _run(ctx, as_json, body)


@cli.command()
@click.argument("export_dir", type=CASE_DIR)
@click.option("-o", "--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write one case folder per customer into (CASES_DIR/<id of its first account>).")
@click.option("--overwrite", is_flag=True, help="Replace case folders that exist already (only by a checked one).")
@JSON_OPTION
@click.pass_context
def split(ctx: click.Context, export_dir: Path, out: Path, overwrite: bool, as_json: bool) -> None:
    """Turn a portfolio export (portfolio.yaml, loans, cards, repayments, contacts, exhibits) into case folders.

    A customer's loans and cards at one court become one case (one loan alone: a
    schema_version 1 case). A case that would not pass check is reported at its file, line
    and column and skipped; the others are written. Exit 0 when every case was written, 4
    when any case or row was skipped.
    """

    def body() -> int:
        from evidence_kit.batch.split import split_export

        report = split_export(export_dir, out, overwrite=overwrite)
        _print_problems(report.problems)
        shown = set(report.problems)  # the export's errors, which every skipped case repeats, are printed once
        for result in report.results:
            _print_problems([p for p in result.problems if p not in shown])
        if as_json:
            _emit_json([r.to_json() for r in report.results])
        _say(_("{export_dir}: {written} case(s) written to {out}, {skipped} skipped", export_dir=export_dir,
               written=len(report.written), out=out, skipped=len(report.skipped)))
        return 0 if report.complete else int(ExitCode.CASE_INVALID)

    _run(ctx, as_json, body)


@cli.command()
@click.argument("src", type=CASE_DIR)
@click.option("-o", "--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to publish OUT/CASE_ID into, one per case.")
@click.option("-j", "--jobs", type=int, default=1, show_default=True, help="Worker processes of the local pool.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Local process pool, or a Dask distributed cluster (needs --scheduler).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="The Dask scheduler; the workers must see SRC and OUT at the same paths.")
@click.option("--profile", type=click.Choice(["court", "counsel", "collector"]), default="court", show_default=True,
              help="Who the bundles are for (as for build).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors: such a case fails.")
@click.option("--db", "db_url", default=None, metavar="URL",
              help="Record every build in this store (an SQLAlchemy URL; see db import).")
@JSON_OPTION
@click.pass_context
def batch(ctx: click.Context, src: Path, out: Path, jobs: int, executor: str, scheduler: str | None,
          profile: str, strict: bool, db_url: str | None, as_json: bool) -> None:
    """Build every case folder under SRC into OUT; one bad case never stops the others.

    A case already built from the same inputs by this version is skipped, so a rerun
    (after Ctrl-C, or after fixing a case) continues where the last one stopped. Exit 0
    when every case is built or skipped, 13 when any failed, 130 when interrupted.
    """

    def body() -> int:
        from evidence_kit.batch.progress import BatchProgress, summary_table
        from evidence_kit.batch.run import BatchOptions, run_batch
        from evidence_kit.pipeline import build_task

        options = BatchOptions(jobs=jobs, executor=executor, scheduler=scheduler, profile=profile,
                               strict=strict, db_url=db_url)
        with BatchProgress(enabled=sys.stderr.isatty()) as progress:
            report = run_batch(src, out, options, build_task, on_case=progress.advance, on_plan=progress.start)
        if as_json:
            _emit_json(report.to_json())
        summary_table(report, sys.stderr)
        return report.exit_code

    _run(ctx, as_json, body)


@cli.group()
def db() -> None:
    """The case store: SQLite file evidence-kit.db by default, EVIDENCE_KIT_DB or --db for another URL."""


DB_OPTION = click.option("--db", "db_url", default=None, metavar="URL",
                         help="SQLAlchemy URL (default: $EVIDENCE_KIT_DB, else sqlite:///evidence-kit.db here).")


@db.command("import")
@click.argument("src", type=CASE_DIR)
@DB_OPTION
@JSON_OPTION
@click.pass_context
def db_import(ctx: click.Context, src: Path, db_url: str | None, as_json: bool) -> None:
    """Check SRC's case folders (or SRC itself) and store them; a changed case replaces its old rows."""

    def body() -> int:
        from evidence_kit.store.importer import import_cases

        report = import_cases(src, db_url)
        if as_json:
            _emit_json(report.to_json())
        _say(_("{imported} case(s) imported, {unchanged} unchanged", imported=len(report.imported),
               unchanged=len(report.unchanged)))
        return 0

    _run(ctx, as_json, body)


@db.command("list")
@DB_OPTION
@click.option("--eligible", type=click.Choice(["payment_order", "complaint", "preservation", "enforcement"]),
              default=None, help="Only cases eligible for this filing.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(["invalid", "ready", "built", "failed"]),
              help="Only cases with this status (repeatable).")
@JSON_OPTION
@click.pass_context
def db_list(ctx: click.Context, db_url: str | None, eligible: str | None, statuses: tuple[str, ...],
            as_json: bool) -> None:
    """Stored cases with their status, claim total and the filings they are eligible for."""

    def body() -> int:
        from evidence_kit.store.queries import list_cases

        rows = list_cases(db_url, eligible=eligible, statuses=statuses)
        if as_json:
            _emit_json([r.to_json() for r in rows])
        elif rows:
            from evidence_kit.store.queries import cases_table

            click.echo("\n".join(cases_table(rows)))
        _say(_("{count} case(s)", count=len(rows)))
        return 0

    _run(ctx, as_json, body)


@db.command("upgrade")
@DB_OPTION
@JSON_OPTION
@click.pass_context
def db_upgrade(ctx: click.Context, db_url: str | None, as_json: bool) -> None:
    """Apply the store's schema migrations (every command also does this before it works)."""

    def body() -> int:
        from evidence_kit.store.db import make_engine, upgrade

        engine = make_engine(db_url)
        try:
            result = upgrade(engine)
        finally:
            engine.dispose()
        if as_json:
            _emit_json(result.to_json())
        _say(_("schema: {before} -> {after}", before=result.before or _("(empty)"), after=result.after))
        return 0

    _run(ctx, as_json, body)


def _parse_datetime_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value.replace(" ", "T")).replace(second=0, microsecond=0)
    except ValueError as exc:
        raise click.BadParameter(_("{value!r} is not a date-time; write YYYY-MM-DDTHH:MM (China time)",
                                   value=value)) from exc


TEMPLATES_OPTION = click.option(
    "--templates", "templates", default=None, type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="A folder of your own templates; each file missing there falls back to the built-in one.")
SEND_AT_OPTION = click.option(
    "--send-at", "send_at", callback=_parse_datetime_option, metavar="YYYY-MM-DDTHH:MM",
    help="When to send (China time), checked against the contact rules; default: the next allowed time.")


@cli.command()
@click.argument("case_dir", type=CASE_DIR)
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path),
              help="Folder to write OUT/CASE_ID/ into.")
@click.option("--kind", required=True,
              type=click.Choice(["reminder", "demand", "acceleration", "lawyer", "visit", "locate"]),
              help="还款提醒函, 逾期还款通知书, 提前到期通知书, 律师函, the visit pack, or a call-back request "
                   "to an emergency contact (SMS only).")
@click.option("--channel", type=click.Choice(["letter", "sms", "email"]), default="letter", show_default=True,
              help="A letter (DOCX + PDF), an SMS text, or an .eml e-mail.")
@click.option("--party", type=click.Choice(["debtor", "guarantor", "emergency_contact", "third_party"]),
              default="debtor", show_default=True,
              help="Who the notice is for; a collection notice to a third party is refused.")
@SEND_AT_OPTION
@click.option("--as-of", "as_of", callback=_parse_date_option, metavar="YYYY-MM-DD",
              help="Compute the amounts to this date instead of case.yaml's as_of.")
@click.option("--law-firm", "law_firm", default="", help="The 律师事务所 signing a lawyer's letter "
                                                        "(default: case.yaml's agent, when it is a law firm).")
@click.option("--lawyer", default="", help="The lawyer signing a lawyer's letter.")
@click.option("--mail-from", "mail_from", default="", help="The bank's sending address for --channel email.")
@TEMPLATES_OPTION
@JSON_OPTION
@click.pass_context
def notice(ctx: click.Context, case_dir: Path, out: Path, kind: str, channel: str, party: str,
           send_at: datetime | None, as_of: date | None, law_firm: str, lawyer: str, mail_from: str,
           templates: Path | None, as_json: bool) -> None:
    """A reminder, demand, acceleration notice, lawyer's letter or visit pack for CASE_DIR.

    Every text is linted against the collection rules and the send time is checked
    against the contact log (22:00–08:00, daily attempts, third parties); a refusal
    (exit 12) names the rule and the next allowed time.
    """

    def body() -> int:
        from evidence_kit.notices.make import NoticeRequest, make_notice

        request = NoticeRequest(kind=kind, channel=channel, party=party, send_at=send_at, as_of=as_of,
                                law_firm=law_firm, lawyer=lawyer, mail_from=mail_from, templates=templates)
        result = make_notice(case_dir, out, request)
        if as_json:
            _emit_json(result.to_json())
        if result.text and not as_json:
            click.echo(result.text)
        _say(_notice_summary(result))
        return 0

    _run(ctx, as_json, body)


NOTICE_KINDS = (pN_("notice kind", "reminder"), pN_("notice kind", "demand"), pN_("notice kind", "acceleration"),
                pN_("notice kind", "lawyer"), pN_("notice kind", "visit"), pN_("notice kind", "locate"))
NOTICE_CHANNELS = (N_("letter"), N_("sms"), N_("email"))
"""The notice kinds and channels (``--kind``, ``--channel``) as the summary lines name them: the key in
English, the document or channel in Chinese."""


def _notice_summary(result: NoticeResult) -> str:
    fields = {"case_id": result.case_id, "kind": translate_in("notice kind", result.kind), "channel": translate(result.channel),
              "target": result.target,
              "when": f"{result.send_at:%Y-%m-%d %H:%M}" if result.send_at else "—",
              "paths": ", ".join(str(p) for p in result.outputs)}
    if result.text:
        return _("{case_id}: {kind} by {channel} to {target}, send at {when}, {segments} SMS segment(s); "
                 "wrote {paths}", segments=result.segments, **fields)
    return _("{case_id}: {kind} by {channel} to {target}, send at {when}; wrote {paths}", **fields)


def _parse_rate_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Decimal | None:
    if value is None:
        return None
    from evidence_kit.money import parse_rate

    try:
        return parse_rate(value)
    except AmountError as exc:
        raise click.BadParameter(_("{error}; write an annual rate such as 0.0435 or 4.35%", error=exc)) from exc


def _parse_amount_option(ctx: click.Context, param: click.Parameter, value: str | None) -> Decimal | None:
    return None if value is None else _parse_amount_argument(ctx, param, value)


@cli.command()
@click.argument("case_dir", type=CASE_DIR)
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), default=None,
              help="Folder to write OUT/CASE_ID/ into (the agreement DOCX + PDF and plan.json); "
                   "without it only the plan is printed.")
@click.option("--months", required=True, type=int, help="Number of monthly installments.")
@click.option("--start", "start", callback=_parse_date_option, metavar="YYYY-MM-DD",
              help="The first installment's due date (default: one month after signing).")
@click.option("--signed-on", "signed_on", callback=_parse_date_option, metavar="YYYY-MM-DD",
              help="The day the agreement is signed and the down payment due (default: the case's as_of).")
@click.option("--down-payment", "down_payment", callback=_parse_amount_option, metavar="AMOUNT",
              help="Paid on signing, before the installments.")
@click.option("--waive", default=None, metavar="KIND,…", help="Components waived: interest, penalty, compound, fees.")
@click.option("--rate", callback=_parse_rate_option, metavar="R",
              help="Annual rate charged on the financed balance during the plan (default 0).")
@click.option("--include-not-due", is_flag=True, help="Also reschedule principal not yet due.")
@click.option("--max-months", "max_months", type=int, default=None,
              help="Raise the 60-month limit of 信用卡办法 art. 70 (at most 360).")
@click.option("--save", is_flag=True, help="Write the plan into CASE_DIR/plan.json: check then warns when a "
                                          "payment under it is missed.")
@click.option("--agreement", type=click.Choice(["auto", "repayment", "settlement"]), default="auto",
              show_default=True, help="还款协议, or 和解协议 after a suit; auto: 和解协议 when the case has a judgment.")
@click.option("--debt", "debts", multiple=True, metavar="ID",
              help="Only this debt (its id in case.yaml debts:); repeat for several. Default: every debt.")
@click.option("--as-of", "as_of", callback=_parse_date_option, metavar="YYYY-MM-DD",
              help="Compute the claim to this date instead of case.yaml's as_of.")
@TEMPLATES_OPTION
@JSON_OPTION
@click.pass_context
def plan(ctx: click.Context, case_dir: Path, out: Path | None, months: int, start: date | None,
         signed_on: date | None, down_payment: Decimal | None, waive: str | None, rate: Decimal | None,
         include_not_due: bool, max_months: int | None, save: bool, agreement: str, debts: tuple[str, ...],
         as_of: date | None, templates: Path | None, as_json: bool) -> None:
    """A repayment plan over CASE_DIR's claim, exact to the fen, and its 还款协议 / 和解协议.

    The plan covers every debt of the case, or only those named by --debt.
    """

    def body() -> int:
        from evidence_kit.claim.repayment_plan import MAX_PLAN_MONTHS, parse_waive
        from evidence_kit.notices.make import PlanRequest, make_repayment_plan
        from evidence_kit.notices.report import plan_table_text

        request = PlanRequest(
            months=months, signed_on=signed_on, first_due=start, down_payment=down_payment or Decimal("0.00"),
            waive=parse_waive(waive), rate=rate or Decimal("0"), include_not_due=include_not_due,
            max_months=max_months or MAX_PLAN_MONTHS, agreement=agreement, as_of=as_of, templates=templates,
            render=out is not None, save=save, debts=debts)
        outcome = make_repayment_plan(case_dir, out or Path("."), request)
        if as_json:
            _emit_json(outcome.to_json())
        else:
            click.echo(plan_table_text(outcome.plan))
        for path in outcome.outputs:
            _say(_("wrote {path}", path=path))
        return 0

    _run(ctx, as_json, body)


@cli.command()
@click.argument("src", type=click.Path(path_type=Path, file_okay=False))
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path),
              help="Folder for sms_gateway.csv (or .xlsx) and email/CASE_ID.eml.")
@click.option("--kind", type=click.Choice(["reminder", "demand", "acceleration", "lawyer"]), default="reminder",
              show_default=True, help="Which notice every case gets.")
@click.option("--channel", type=click.Choice(["sms", "email", "both"]), default="sms", show_default=True,
              help="SMS rows for the gateway, e-mails for cases whose contact log has the debtor's address, or both.")
@click.option("--format", "table_format", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True,
              help="The SMS gateway import file's format.")
@SEND_AT_OPTION
@click.option("--as-of", "as_of", callback=_parse_date_option, metavar="YYYY-MM-DD",
              help="Compute every case's amounts to this date instead of its as_of.")
@click.option("--mail-from", "mail_from", default="", help="The bank's sending address (needed for e-mails).")
@click.option("--law-firm", "law_firm", default="", help="The 律师事务所 for --kind lawyer.")
@TEMPLATES_OPTION
@JSON_OPTION
@click.pass_context
def notices(ctx: click.Context, src: Path, out: Path, kind: str, channel: str, table_format: str,
            send_at: datetime | None, as_of: date | None, mail_from: str, law_firm: str, templates: Path | None,
            as_json: bool) -> None:
    """Notices for every case folder under SRC: an SMS gateway file and one .eml per e-mail case.

    A case that cannot be read or whose notice a rule refuses is reported and left out;
    the exit code is 0 when every case was written, 12 when some were refused or invalid.
    """

    def body() -> int:
        from evidence_kit.notices.make import NoticeRequest, check_request
        from evidence_kit.notices.many import BatchRequest, make_notices

        notice_request = NoticeRequest(kind=kind, channel="email" if channel != "sms" else "sms", send_at=send_at,
                                       as_of=as_of, law_firm=law_firm, mail_from=mail_from, templates=templates)
        check_request(notice_request)
        result = make_notices(src, out, BatchRequest(notice_request, channel, table_format), progress=_progress)
        if as_json:
            _emit_json(result.to_json())
        failed = [o for o in result.outcomes if o.status != "written"]
        for outcome in failed:
            status = translate(outcome.status)
            for code, message in zip(outcome.codes, outcome.messages, strict=True):
                _say(f"{outcome.case_id or outcome.case_dir}: {status}: {message} [{code}]")
        _say(_("{written} of {total} case(s) written: {sms} SMS in {gateway}, {emails} e-mail(s)",
               written=len(result.outcomes) - len(failed), total=len(result.outcomes), sms=len(result.sms_rows),
               gateway=result.gateway or "—", emails=result.emails))
        return int(ExitCode.NOT_ELIGIBLE) if failed else 0

    _run(ctx, as_json, body)


CASE_STATUSES = (N_("partial"), N_("refused"), N_("invalid"))
"""What happened to a case of ``notices`` that was not written: the key in English (as in ``--json``)."""


def _progress(items: Any) -> Any:
    """A progress bar on a terminal; the items unchanged otherwise."""
    return _with_bar(list(items)) if sys.stderr.isatty() else items


def _with_bar(items: list[Any]) -> Any:
    with click.progressbar(items, label=_("notices"), file=sys.stderr) as bar:
        yield from bar


@cli.command()
@click.argument("case_dir", type=CASE_DIR)
@click.option("--as-of", "as_of", callback=_parse_date_option, metavar="YYYY-MM-DD",
              help="Compute the claim and the fees to this date instead of case.yaml's as_of.")
@JSON_OPTION
@click.pass_context
def route(ctx: click.Context, case_dir: Path, as_of: date | None, as_json: bool) -> None:
    """Each way forward for CASE_DIR (plan, 支付令, suit, preservation, enforcement): open or not, cost, deadlines."""

    def body() -> int:
        from evidence_kit.notices.make import loaded
        from evidence_kit.notices.route import routes_of, routes_table_text

        routes = routes_of(loaded(case_dir, as_of), as_of)
        if as_json:
            _emit_json([r.to_json() for r in routes])
        else:
            click.echo(routes_table_text(routes))
        return 0

    _run(ctx, as_json, body)


@cli.command()
@click.argument("case_dir", type=CASE_DIR)
@JSON_OPTION
@click.pass_context
def migrate(ctx: click.Context, case_dir: Path, as_json: bool) -> None:
    """Rewrite CASE_DIR/case.yaml from schema_version 1 to 2 (debts:), keeping its comments.

    The old file is kept as case.v1.yaml; a schema_version 2 case is left unchanged.
    """

    def body() -> int:
        from evidence_kit.case.migrate import migrate_case

        result = migrate_case(case_dir)
        if as_json:
            _emit_json(result.to_json())
        if result.from_version == result.to_version:
            _say(_("{case_dir}: already schema_version {version}; nothing changed", case_dir=case_dir,
                   version=result.to_version))
        elif result.comments_kept:
            _say(_("{case_dir}: case.yaml is now schema_version 2 (comments kept); the old file is {backup}",
                   case_dir=case_dir, backup=result.backup))
        else:
            _say(_("{case_dir}: case.yaml is now schema_version 2 (comments could not be kept (flow-style YAML)); "
                   "the old file is {backup}", case_dir=case_dir, backup=result.backup))
        return 0

    _run(ctx, as_json, body)


def _complete_sample(_ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[str]:
    from evidence_kit.case.scaffold import sample_names

    return [name for name in sample_names() if name.startswith(incomplete)]


@cli.command()
@click.argument("case_dir", type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(["loan", "credit_card"]), default=None,
              help="What the case holds: one loan (default) or one credit card (schema_version 2).")
@click.option("--from", "sample", default=None, metavar="SAMPLE", shell_complete=_complete_sample,
              help="Start from a copy of this case folder, or of a sample by name (e.g. consumer-loan); "
                   "its case_id becomes the new folder's name.")
@JSON_OPTION
@click.pass_context
def init(ctx: click.Context, case_dir: Path, kind: str | None, sample: str | None, as_json: bool) -> None:
    """Start a new case folder CASE_DIR: case.yaml with every key explained, the ledgers' headers, exhibits/.

    The comments of case.yaml are in the chosen language; `check CASE_DIR` then lists
    what is still to be filled in. A folder that holds anything is never written into (exit 9).
    """

    def body() -> int:
        from evidence_kit.case.scaffold import init_case
        from evidence_kit.i18n import _

        result = init_case(case_dir, kind=kind, sample=sample)
        if as_json:
            _emit_json(result.to_json())
        for skipped in result.skipped:
            _say(_("not copied: {file} (a link leading out of the folder, or not a regular file)", file=skipped))
        _say(_("wrote {folder}: {files}", folder=case_dir, files=", ".join(result.files)))
        _say(_("next: fill in {folder}/case.yaml, then run: evidence-kit check {folder}", folder=case_dir))
        return 0

    _run(ctx, as_json, body)


@cli.command()
@click.argument("code", required=False)
@click.option("--list", "list_all", is_flag=True, help="List every problem code with its severity and one-line meaning.")
@JSON_OPTION
@click.pass_context
def explain(ctx: click.Context, code: str | None, list_all: bool, as_json: bool) -> None:
    """What problem CODE means, the rule behind it, a typical cause and the fix (as in docs/problems.md).

    An unknown CODE exits 2 naming the closest codes.
    """

    def body() -> int:
        from evidence_kit.errors import UsageError
        from evidence_kit.i18n import _, current_language
        from evidence_kit.problem_codes import all_codes, explain_text, list_text, lookup

        lang = current_language()
        if list_all:
            if as_json:
                _emit_json([{"code": e.code, "severity": e.severity, "meaning": e.meaning(lang)} for e in all_codes()])
            else:
                click.echo(list_text(lang), nl=False)
            return 0
        if code is None:
            raise UsageError(_("explain needs a problem CODE, or --list"),
                             hint=_("e.g. evidence-kit explain claim_mismatch"))
        entry = lookup(code)
        if as_json:
            _emit_json(entry.to_json(lang))
        else:
            click.echo(explain_text(entry.code, lang), nl=False)
        return 0

    _run(ctx, as_json, body)


def _language_argument(args: list[str]) -> str | None:
    """The last ``--lang X`` / ``--lang=X`` anywhere before ``--``: read before click, so that help is translated."""
    chosen = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            chosen = args[index + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    return chosen


def _commands(command: click.Command) -> Iterator[click.Command]:
    yield command
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _commands(sub)


def _translate_commands(root: click.Command) -> None:
    """Every help text of the command tree in the chosen language (the cleaned English text is the msgid).

    Option metavars stay as in English (``--out DIRECTORY``) although the path types' names, which
    click's own messages use ("文件夹 'x' 不存在"), are translated.
    """
    path_types: dict[int, click.Path] = {}
    for command in _commands(root):
        for attribute in ("help", "short_help", "epilog"):
            text = getattr(command, attribute)
            if text:
                setattr(command, attribute, translate(inspect.cleandoc(text)))
        for param in command.params:
            if isinstance(param, click.Option) and param.help:
                param.help = translate(param.help)
            if isinstance(param.type, click.Path):
                if isinstance(param, click.Option) and param.metavar is None:
                    param.metavar = param.type.name.upper()
                path_types[id(param.type)] = param.type
    for path_type in path_types.values():
        path_type.name = translate(path_type.name)


CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")
"""click's modules whose messages (usage, errors) come through the gettext function they imported as ``_``."""
CLICK_UNMARKED = (N_("required"),)
"""click's texts that go through its ``_`` without being marked in its source (the ``[required]`` label)."""


def _translate_click_messages() -> None:
    import importlib

    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if callable(getattr(module, "_", None)):
            module._ = translate  # type: ignore[attr-defined]
        if callable(getattr(module, "ngettext", None)):
            module.ngettext = _click_ngettext  # type: ignore[attr-defined]


def _click_ngettext(singular: str, plural: str, count: int) -> str:
    from evidence_kit.i18n import current_language, translations

    return translations(current_language()).ngettext(singular, plural, count)


WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
"""CJK characters and punctuation: two columns each, and a line may break between any two of them."""
OPENING, CLOSING = "（《「『【〔“‘", "，。、；：？！）》」』】〕”’…"
"""Punctuation that never ends a line, and punctuation that never starts one."""
CHUNK = re.compile(f"[{OPENING}]*[^{WIDE}]+[{CLOSING}]*|[{OPENING}]*[{WIDE}][{CLOSING}]*")
"""What a line may not be broken inside: a run of other characters, or one CJK character (each with the
punctuation that sticks to it)."""


def _columns(text: str) -> int:
    """Terminal columns of ``text``: ANSI styles take none, CJK characters two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in click.unstyle(text))


class WideTextWrapper(click_textwrap.TextWrapper):
    """click's wrapper, breaking lines between Chinese characters too (it breaks only at spaces)."""

    def _split(self, text: str) -> list[str]:
        return [piece for chunk in super()._split(text) for piece in CHUNK.findall(chunk)]


def _short_help(help_text: str, max_length: int = 45) -> str:
    """A command's line in the list of commands: its first sentence, cut to ``max_length`` columns."""
    sentence = " ".join(help_text.partition("\n\n")[0].split()).partition("。")[0]
    if _columns(sentence) <= max_length:
        return sentence
    cut = len(sentence)
    while cut and (_columns(sentence[:cut] + "…") > max_length or _inside_a_word(sentence, cut)):
        cut -= 1
    return sentence[:cut].rstrip("，、；：（ ") + "…"


def _inside_a_word(text: str, at: int) -> bool:
    """True between two letters of an ASCII word or name (``report.json``), where no line is cut."""
    return 0 < at < len(text) and all(char.isascii() and not char.isspace() for char in text[at - 1:at + 1])


def _fit_help_to_wide_characters() -> None:
    """Help in Chinese: click counts characters and breaks lines at spaces only, made right for CJK text."""
    from click import core, formatting

    click_textwrap.term_len = formatting.term_len = _columns  # type: ignore[assignment]
    click_textwrap.TextWrapper = WideTextWrapper  # type: ignore[misc]
    core.make_default_short_help = _short_help  # type: ignore[assignment]


def main() -> None:
    chosen = set_language(_language_argument(sys.argv[1:]))
    os.environ[LANGUAGE_ENV] = chosen  # worker processes speak the same language
    if chosen != "en":
        _translate_commands(cli)
        _translate_click_messages()
        _fit_help_to_wide_characters()
    cli(prog_name="evidence-kit")
