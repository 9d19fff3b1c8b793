"""The masks of the collector profile, and the redactor built from a case."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_kit.case.load import load_case
from evidence_kit.case.redact import (
    mask_account,
    mask_address,
    mask_email,
    mask_id_number,
    mask_patterns,
    mask_phone,
    redactor_for,
)
from tests.conftest import SAMPLES


def test_id_number() -> None:
    assert mask_id_number("440106199001010751") == "440106********0751"
    assert mask_id_number("11010519491231002X") == "110105********002X"


@pytest.mark.parametrize(("full", "masked"), [
    ("13800138000", "138****8000"), ("+86 13800138000", "+86 138****8000"), ("010-66001234", "010-****1234"),
])
def test_phone(full: str, masked: str) -> None:
    assert mask_phone(full) == masked


def test_account_email_address() -> None:
    assert mask_account("6222021234567891234") == "6222***********1234"
    assert mask_email("zhangsan@example.com") == "z***@example.com"
    assert mask_address("北京市朝阳区某某路1号院2号楼301室") == "北京市朝阳区****"
    assert mask_address("广东省广州市天河区体育西路1号") == "广东省广州市天河区****"
    assert mask_address("新疆维吾尔自治区乌鲁木齐市天山区解放路1号") == "新疆维吾尔自治区乌鲁木齐市天山区****"
    assert mask_address("江苏省昆山市玉山镇人民路8号") == "江苏省昆山市****"  # a county-level city


def test_patterns_in_free_text() -> None:
    text = "借款人身份证440106199001010751，手机13800138000，卡号6222021234567891234，邮箱a.b@c.cn"
    assert mask_patterns(text) == ("借款人身份证440106********0751，手机138****8000，卡号6222***********1234，"
                                   "邮箱a***@c.cn")
    sha = "a3f5c0e1" * 8
    assert mask_patterns(sha) == sha  # hashes keep their digits


def test_redactor_of_a_case_knows_its_identifiers() -> None:
    case = load_case(SAMPLES / "consumer-loan")
    collector = redactor_for(case, "collector")
    assert "11010519860514041X" in collector.identifiers
    assert "北京市朝阳区示例路18号院3号楼2单元501室" in collector.identifiers
    assert collector.text("住所：北京市朝阳区示例路18号院3号楼2单元501室") == "住所：北京市朝阳区****"
    assert collector.json({"a": ["13800134417", 3]}) == {"a": ["138****4417", 3]}
    court = redactor_for(case, "court")
    assert court.text("11010519860514041X") == "11010519860514041X"


def test_unknown_profile() -> None:
    with pytest.raises(ValueError, match="unknown profile"):
        redactor_for(None, "press")


def test_file_name_never_gains_a_separator(tmp_path: Path) -> None:
    """Masked digits are x in a name (no * for Windows), and no / appears; full-data profiles keep the name."""
    collector = redactor_for(None, "collector")
    assert collector.file_name("张三-13800138000.pdf") == "张三-138xxxx8000.pdf"
    assert collector.file_name("GX-11010519860514041X") == "GX-110105xxxxxxxx041X"
    assert collector.file_name("a/b-13800138000") == "a_b-138xxxx8000"
    assert redactor_for(None, "court").file_name("GX-11010519860514041X") == "GX-11010519860514041X"
    (tmp_path / collector.file_name("GX-11010519860514041X")).mkdir()
