"""route: each way forward, open or closed with its rule, fees from claim/fees.py, the deadlines."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal

from click.testing import CliRunner

from evidence_kit.case.load import load_case
from evidence_kit.claim.engine import compute_claim
from evidence_kit.claim.fees import court_fees
from evidence_kit.cli import cli
from evidence_kit.notices.route import routes_of
from tests.conftest import SAMPLES


def routes(sample: str) -> dict[str, dict]:
    result = CliRunner().invoke(cli, ["route", str(SAMPLES / sample), "--json"])
    assert result.exit_code == 0, result.output
    return {r["route"]: r for r in json.loads(result.stdout)}


def test_consumer_loan_routes() -> None:
    found = routes("consumer-loan")
    assert list(found) == ["plan", "payment_order", "suit_simple", "suit_ordinary", "preservation_pre",
                           "preservation_litigation", "enforcement"]
    fees = court_fees(Decimal("121877.30"))
    assert found["payment_order"]["open"] and found["payment_order"]["fees"] == {"payment_order": str(fees.payment_order)}
    assert found["suit_simple"]["fees"] == {"acceptance_simple": str(fees.acceptance_simple)}
    assert found["suit_ordinary"]["fees"] == {"acceptance": str(fees.acceptance)}
    limitation = found["suit_ordinary"]["deadlines"][0]
    assert limitation["date"] == "2028-03-20" and "188" in limitation["rule"]
    pre = found["preservation_pre"]
    assert not pre["open"]
    assert any("427(七)" in r["rule"] for r in pre["reasons"] if r["blocking"])  # the case asks for a payment order
    assert any(d["relative"] == "30 days from the measures" and d["rule"] == "MPL art. 104" for d in pre["deadlines"])
    assert found["preservation_litigation"]["open"]
    assert not found["enforcement"]["open"] and "247" in found["enforcement"]["reasons"][0]["rule"]


def test_business_loan_preservation_needs_assets() -> None:
    found = routes("business-loan")
    reasons = [r for r in found["preservation_litigation"]["reasons"] if r["blocking"]]
    assert [r["rule"] for r in reasons] == ["财产保全规定 art. 1(四)"]
    assert found["preservation_litigation"]["fees"]["preservation"] == "5000.00"  # the cap


def test_a_judgment_closes_the_suit_and_opens_enforcement() -> None:
    found = routes("enforcement")
    for name in ("payment_order", "suit_simple", "suit_ordinary", "preservation_pre"):
        assert not found[name]["open"]
        assert found[name]["reasons"][0]["rule"] == "民诉法解释 art. 247"
    enforcement = found["enforcement"]
    assert enforcement["open"] and enforcement["deadlines"][0]["date"] == "2027-05-18"
    assert enforcement["fees"]["late_interest"] == "2795.86"


def test_expired_limitation_closes_the_court_routes() -> None:
    case = load_case(SAMPLES / "consumer-loan")
    late = replace(case, as_of=date(2028, 6, 1))
    found = {r.route: r for r in routes_of(late)}
    for name in ("suit_simple", "suit_ordinary"):
        assert not found[name].open
        assert any("188" in reason.rule for reason in found[name].reasons)
    assert compute_claim(late).total > 0


def test_table_on_a_terminal() -> None:
    result = CliRunner().invoke(cli, ["route", str(SAMPLES / "consumer-loan")])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["route", "open"] and any(line.startswith("支付令") for line in lines)
