"""Messages in two languages: every text has its Chinese, every message renders, codes never change."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from evidence_kit import i18n
from evidence_kit.errors import CaseInvalid, EvidenceKitError
from evidence_kit.problems import Location, error, warning
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
import messages

PACKAGE = REPO / "evidence_kit"
CJK = re.compile(r"[\u3400-\u9fff]")
LETTERS = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(scope="module")
def catalog() -> messages.Catalog:
    return messages.read_catalog(i18n.catalog_path("zh", ".po"))


@pytest.fixture(scope="module")
def wanted() -> dict[str | tuple[str, str], list[str]]:
    return messages.all_messages()


def test_every_text_has_its_chinese(catalog: messages.Catalog, wanted: dict) -> None:
    """A message, hint or help text written without its Chinese fails here (``make messages`` lists them)."""
    missing = messages.untranslated(catalog, wanted)
    assert not missing, "texts without Chinese (run `make messages`, translate, commit):\n" + "\n".join(missing)


def _ids(entry_id: str | tuple[str, str]) -> list[str]:
    return list(entry_id) if isinstance(entry_id, tuple) else [entry_id]


def test_translations_keep_their_fields(catalog: messages.Catalog) -> None:
    """The Chinese text uses the same ``{fields}`` as the English one: nothing is lost or invented."""
    wrong = []
    for entry in catalog:
        if not entry.id or not entry.string:
            continue
        english = set().union(*(messages.fields(text) for text in _ids(entry.id)))
        # Chinese has one form for every count: it holds the plural's fields and may drop one that only the
        # singular uses ("Did you mean {possibility}?" / "… one of: {possibilities}?" get both values)
        needed = messages.fields(_ids(entry.id)[-1])
        strings = entry.string if isinstance(entry.string, (tuple, list)) else [entry.string]
        for text in strings:
            if not needed <= messages.fields(text) <= english:
                wrong.append(f"{entry.id!r}: {sorted(english)} ≠ {sorted(messages.fields(text))} in {text!r}")
    assert not wrong, "\n".join(wrong)


SAMPLE_VALUES: dict[str, object] = {
    "file": "exhibits/ex2.pdf", "number": 2, "row": 14, "column": "amount", "count": 3,
    "code": "claim_mismatch", "amount": "1,234.56", "date": "2026-03-15", "path": "cases/ZX-2026-001",
}


def _render(text: str) -> str:
    values = {name: SAMPLE_VALUES.get(name, f"<{name}>") for name in messages.fields(text)}
    return text.format(**values) if values else text


def test_every_message_renders_with_sample_values_in_both_languages(catalog: messages.Catalog) -> None:
    """Each catalog message formats in English and in Chinese; the Chinese one is Chinese."""
    rendered = 0
    for entry in catalog:
        if not entry.id or not entry.string or entry.fuzzy:
            continue
        strings = entry.string if isinstance(entry.string, (tuple, list)) else [entry.string]
        for english, chinese in zip(_ids(entry.id) * len(strings), strings, strict=False):
            # a text with {fields} must format in both languages with every field filled in
            _render(english)
            out = _render(chinese)
            if LETTERS.search(re.sub(r"\{[^{}]*\}", "", english)) and not english.startswith("%"):
                assert CJK.search(out) or _is_code_like(english), f"{english!r} → {out!r} is not Chinese"
            rendered += 1
    assert rendered > 100


def _is_code_like(text: str) -> bool:
    """Texts that are names, not words (``--json``, ``PATH``): they stay as written."""
    return bool(re.fullmatch(r"[-A-Za-z_.:/ ]+", text)) and (text.isupper() or text.startswith("-"))


def test_a_problem_speaks_the_chosen_language_and_keeps_its_code() -> None:
    with i18n.language("zh"):
        problem = error("bad_value", i18n._("cannot read: {why}", why="x"), Location("repayments.csv", 3, "amount"))
        text = str(problem)
        caught = EvidenceKitError(i18n._("cannot read: {why}", why="y"), file="case.yaml", row=2)
        assert problem.code == "bad_value"
        assert "第 3 行" in text and "错误" in text
        assert CJK.search(str(caught))
    with i18n.language("en"):
        assert str(warning("x_y", "m", Location("a.csv", 3))).startswith("a.csv, line 3: warning [x_y]")


def test_language_from_the_environment() -> None:
    env = i18n.language_from_environment
    assert env({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert env({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}) == "zh"
    assert env({"LANGUAGE": "en_GB:en", "LANG": "zh_CN.UTF-8"}) == "en"
    assert env({"LANG": "C.UTF-8"}) == "en"
    assert env({}) == "en"
    assert env({"EVIDENCE_KIT_LANG": "zh", "LANG": "en_US.UTF-8"}) == "zh"


def _cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    import os

    environment = {**os.environ, **(env or {})}
    environment.pop("EVIDENCE_KIT_LANG", None)
    environment.setdefault("LANG", "C.UTF-8")
    return subprocess.run([sys.executable, "-m", "evidence_kit", *args], capture_output=True, text=True,
                          env=environment, cwd=cwd, check=False)


def test_help_in_chinese_with_lang_and_from_the_environment() -> None:
    by_option = _cli("--lang", "zh", "check", "--help")
    by_locale = _cli("check", "--help", env={"LANG": "zh_CN.UTF-8"})
    english = _cli("check", "--help", env={"LANG": "en_US.UTF-8"})
    for result in (by_option, by_locale):
        assert result.returncode == 0, result.stderr
        assert "用法" in result.stdout and "选项" in result.stdout, result.stdout
        assert "--strict" in result.stdout  # option names never change
    assert "Usage:" in english.stdout and not CJK.search(english.stdout.replace("罚息", ""))


def test_a_usage_error_is_chinese_with_lang_zh_and_exits_2() -> None:
    """click's own messages (missing argument, unknown option) and the tool's checks of a value."""
    missing, unknown, negative = (_cli("--lang", "zh", "check"), _cli("--lang", "zh", "check", "--stric", "x"),
                                  _cli("--lang", "zh", "fees", "--", "-5"))
    assert missing.returncode == unknown.returncode == negative.returncode == 2
    assert "用法: evidence-kit check [OPTIONS] CASE_DIR" in missing.stderr
    assert "错误：缺少参数 'CASE_DIR'" in missing.stderr
    assert "运行 'evidence-kit check --help' 查看帮助。" in missing.stderr
    assert "没有选项 '--stric'。" in unknown.stderr and "'--strict'" in unknown.stderr
    assert "错误：'AMOUNT' 的值无效：金额不能为负数" in negative.stderr
    english = _cli("check", env={"LANG": "en_US.UTF-8"})
    assert english.returncode == 2 and "Error: Missing argument 'CASE_DIR'." in english.stderr


def test_lang_is_honoured_before_or_after_the_command_name_and_the_last_one_wins() -> None:
    after = _cli("check", "--help", "--lang", "zh")
    in_a_group = _cli("db", "list", "--lang=zh", "--help")
    overruled = _cli("--lang", "zh", "check", "--lang", "en", "--help", env={"LANG": "zh_CN.UTF-8"})
    assert after.returncode == in_a_group.returncode == overruled.returncode == 0
    assert "读取并校验 CASE_DIR" in after.stdout
    assert "只列出处于该状态的案件" in in_a_group.stdout
    assert "Load and validate CASE_DIR" in overruled.stdout and not CJK.search(overruled.stdout)
    english, chinese = _cli("--help", env={"LANG": "en_US.UTF-8"}).stdout, _cli("--lang", "zh", "--help").stdout
    assert "before or after the command name" in " ".join(english.split())
    assert "可写在命令名之前或之后" in "".join(chinese.split())
    after_the_end = _cli("check", "--", "--lang", "zh")  # after --, a case folder named --lang
    assert after_the_end.returncode == 2 and "Got unexpected extra argument (zh)" in after_the_end.stderr


def _command_paths() -> list[list[str]]:
    import click

    from evidence_kit.cli import cli

    def walk(command: click.Command, path: list[str]) -> list[list[str]]:
        subs = command.commands.items() if isinstance(command, click.Group) else []
        return [path, *(p for name, sub in subs for p in walk(sub, [*path, name]))]

    return walk(cli, [])


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "evidence-kit")
def test_chinese_help_is_wrapped_to_the_terminal(path: list[str]) -> None:
    """click wraps at spaces and counts characters; Chinese lines break anywhere and take two columns each."""
    from evidence_kit.claim.engine import display_width

    result = _cli("--lang", "zh", *path, "--help", env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("用法: evidence-kit") and CJK.search(lines[2]), result.stdout
    too_wide = [line for line in lines if display_width(line) > 78]
    assert not too_wide, "\n".join(too_wide)
    assert not [line for line in lines if line.lstrip().startswith(("，", "。", "；", "：", "）", "、"))]


def test_the_check_summary_speaks_the_chosen_language() -> None:
    sample = str(REPO / "samples" / "consumer-loan")
    chinese, english = _cli("--lang", "zh", "check", sample), _cli("check", sample, "--lang", "en")
    assert chinese.returncode == english.returncode == 0
    assert re.search(r"consumer-loan：通过 — 0 个错误，\d+ 个警告$", chinese.stderr.strip()), chinese.stderr
    assert re.search(r"consumer-loan: OK — 0 error\(s\), \d+ warning\(s\)$", english.stderr.strip()), english.stderr


def test_json_codes_and_keys_do_not_change_with_the_language(tmp_path: Path) -> None:
    case = tmp_path / "case"
    case.mkdir()
    (case / "case.yaml").write_text("case_id: X\nschema_version: 1\n", "utf-8")
    zh = _cli("--lang", "zh", "check", str(case), "--json")
    en = _cli("--lang", "en", "check", str(case), "--json")
    assert zh.returncode == en.returncode == 4
    zh_json, en_json = json.loads(zh.stdout), json.loads(en.stdout)
    assert [p["code"] for p in zh_json["errors"]] == [p["code"] for p in en_json["errors"]]
    assert zh_json.keys() == en_json.keys()
    assert any(CJK.search(p["message"]) for p in zh_json["errors"])
    assert not any(CJK.search(p["message"]) for p in en_json["errors"])


# --- every message goes through the catalog --------------------------------------------------------

EXCEPTIONS = {name for name, value in vars(sys.modules["evidence_kit.errors"]).items()
              if isinstance(value, type) and issubclass(value, EvidenceKitError)} | {CaseInvalid.__name__}
MESSAGE_ARGUMENTS: dict[str, tuple[int, ...]] = {
    "error": (1, 3), "warning": (1, 3), "Problem": (1, 4), "_say": (0,), "BadParameter": (0,),
    **{name: (0,) for name in EXCEPTIONS},
}
"""Calls whose message (and hint) must come from ``_()``: the argument positions that hold them."""


def _literal_words(node: ast.AST) -> bool:
    """True when the node is an English text written in place (a literal, an f-string, or one in a sum)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(LETTERS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_literal_words(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _literal_words(node.left) or _literal_words(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_words(node.body) or _literal_words(node.orelse)
    return False


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _untranslated_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        positions = MESSAGE_ARGUMENTS.get(_callee(node))
        if positions is None:
            continue
        args = [node.args[i] for i in positions if i < len(node.args)]
        args += [kw.value for kw in node.keywords if kw.arg in {"message", "hint"}]
        if any(_literal_words(arg) for arg in args):
            found.append(f"{path.relative_to(REPO)}:{node.lineno}: {_callee(node)}(…) with English written in place")
    return found


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_messages_come_from_the_catalog(path: Path) -> None:
    found = _untranslated_calls(path)
    assert not found, "wrap the text in _() from evidence_kit.i18n:\n" + "\n".join(found)


MARKERS = {"_": (0,), "N_": (0,), "n_": (0, 1), "pN_": (0, 1)}
"""The catalog's markers and the positions of their literal texts."""


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_marked_text_is_a_literal(path: Path) -> None:
    """``_(f"…")`` or ``_(variable)`` cannot be extracted into the catalog: it would stay English."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS:
            for index in MARKERS[node.func.id]:
                arg = node.args[index] if index < len(node.args) else None
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.func.id}() of a non-literal")
    assert not found, "\n".join(found)
