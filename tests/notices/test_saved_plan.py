"""plan --save writes the plan into the case; check then follows the payments made under it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from evidence_kit.cli import cli
from tests.conftest import SAMPLES, replace_in


def check_codes(case: Path) -> list[str]:
    result = CliRunner().invoke(cli, ["check", str(case), "--json"])
    data = json.loads(result.stdout)
    return [p["code"] for p in data["errors"] + data["warnings"]]


def test_payments_are_followed_against_the_saved_plan(worked_case: Path) -> None:
    result = CliRunner().invoke(cli, ["plan", str(worked_case), "--months", "4", "--waive", "penalty,compound",
                                      "--signed-on", "2024-12-31", "--down-payment", "1084.59", "--save", "--json"])
    assert result.exit_code == 0, result.output
    saved = json.loads((worked_case / "plan.json").read_text("utf-8"))
    amounts = [i["amount"] for i in saved["installments"]]
    assert amounts == ["1084.59", "25000.00", "25000.00", "25000.00", "25000.00"]
    assert "plan_installment_missed" in check_codes(worked_case)  # the down payment is due on signing, unpaid

    replace_in(worked_case / "case.yaml", "as_of: 2024-12-31", "as_of: 2025-03-05")
    with (worked_case / "repayments.csv").open("a", encoding="utf-8") as ledger:
        ledger.write("2024-12-31,1084.59,TXN0100,首付款\n2025-01-30,25000.00,TXN0101,分期第1期\n")
    result = CliRunner().invoke(cli, ["check", str(worked_case), "--json"])
    warnings = json.loads(result.stdout)["warnings"]
    missed = [w for w in warnings if w["code"] == "plan_installment_missed"]
    assert len(missed) == 1 and missed[0]["file"] == "plan.json"
    assert "installment 2" in missed[0]["message"] and "2025-02-28" in missed[0]["message"]
    assert "51,084.59 was due" in missed[0]["message"] and "26,084.59 was paid" in missed[0]["message"]

    with (worked_case / "repayments.csv").open("a", encoding="utf-8") as ledger:
        ledger.write("2025-02-27,25000.00,TXN0102,分期第2期\n")
    assert "plan_installment_missed" not in check_codes(worked_case)


def test_a_broken_plan_file_is_an_error(worked_case: Path) -> None:
    (worked_case / "plan.json").write_text("{\"installments\": []}", "utf-8")
    assert "plan_file_invalid" in check_codes(worked_case)


def test_a_plan_over_chosen_debts_counts_their_payments_only(tmp_path: Path) -> None:
    """plan --debt D3 --save: a payment on another drawdown does not keep the plan over D3."""
    case = tmp_path / "facility"
    shutil.copytree(SAMPLES / "facility-drawdowns", case)
    result = CliRunner().invoke(cli, ["plan", str(case), "--months", "10", "--debt", "D3", "--signed-on",
                                      "2025-06-30", "--save", "--json"])
    assert result.exit_code == 0, result.output
    saved = json.loads((case / "plan.json").read_text("utf-8"))
    assert saved["debts"] == ["D3"]
    first = saved["installments"][0]
    assert first["due_date"] == "2025-07-30"
    replace_in(case / "case.yaml", "as_of: '2025-06-30'", "as_of: '2025-08-05'")
    with (case / "repayments.csv").open("a", encoding="utf-8") as ledger:
        ledger.write(f"2025-07-29,{first['amount']},D1,FX2025072901,还款\n")
    assert "plan_installment_missed" in check_codes(case)  # paid on D1, not on the plan's D3
    replace_in(case / "repayments.csv", f"{first['amount']},D1,", f"{first['amount']},D3,")
    assert "plan_installment_missed" not in check_codes(case)
