"""``init``: a new case folder, explained in the chosen language, that ``check`` turns into a to-do list."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from evidence_kit import i18n
from evidence_kit.case.load import read_case
from evidence_kit.case.scaffold import SAMPLES_DIR, init_case, ledger_headers
from evidence_kit.case.tables import SPECS, read_table
from evidence_kit.check import check_case
from evidence_kit.errors import CannotWrite, CaseNotFound, ExitCode, UsageError
from tests.conftest import REPO, line_of, replace_in

SCHEMA = json.loads((REPO / "evidence_kit" / "schemas" / "case.schema.json").read_text("utf-8"))

LOAN_TO_FILL = [
    "as_of", "court", "creditor.name", "creditor.credit_code", "creditor.address",
    "creditor.representative.name", "creditor.representative.title",
    "debtors.0.name", "debtors.0.gender", "debtors.0.birth_date", "debtors.0.ethnicity", "debtors.0.id_number",
    "debtors.0.address", "debtors.0.phone",
    "loan.contract_no", "loan.signed_on", "loan.principal", "loan.disbursed_on", "loan.maturity", "loan.annual_rate",
    "loan.penalty_markup", "loan.compound", "loan.day_count", "loan.repayment_method", "loan.installments",
    "exhibits.0.file", "exhibits.1.file",
]
CARD_DEBT_TO_FILL = [
    "debts.0.card_masked", "debts.0.issuer", "debts.0.agreement.title", "debts.0.credit_limit", "debts.0.daily_rate",
    "debts.0.first_overdue_date", "debts.0.cutoff", "debts.0.balances.principal",
]


def to_do(case_dir: Path) -> list[tuple[str | None, int | None, str]]:
    """check's problems as (key, line, code), in the order check gives them."""
    _, report = check_case(case_dir)
    return [(p.loc.column if p.loc else None, p.loc.row if p.loc else None, p.code) for p in report.problems]


def test_a_new_loan_case_is_a_to_do_list_in_the_order_of_the_file(tmp_path: Path) -> None:
    case = tmp_path / "CL-2025-0001"
    result = init_case(case)
    assert result.files == ("case.yaml", "repayments.csv", "contacts.csv", "exhibits/")
    assert (case / "exhibits").is_dir() and not any((case / "exhibits").iterdir())
    data = yaml.safe_load((case / "case.yaml").read_text("utf-8"))
    assert data["schema_version"] == 1 and data["case_id"] == "CL-2025-0001" == result.case_id
    assert data["cause"] == "金融借款合同纠纷" and data["loan"]["contract_no"] is None
    problems = to_do(case)
    assert [code for _, _, code in problems] == ["to_fill"] * len(LOAN_TO_FILL)  # nothing else: no cascade
    assert [key for key, _, _ in problems] == LOAN_TO_FILL
    lines = [line for _, line, _ in problems]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    text = (case / "case.yaml").read_text("utf-8").splitlines()
    assert all(text[line - 1].rstrip().endswith(":") for line in lines)  # each points at its empty key


def test_to_fill_messages_say_what_the_key_is_in_english_and_in_chinese(tmp_path: Path) -> None:
    case = tmp_path / "CL-2025-0001"
    init_case(case)
    with i18n.language("en"):
        _, english = check_case(case)
    with i18n.language("zh"):
        _, chinese = check_case(case)
    assert [p.code for p in english.problems] == [p.code for p in chinese.problems]
    first_en, first_zh = english.problems[0], chinese.problems[0]
    assert first_en.message == "as_of is still to be filled in: the date the amounts are computed to, e.g. 2025-06-30"
    assert first_en.hint == "write it after 'as_of:' in case.yaml"
    assert first_zh.message == "as_of 尚未填写：欠款计算截至日，例如 2025-06-30"
    assert first_zh.hint == "在 case.yaml 的 as_of: 后面填写"
    id_number = next(p for p in chinese.problems if p.loc and p.loc.column == "debtors.0.id_number")
    assert "公民身份号码" in id_number.message and "18 位" in id_number.message


@pytest.mark.parametrize(("lang", "required", "optional"), [("en", "[required]", "[optional]"), ("zh", "【必填】", "【选填】")])
def test_every_key_is_explained_required_ones_marked_optional_ones_commented_out(
        tmp_path: Path, lang: str, required: str, optional: str) -> None:
    case = tmp_path / "case"
    with i18n.language(lang):
        init_case(case)
    lines = (case / "case.yaml").read_text("utf-8").splitlines()
    keys = [i for i, line in enumerate(lines) if re.match(r"\s*(- )?[a-z_]+:", line)]
    for i in keys:
        if lines[i].startswith("  - file:") and i > keys[0] and "title: 借款借据" in lines[i + 1]:
            continue  # the second exhibit repeats the first one's keys, explained there
        if re.match(r"\s+(title|source|proves): ", lines[i]) and not lines[i - 1].lstrip().startswith("#"):
            continue
        assert lines[i - 1].lstrip().startswith(f"# {required}"), (lines[i - 1], lines[i])
    commented = [i for i, line in enumerate(lines) if re.match(r"\s*# [a-z_]+: ", line)]
    assert len(commented) >= 15
    assert all(lines[i - 1].lstrip().startswith(f"# {optional}") or lines[i - 1].lstrip().startswith("# ")
               for i in commented)
    if lang == "zh":
        assert "# evidence-kit 案件信息文件" in lines[0]


def _uncomment_optional_keys(path: Path) -> None:
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"^(\s*)# ([a-z_]+:( .*)?)$", r"\1\2", text, flags=re.MULTILINE), "utf-8")


@pytest.mark.parametrize("kind", ["loan", "credit_card"])
def test_the_optional_keys_examples_are_valid_where_they_stand(tmp_path: Path, kind: str) -> None:
    """Removing the # of every optional key gives keys the schema knows, with values it accepts."""
    case = tmp_path / "case"
    init_case(case, kind=kind)
    _uncomment_optional_keys(case / "case.yaml")
    data = yaml.safe_load((case / "case.yaml").read_text("utf-8"))
    assert "filings" in data and "bundle" in data and "files" in data
    codes = {p.code for p in read_case(case).problems}
    assert codes <= {"to_fill", "file_missing"}, codes  # files: names an XLSX that is not there


def test_a_scaffold_covers_every_required_key_of_the_schema(tmp_path: Path) -> None:
    init_case(tmp_path / "loan")
    init_case(tmp_path / "card", kind="credit_card")
    loan = yaml.safe_load((tmp_path / "loan" / "case.yaml").read_text("utf-8"))
    card = yaml.safe_load((tmp_path / "card" / "case.yaml").read_text("utf-8"))
    defs = SCHEMA["$defs"]
    assert set(SCHEMA["required"]) <= set(loan) and "loan" in loan
    assert set(defs["loan"]["required"]) <= set(loan["loan"])
    assert set(defs["creditor"]["required"]) <= set(loan["creditor"])
    assert set(defs["debtor"]["then"]["required"]) <= set(loan["debtors"][0])
    assert set(defs["exhibit"]["required"]) <= set(loan["exhibits"][0])
    assert set(SCHEMA["required"]) <= set(card) and card["schema_version"] == 2 and "loan" not in card
    assert set(defs["card_debt"]["required"]) <= set(card["debts"][0])
    assert set(defs["card_debt"]["properties"]["balances"]["required"]) <= set(card["debts"][0]["balances"])


def test_a_credit_card_case_lists_the_card_to_fill_in(tmp_path: Path) -> None:
    case = tmp_path / "SZ-CARD-0001"
    result = init_case(case, kind="credit_card")
    assert result.kind == "credit_card"
    data = yaml.safe_load((case / "case.yaml").read_text("utf-8"))
    assert data["cause"] == "信用卡纠纷" and data["debts"][0]["kind"] == "credit_card"
    keys = [key for key, _, code in to_do(case) if code == "to_fill"]
    assert [key for key, _, _ in to_do(case)] == keys  # nothing but to_fill
    assert keys[: keys.index("debts.0.card_masked")] == LOAN_TO_FILL[: LOAN_TO_FILL.index("loan.contract_no")]
    assert [k for k in keys if k.startswith("debts.")] == CARD_DEBT_TO_FILL
    assert keys[-2:] == ["exhibits.0.file", "exhibits.1.file"]


def test_the_ledgers_carry_the_banks_chinese_headers_and_read_back_empty(tmp_path: Path) -> None:
    case = tmp_path / "case"
    init_case(case)
    raw = (case / "repayments.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    assert raw.decode("utf-8-sig").splitlines() == ["交易日期,交易时间,还款金额,归还本金,归还利息,罚息,复利,费用,流水号,备注"]
    assert (case / "contacts.csv").read_text("utf-8-sig").splitlines() == [",".join(ledger_headers("contacts"))]
    assert ledger_headers("contacts")[:5] == ["催收时间", "催收方式", "联系对象", "联系号码", "结果"]
    for kind in ("repayments", "contacts"):
        table, problems = read_table(case / f"{kind}.csv", f"{kind}.csv", SPECS[kind])
        assert problems == [] and table is not None and list(table.rows) == []


def test_a_folder_that_holds_anything_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    case = tmp_path / "case"
    case.mkdir()
    (case / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(CannotWrite) as caught:
        init_case(case)
    assert caught.value.exit_code == ExitCode.CANNOT_WRITE
    assert "exists and is not empty" in caught.value.message
    assert sorted(p.name for p in case.iterdir()) == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case"]  # no work folder left behind
    (tmp_path / "file").write_text("x", "utf-8")
    with pytest.raises(CannotWrite):
        init_case(tmp_path / "file")
    assert (tmp_path / "file").read_text("utf-8") == "x"


def test_an_empty_folder_is_filled_and_missing_parents_are_made(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    init_case(tmp_path / "empty")
    init_case(tmp_path / "a" / "b" / "new")
    assert (tmp_path / "empty" / "case.yaml").is_file() and (tmp_path / "a" / "b" / "new" / "case.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "empty"]


def test_a_folder_name_that_cannot_be_a_case_id_leaves_it_to_fill_in(tmp_path: Path) -> None:
    init_case(tmp_path / "新案件")
    assert to_do(tmp_path / "新案件")[0][0::2] == ("case_id", "to_fill")
    init_case(tmp_path / "2024")
    assert yaml.safe_load((tmp_path / "2024" / "case.yaml").read_text("utf-8"))["case_id"] == "2024"  # quoted


def test_from_a_sample_copies_it_with_the_new_folders_case_id(tmp_path: Path) -> None:
    case = tmp_path / "BJ-2025-0099"
    result = init_case(case, sample="consumer-loan")
    source = SAMPLES_DIR / "consumer-loan"
    assert result.sample == source and result.kind is None and result.case_id == "BJ-2025-0099"
    copied = sorted(p.relative_to(case).as_posix() for p in case.rglob("*") if p.is_file())
    assert copied == sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
    assert (case / "repayments.csv").read_bytes() == (source / "repayments.csv").read_bytes()
    text = (case / "case.yaml").read_text("utf-8")
    assert "make_samples.py" not in text and "case_id: BJ-2025-0099\n" in text
    assert text.replace("case_id: BJ-2025-0099", "case_id: SLBJ-GX-2023-0417") in \
        (source / "case.yaml").read_text("utf-8")
    _, report = check_case(case)
    assert report.ok() and report.case_id == "BJ-2025-0099"


def test_from_a_path_keeps_links_inside_and_skips_links_out(tmp_path: Path) -> None:
    source = tmp_path / "mine"
    init_case(source)
    (tmp_path / "secret.txt").write_text("not part of the case", "utf-8")
    os.symlink(tmp_path / "secret.txt", source / "exhibits" / "link-out.txt")
    os.symlink(source / "contacts.csv", source / "exhibits" / "link-in.csv")
    result = init_case(tmp_path / "copy", sample=source)
    assert result.skipped == ("exhibits/link-out.txt",)
    assert not (tmp_path / "copy" / "exhibits" / "link-out.txt").exists()
    assert not (tmp_path / "copy" / "exhibits" / "link-in.csv").is_symlink()
    assert yaml.safe_load((tmp_path / "copy" / "case.yaml").read_text("utf-8"))["case_id"] == "copy"


def test_from_something_that_is_no_case_and_kind_with_from_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CaseNotFound) as caught:
        init_case(tmp_path / "x", sample="no-such-sample")
    assert "consumer-loan" in caught.value.hint
    with pytest.raises(UsageError):
        init_case(tmp_path / "x", kind="loan", sample="consumer-loan")
    assert not (tmp_path / "x").exists()


# --- to_fill in any case folder ---------------------------------------------------------------------


def test_an_emptied_value_is_to_fill_and_not_a_checksum_error(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", "id_number: 11010519491231002X", "id_number:")
    assert to_do(worked_case) == [("debtors.0.id_number", line_of(worked_case / "case.yaml", "id_number:"), "to_fill")]


def test_an_empty_key_that_the_schema_does_not_know_is_a_typo_not_a_to_do(worked_case: Path) -> None:
    replace_in(worked_case / "case.yaml", "  compound: true\n", "  compound: true\n  penalty_markop:\n")
    _, report = check_case(worked_case)
    [problem] = report.problems
    assert (problem.code, problem.hint) == ("schema", "did you mean 'penalty_markup'?")


def test_an_empty_kind_is_one_to_do_not_the_other_kinds_errors(tmp_path: Path) -> None:
    case = tmp_path / "case"
    init_case(case, kind="credit_card")
    replace_in(case / "case.yaml", "    kind: person\n", "    kind:\n")
    replace_in(case / "case.yaml", "    kind: credit_card\n", "    kind:\n")
    keys = [key for key, _, code in to_do(case)]
    assert {code for _, _, code in to_do(case)} == {"to_fill"}
    assert "debtors.0.kind" in keys and "debts.0.kind" in keys
