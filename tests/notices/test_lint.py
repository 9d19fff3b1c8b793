"""The compliance lint: every rule provoked, case data not judged, third parties refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence_kit.check.lint import RULES, lint_text, lint_texts
from evidence_kit.cli import cli
from evidence_kit.notices.lint import NoticeRefused, addressee_problems, refuse_findings
from tests.conftest import SAMPLES

PROVOKING = {
    "lint_threat": "若再不还款，后果自负。",
    "lint_abuse": "你这个老赖，赶紧还钱。",
    "lint_impersonation": "本院已受理，请持传票到庭。",
    "lint_exaggeration": "逾期不还将被拘留并追究刑事责任。",
    "lint_disclosure": "我们将联系您通讯录中的全部联系人。",
    "lint_collection_fee": "本次上门产生的上门费由您承担。",
    "lint_new_borrowing": "建议您通过网贷还款或信用卡套现还款。",
}


def test_every_rule_has_a_provoking_text() -> None:
    assert set(PROVOKING) == {rule.code for rule in RULES}


@pytest.mark.parametrize("code", sorted(PROVOKING))
def test_each_rule_refuses_with_phrase_and_rule(code: str) -> None:
    findings = lint_text(PROVOKING[code], "sms")
    assert findings and {f.rule.code for f in findings} == {code}
    with pytest.raises(NoticeRefused) as caught:
        refuse_findings(findings)
    problem = caught.value.problems[0]
    assert problem.code == code
    assert repr(findings[0].phrase) in problem.message and findings[0].rule.name in problem.message
    assert "信用卡" in problem.hint or "指引" in problem.hint


def test_every_phrase_of_every_rule_is_caught() -> None:
    for rule in RULES:
        for phrase in rule.phrases:
            assert any(f.rule.code == rule.code for f in lint_text(f"前文{phrase}后文", "x")), phrase


def test_plain_collection_wording_passes() -> None:
    text = ("尊敬的客户，您好！您有一笔贷款已逾期30天，请尽快还款。逾期记录将按规定报送征信系统；逾期仍未履行的，"
            "我行将依法向有管辖权的人民法院提起诉讼。如有困难，请及时告知。")
    assert lint_text(text, "sms") == []


def test_case_data_is_not_judged_as_wording() -> None:
    address = "北京市东城区法院路派出所宿舍3号"
    text = f"上门地址：{address}"
    assert lint_text(text, "visit_pack")  # the raw text trips the impersonation list …
    assert lint_texts([("visit_pack", text)], data=[address]) == []  # … but it is the debtor's address


@pytest.mark.parametrize("party", ["emergency_contact", "third_party"])
def test_a_notice_to_a_third_party_is_refused(party: str) -> None:
    problems = addressee_problems(party, "demand")
    assert [p.code for p in problems] == ["notice_third_party"]
    assert addressee_problems(party, "locate") == []
    assert [p.code for p in addressee_problems("debtor", "locate")] == ["notice_locate_debtor"]
    assert addressee_problems("guarantor", "demand") == []


def test_cli_refuses_a_third_party_notice(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["notice", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path), "--kind",
                                      "demand", "--channel", "sms", "--party", "emergency_contact", "--json"])
    assert result.exit_code == 12
    assert '"notice_third_party"' in result.stdout
    assert not any(tmp_path.iterdir())


def test_a_refusal_is_said_once_on_stderr(tmp_path: Path) -> None:
    """The refusal is printed as its coded problem; no "error:" line repeats it."""
    result = CliRunner().invoke(cli, ["notice", str(SAMPLES / "consumer-loan"), "-o", str(tmp_path), "--kind",
                                      "demand", "--channel", "sms", "--party", "third_party"])
    assert result.exit_code == 12
    lines = [line for line in result.stderr.splitlines() if "third_party" in line]
    assert len(lines) == 1 and "[notice_third_party]" in lines[0], result.stderr


@pytest.mark.slow
def test_a_banks_template_with_a_threat_is_refused(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    shutil.copy(Path(__file__).parents[2] / "evidence_kit" / "templates" / "notice_document.html",
                templates / "notice_demand.html")
    with (templates / "notice_demand.html").open("a", encoding="utf-8") as handle:
        handle.write("<p>逾期不还，后果自负。</p>\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["notice", str(SAMPLES / "consumer-loan"), "-o", str(out), "--kind", "demand",
                                      "--templates", str(templates), "--json"])
    assert result.exit_code == 12, result.output
    assert "后果自负" in result.stdout and "lint_threat" in result.stdout
    assert "notice_demand.pdf" in result.stdout  # found in the rendered PDF read back
    assert not out.exists() or not any(out.rglob("*.pdf"))
