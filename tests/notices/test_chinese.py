"""Send-time refusals, lint findings and routes in Chinese: same codes, same places, same times."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from evidence_kit import i18n
from evidence_kit.case.load import load_case
from evidence_kit.check.lint import lint_texts
from evidence_kit.notices.lint import NoticeRefused, refuse_findings
from evidence_kit.notices.make import NoticeRequest, make_notice
from evidence_kit.notices.many import BatchRequest, make_notices, status_name
from evidence_kit.notices.route import routes_of, routes_table_text
from evidence_kit.notices.sendtime import SendRefused
from tests.conftest import SAMPLES

CJK = re.compile(r"[\u3400-\u9fff]")


def _refused(out: Path, lang: str) -> SendRefused:
    request = NoticeRequest("reminder", "sms", send_at=datetime(2025, 4, 1, 22, 15))
    with i18n.language(lang), pytest.raises(SendRefused) as caught:
        make_notice(SAMPLES / "consumer-loan", out, request)
    return caught.value


def test_a_send_at_in_quiet_hours_is_refused_in_chinese_with_the_next_allowed_time(tmp_path: Path) -> None:
    english, chinese = _refused(tmp_path / "en", "en"), _refused(tmp_path / "zh", "zh")
    assert [p.code for p in chinese.problems] == [p.code for p in english.problems] == ["send_quiet_hours"]
    assert chinese.problems[0].loc == english.problems[0].loc and chinese.file == english.file == "--send-at"
    assert chinese.exit_code == english.exit_code == 12
    assert english.message.endswith("the next allowed time is 2025-04-02 08:00")
    assert chinese.message == ("不能在 2025-04-01 22:15 发送：2025-04-01 22:15 在 22:00–08:00 之间，未经债务人同意不得在此时段"
                               "催收；下一个允许的时间是 2025-04-02 08:00")
    assert CJK.search(chinese.hint) and "--send-at" in chinese.hint
    assert not any(tmp_path.rglob("*.txt"))


def test_a_threatening_phrase_is_refused_in_chinese_naming_the_rule_and_where() -> None:
    findings = lint_texts([("notice_reminder.html", "请于十日内还款，否则后果自负。")])
    with i18n.language("zh"), pytest.raises(NoticeRefused) as caught:
        refuse_findings(findings)
    problem = caught.value.problems[0]
    assert problem.code == "lint_threat" and problem.loc is not None and problem.loc.file == "notice_reminder.html"
    assert caught.value.file == "notice_reminder.html"
    assert problem.message == "notice_reminder.html：用语 '后果自负' 属于威胁、恐吓债务人，见“请于十日内还款，否则后果自负。”"
    assert caught.value.message == "有 1 处用语违反催收规范；第一处：'后果自负' 属于威胁、恐吓债务人"
    assert "《商业银行信用卡业务监督管理办法》第68条" in problem.hint


def test_routes_in_chinese_cite_the_rules_in_chinese_and_keep_their_keys() -> None:
    case = load_case(SAMPLES / "consumer-loan")
    english = [r.to_json() for r in routes_of(case)]
    with i18n.language("zh"):
        routes = routes_of(case)
        table = routes_table_text(routes).splitlines()
    chinese = [r.to_json() for r in routes]
    assert [(r["route"], r["open"], r["fees"]) for r in chinese] == [(r["route"], r["open"], r["fees"]) for r in english]
    pre = next(r for r in chinese if r["route"] == "preservation_pre")
    assert any(r["rule"] == "《民诉法解释》第427条第（七）项" for r in pre["reasons"] if r["blocking"])
    assert any(d["relative"] == "采取保全措施之日起 30 日内" for d in pre["deadlines"])
    assert table[0].split()[:3] == ["途径", "可行", "费用"]
    assert any(line.startswith("支付令") and "支付令申请费" in line for line in table)


def test_notices_for_many_cases_keep_each_refusal_in_chinese(tmp_path: Path) -> None:
    request = BatchRequest(NoticeRequest("reminder", "sms", send_at=datetime(2025, 4, 1, 22, 15)), "sms")
    with i18n.language("zh"):
        outcome = make_notices(SAMPLES / "consumer-loan", tmp_path, request).outcomes[0]
        shown = status_name(outcome.status)
    assert outcome.status == "refused" and shown == "已拒绝"
    assert outcome.problems[0]["code"] == "send_quiet_hours" and outcome.problems[0]["file"] == "--send-at"
    assert "下一个允许的时间是 2025-04-02 08:00" in outcome.messages[0]
