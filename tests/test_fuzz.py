"""Property-based fuzzing of what a user hands the tool: case.yaml, the ledgers, manifest.json.

Whatever the input, the command ends with a stated exit code — never 1, which is kept for
bugs —, every error it reports names its file, and each run stays within a time bound and
under an address-space cap (a MemoryError under the cap would be exit 1 and fail the test).
"""

from __future__ import annotations

import json
import resource
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence_kit.cli import cli
from tests.conftest import DATA

pytestmark = pytest.mark.slow

SECONDS_PER_RUN = 20
"""Time bound of one command on one fuzzed input (the machine is shared; a real run takes well under 1 s)."""
MEMORY_HEADROOM = 1024 * 1024 * 1024
"""Address space a run may add to the test process before the cap turns growth into a MemoryError."""
ALLOWED_EXITS = {0, 2, 3, 4, 5, 8, 9}

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from([
        "9" * 40, "1e400", "-0", "0." + "0" * 60 + "1", "4.35", "NaN", "Infinity", "１２３", "1,2,3",
        "刘\u202e华建\u202c", "张\u200b三", "\ufeff", "'", '"', "*a", "&a [*a]", "!!python/object:os.system",
        "[" * 200, "{" * 200, "a: b: c", "- - -", "<<: *x", "\x00", "\\u0000", "..", ".", "ABC\n",
        "2024-02-30", "0000-00-00", "99999-01-01", "=1+1", "=HYPERLINK(\"x\")", "x" * 5000,
    ]),
)

YAML_KEYS = ["case_id", "as_of", "court", "name", "id_number", "principal", "annual_rate", "penalty_markup",
             "installments", "day_count", "maturity", "file", "title", "compound", "payment_day", "phone"]


@contextmanager
def address_space_cap() -> Iterator[None]:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    used = _address_space()
    cap = used + MEMORY_HEADROOM
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 4 * MEMORY_HEADROOM


def run(*args: str) -> tuple[int, dict[str, Any] | list[Any] | None, str]:
    started = time.monotonic()
    with address_space_cap():
        result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    elapsed = time.monotonic() - started
    assert elapsed < SECONDS_PER_RUN, f"{args[0]} took {elapsed:.1f} s"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in ALLOWED_EXITS, f"exit {result.exit_code}: {result.stderr[-2000:]}"
    try:
        data = json.loads(result.stdout) if result.stdout.strip() else None
    except ValueError:
        data = None
    return result.exit_code, data, result.stderr


def assert_located(data: Any) -> None:
    """Every reported error names its file."""
    if not isinstance(data, dict):
        return
    items = [*data.get("errors", []), *data.get("problems", [])]
    if "exit_code" in data and data["exit_code"] not in (0, 3):
        assert data.get("file") or items, f"unlocated error: {data}"
    for item in items:
        assert item.get("file"), f"unlocated problem: {item}"


def fresh_case(root: Path) -> Path:
    case = root / "case"
    if case.exists():
        shutil.rmtree(case)
    shutil.copytree(DATA / "worked-example", case)
    return case


FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(edits=st.lists(st.tuples(st.sampled_from(YAML_KEYS), HOSTILE_TEXT, st.booleans()), max_size=3),
       cut=st.one_of(st.none(), st.none(), st.integers(min_value=0, max_value=2000)))
def test_fuzzed_case_yaml(tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, str, bool]],
                          cut: int | None) -> None:
    case = fresh_case(tmp_path_factory.getbasetemp())
    yaml = case / "case.yaml"
    lines = yaml.read_text("utf-8").splitlines()
    for key, value, quoted in edits:
        for i, line in enumerate(lines):
            if line.strip().startswith(f"{key}:") or line.strip().startswith(f"- {key}:"):
                head = line[: line.index(f"{key}:") + len(key) + 1]
                lines[i] = f"{head} {json.dumps(value, ensure_ascii=False) if quoted else value}"
                break
    text = "\n".join(lines) + "\n"
    yaml.write_text(text[:cut] if cut is not None else text, "utf-8")
    code, data, _ = run("check", "--json", str(case))
    assert_located(data)
    if code == 0:
        run("claim", "--json", str(case))


CELL = st.one_of(HOSTILE_TEXT, st.sampled_from(["2024-02-10", "516.67", "1,234.50", "¥12", "TXN1", ""]))


@FUZZ
@given(header=st.one_of(st.just(["date", "amount"]),
                        st.lists(st.sampled_from(["date", "amount", "principal", "interest", "交易日期", "金额",
                                                  "note", "reference", "", "x"]), max_size=8)),
       rows=st.lists(st.one_of(st.lists(CELL, max_size=12), st.just(["2024-03-10", "483.33"])), max_size=30),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
       contacts=st.booleans())
def test_fuzzed_ledgers(tmp_path_factory: pytest.TempPathFactory, header: list[str], rows: list[list[str]],
                        encoding: str, contacts: bool) -> None:
    case = fresh_case(tmp_path_factory.getbasetemp())
    target = case / ("contacts.csv" if contacts else "repayments.csv")
    if contacts:
        header = [h.replace("date", "time").replace("amount", "channel") for h in header]
    body = "\n".join(",".join(json.dumps(c, ensure_ascii=False) if "," in c else c for c in row) for row in rows)
    try:
        target.write_bytes((",".join(header) + "\n" + body + "\n").encode(encoding))
    except UnicodeEncodeError:
        target.write_bytes((",".join(header) + "\n" + body + "\n").encode("utf-8", errors="replace"))
    _, data, _ = run("check", "--json", str(case))
    assert_located(data)


JSON_VALUE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20,
)
ENTRY = st.fixed_dictionaries({}, optional={
    "path": st.one_of(st.sampled_from(["bundle.pdf", "report.json", "../x", "/etc/hostname", "a/../../b", ""]),
                      JSON_VALUE),
    "sha256": st.one_of(st.just("0" * 64), JSON_VALUE),
    "bytes": st.one_of(st.integers(min_value=-1, max_value=10**20), JSON_VALUE),
    "pages": JSON_VALUE,
    "no": JSON_VALUE, "first_page": JSON_VALUE, "last_page": JSON_VALUE,
})
MANIFEST = st.one_of(
    JSON_VALUE,
    st.fixed_dictionaries({
        "case_id": JSON_VALUE, "created": JSON_VALUE, "tool_version": JSON_VALUE,
        "inputs": st.one_of(st.lists(ENTRY, max_size=3), JSON_VALUE),
        "outputs": st.one_of(st.lists(ENTRY, max_size=3), JSON_VALUE),
        "exhibits": st.one_of(st.lists(ENTRY, max_size=3), JSON_VALUE),
    }),
)


@FUZZ
@given(manifest=MANIFEST, raw=st.one_of(st.none(), st.binary(max_size=200)), with_case=st.booleans())
def test_fuzzed_manifest(tmp_path_factory: pytest.TempPathFactory, manifest: Any, raw: bytes | None,
                         with_case: bool) -> None:
    base = tmp_path_factory.getbasetemp()
    folder = base / "built" / "CASE"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "report.json").write_text("{}", "utf-8")
    (folder / "bundle.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    (folder / "manifest.json").write_bytes(raw if raw is not None else json.dumps(manifest).encode())
    args = ["verify", "--json", str(folder)]
    if with_case:
        args += ["--case", str(fresh_case(base))]
    _, data, _ = run(*args)
    assert_located(data)
