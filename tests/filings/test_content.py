"""Filing content built from sources: several debts, the pre-litigation variant, wording details (no rendering)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from evidence_kit.case.load import load_case
from evidence_kit.case.model import Asset, PreservationRequest
from evidence_kit.case.redact import redactor_for
from evidence_kit.filings.content import Application, CitedExhibit, PreparedFiling
from evidence_kit.filings.make import prepare_filings, redacted_filing, sources_of
from evidence_kit.filings.preservation import suit_deadline
from tests.conftest import SAMPLES

SIGNED_ON = date(2025, 4, 2)


def exhibits_of(case) -> list[CitedExhibit]:  # type: ignore[no-untyped-def]
    return [CitedExhibit(e.no, e.title, e.source, e.proves, e.file, 2 * e.no + 1, 2 * e.no + 2, e.original)
            for e in case.exhibits]


def two_debts_sources():  # type: ignore[no-untyped-def]
    """The consumer-loan case with a second, otherwise identical loan under another contract number."""
    case = load_case(SAMPLES / "consumer-loan")
    sources = sources_of(case, exhibits_of(case), SIGNED_ON)
    second = dataclasses.replace(sources.debts[0], id="loan-2", contract_no="示银京（2024）个消贷字第0999号")
    return dataclasses.replace(sources, debts=(*sources.debts, second))


def application(filing: PreparedFiling) -> Application:
    assert isinstance(filing.content, Application)
    return filing.content


def test_every_debt_is_claimed_and_the_total_added() -> None:
    sources = two_debts_sources()
    [order] = prepare_filings(sources, ["payment_order"])
    requests = "".join(application(order).requests)
    assert "第0417号）项下截至2025年3月31日的欠款¥121,877.30" in requests
    assert "第0999号）项下截至2025年3月31日的欠款¥121,877.30" in requests
    assert "以上合计¥243,754.60（大写：人民币贰拾肆万叁仟柒佰伍拾肆元陆角）" in requests
    facts = "".join(application(order).facts)
    assert facts.count("签订《个人借款合同》") == 2
    assert {e.field for e in order.expected} >= {"debts[0].total", "debts[1].total", "total.capital"}


def test_claim_sheet_has_a_table_per_debt() -> None:
    [sheet] = prepare_filings(two_debts_sources(), ["claim_sheet"])
    content = sheet.content
    assert len(content.debts) == 2  # type: ignore[attr-defined]
    assert content.totals[0].amount == "¥243,754.60"  # type: ignore[attr-defined]


def test_pre_litigation_preservation_promises_suit_within_30_days() -> None:
    case = load_case(SAMPLES / "consumer-loan")
    pre = dataclasses.replace(case.filings.preservation, stage="pre_litigation")
    case = dataclasses.replace(case, filings=dataclasses.replace(case.filings, preservation=pre, payment_order=False))
    [filing] = prepare_filings(sources_of(case, exhibits_of(case), SIGNED_ON), ["preservation"])
    content = application(filing)
    assert content.title == "诉前财产保全申请书"
    assert suit_deadline(SIGNED_ON) == date(2025, 5, 2)
    assert any("30日内依法提起诉讼" in f and "2025年5月2日" in f for f in content.facts)
    assert any("第一百零四条" in f for f in content.facts)


def test_payment_order_names_borrowers_only_and_cites_exhibit_pages() -> None:
    case = load_case(SAMPLES / "consumer-loan")
    [order] = prepare_filings(sources_of(case, exhibits_of(case), SIGNED_ON), ["payment_order"])
    content = application(order)
    assert [p.label for p in content.parties] == ["申请人", "委托诉讼代理人", "被申请人"]
    assert "（证据1，第3–4页）" in content.facts[0]
    assert content.signed_on == "2025年4月2日"


def complaint_rows(case) -> dict[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    [filing] = prepare_filings(sources_of(case, exhibits_of(case), SIGNED_ON), ["complaint"])
    return {row.label: row.lines for section in filing.content.sections for row in section.rows}  # type: ignore[attr-defined]


def test_complaint_fills_the_loan_elements() -> None:
    rows = complaint_rows(load_case(SAMPLES / "business-loan"))
    assert rows["1. 本金"][0].endswith("尚欠本金¥1,500,000.00（大写：人民币壹佰伍拾万元整）")
    assert rows["7. 还款方式"][0].startswith("等额本息□  等额本金□  到期一次性还本付息□  按月计息、到期一次性还本■")
    assert rows["15. 保证方式"] == ("一般保证□  连带责任保证■",)
    assert rows["10. 是否签订物的担保（抵押、质押）合同"] == ("是□  签订时间：  否□",)  # unknown: left as printed


def test_complaint_for_a_credit_card_cause_uses_the_card_elements() -> None:
    case = dataclasses.replace(load_case(SAMPLES / "consumer-loan"), cause="信用卡纠纷")
    rows = complaint_rows(case)
    assert "1. 透支本金" in rows and "1. 本金" not in rows
    assert rows["4. 被告逾期部分已还金额"] == ("¥3,000.00",)
    assert rows["6. 是否向被告进行通知和催收"][0].startswith("是■  具体情况：自2023年12月21日")
    assert "14. 请求承担责任的依据" in rows and "16. 证据清单" in rows


def enforcement_case(**changes):  # type: ignore[no-untyped-def]
    """The enforcement sample, its ``filings`` changed by ``changes`` (``enforcement=``, ``preservation=``)."""
    case = load_case(SAMPLES / "enforcement")
    return dataclasses.replace(case, filings=dataclasses.replace(case.filings, **changes))


def enforcement_facts(case) -> tuple[str, PreparedFiling]:  # type: ignore[no-untyped-def]
    [filing] = prepare_filings(sources_of(case, exhibits_of(case), SIGNED_ON), ["enforcement"])
    return "".join(application(filing).facts), filing


def test_enforcement_states_the_property_clues_of_case_yaml_and_reads_them_back() -> None:
    case = load_case(SAMPLES / "enforcement")
    assert [(c.kind, c.value) for c in case.filings.enforcement.property_clues] == [  # type: ignore[union-attr]
        ("银行存款", None), ("机动车", Decimal("48000.00"))]
    facts, filing = enforcement_facts(case)
    assert ("被执行人的财产线索：银行存款：被执行人赵德胜在示例银行股份有限公司北京西城支行开立的账户（账号6217001102001123406）"
            "内的存款；机动车：被执行人孙桂芳名下号牌为京N·7K3M2的小型轿车，价值约¥48,000.00。") in facts
    expected = {e.field: (e.anchor, e.value) for e in filing.expected}
    assert expected["enforcement.property_clues[1]"] == ("机动车：", "被执行人孙桂芳名下号牌为京N·7K3M2的小型轿车")
    assert expected["enforcement.property_clues[1].value"] == ("被执行人孙桂芳名下号牌为京N·7K3M2的小型轿车，价值约",
                                                                "¥48,000.00")
    assert "enforcement.property_clues[0].value" not in expected  # no value given, none printed


def test_without_property_clues_the_preservation_assets_are_the_clues() -> None:
    sample = load_case(SAMPLES / "enforcement")
    request = dataclasses.replace(sample.filings.enforcement, property_clues=())
    asset = Asset("不动产", "被执行人赵德胜名下北京市西城区示例胡同12号房屋", Decimal("900000.00"))
    preservation = PreservationRequest("litigation", Decimal("50000.00"), sample.loc, assets=(asset,))
    facts, filing = enforcement_facts(enforcement_case(enforcement=request, preservation=preservation))
    # the preservation value is the amount to freeze, not the clue's worth: it is not printed here
    assert "被执行人的财产线索：不动产：被执行人赵德胜名下北京市西城区示例胡同12号房屋。" in facts
    assert {e.field: e.value for e in filing.expected}["preservation.assets[0]"] == asset.description
    facts, filing = enforcement_facts(enforcement_case(enforcement=request))
    assert "申请执行人目前掌握的被执行人财产线索有限" in facts
    assert not [e for e in filing.expected if "assets" in e.field or "clues" in e.field]


def test_the_collector_profile_masks_an_account_in_a_property_clue() -> None:
    case = load_case(SAMPLES / "enforcement")
    _, filing = enforcement_facts(case)
    masked = redacted_filing(filing, redactor_for(case, "collector"))
    assert "账户（账号6217***********3406）内的存款" in "".join(application(masked).facts)
    clue = {e.field: e.value for e in masked.expected}["enforcement.property_clues[0]"]
    assert "6217***********3406" in clue and "6217001102001123406" not in clue
