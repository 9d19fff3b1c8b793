"""The problem-code registry: every code the tool reports is explained, in both languages, and nothing else.

docs/problems.md and docs/problems.zh-CN.md are its rendering (``make docs``), and ``evidence-kit explain``
prints the same entries.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from evidence_kit import problem_codes
from evidence_kit.problem_codes import (
    RegistryError,
    UnknownCode,
    all_codes,
    explain_text,
    load_sections,
    lookup,
    render_markdown,
)
from tests.conftest import REPO

PACKAGE = REPO / "evidence_kit"
DOCS = {"en": REPO / "docs" / "problems.md", "zh": REPO / "docs" / "problems.zh-CN.md"}
CJK = re.compile(r"[\u3400-\u9fff]")
CODE_LIKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


# --------------------------------------------------------------------------- the codes the source reports


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _constant(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE_LIKE.match(node.value):
        return node.value
    return None


def _builders(trees: list[ast.Module]) -> set[str]:
    """Names whose first argument is a problem code: functions and classes whose first parameter or field is ``code``.

    ``error``, ``warning``, ``Problem``, ``PdfRefused``, ``Finding``, the collection and lint rules, …
    """
    names = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                params = [a.arg for a in node.args.args if a.arg != "self"]
                if params[:1] == ["code"]:
                    names.add(node.name)
            if isinstance(node, ast.ClassDef):
                fields = [s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
                if fields[:1] == ["code"]:
                    names.add(node.name)
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        params = [a.arg for a in item.args.args if a.arg != "self"]
                        if params[:1] == ["code"]:
                            names.add(node.name)
    return names


def _aliases(tree: ast.Module, builders: set[str]) -> set[str]:
    """``make = error if required else warning``: ``make`` reports a code too."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.IfExp):
            branches = (node.value.body, node.value.orelse)
            if all(isinstance(b, ast.Name) and b.id in builders for b in branches):
                found |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return found


def _code_returning_functions(trees: list[ast.Module]) -> set[str]:
    """Functions whose result is unpacked as ``code, message, hint = f(…)``."""
    names = set()
    for tree in trees:
        for node in ast.walk(tree):
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                    and isinstance(node.targets[0], ast.Tuple) and node.targets[0].elts
                    and isinstance(node.targets[0].elts[0], ast.Name) and node.targets[0].elts[0].id == "code"):
                names.add(_callee(node.value))
    return names


def reported_codes() -> dict[str, str]:
    """Every problem code the source can report, with the first place it is reported (file:line)."""
    paths = [p for p in sorted(PACKAGE.rglob("*.py")) if "problem_codes" not in p.parts]
    trees = [ast.parse(p.read_text("utf-8")) for p in paths]
    builders = _builders(trees)
    returning = _code_returning_functions(trees)
    found: dict[str, str] = {}
    for path, tree in zip(paths, trees, strict=True):
        callers = builders | _aliases(tree, builders)
        where = path.relative_to(REPO)
        for node in ast.walk(tree):
            codes: list[str | None] = []
            if isinstance(node, ast.Call):
                if _callee(node) in callers and node.args:
                    codes.append(_constant(node.args[0]))
                codes += [_constant(kw.value) for kw in node.keywords if kw.arg == "code"]
            if isinstance(node, ast.FunctionDef) and node.name in returning:
                codes += [_constant(r.value.elts[0]) for r in ast.walk(node)
                          if isinstance(r, ast.Return) and isinstance(r.value, ast.Tuple) and r.value.elts]
            for code in codes:
                if code is not None:
                    found.setdefault(code, f"{where}:{node.lineno}")
    return found


def test_the_source_scan_finds_codes_reported_every_way() -> None:
    """The scan itself: codes given to error()/warning(), rule tables, code=, aliases and returned tuples."""
    found = reported_codes()
    for code in ("claim_mismatch", "id_legacy", "exhibit_no_pages", "exhibit_repaired", "contact_quiet_hours",
                 "lint_threat", "table_too_large", "export_table_missing", "exhibit_wrong_password", "page_count"):
        assert code in found, code
    assert len(found) > 150
    assert "error" not in found and "warning" not in found


def test_every_reported_code_is_explained() -> None:
    """A new problem code without its registry entry fails here (write it in evidence_kit/problem_codes/)."""
    registered = {entry.code for entry in all_codes()}
    missing = sorted(f"{code} ({where})" for code, where in reported_codes().items() if code not in registered)
    assert not missing, "codes without an entry in evidence_kit/problem_codes/*.yaml:\n" + "\n".join(missing)


def test_every_explained_code_is_reported() -> None:
    """No stale entries: each registered code is one the source reports."""
    reported = reported_codes()
    stale = sorted(entry.code for entry in all_codes() if entry.code not in reported)
    assert not stale, f"registered but never reported by the source: {stale}"


# --------------------------------------------------------------------------- the registry's entries


def test_every_entry_speaks_both_languages() -> None:
    """The loader requires each text in both languages; the Chinese ones are Chinese, the English ones English."""
    entries = all_codes()
    assert len(entries) > 100
    for entry in entries:
        for name in ("meaning", "basis", "cause", "fix"):
            text = getattr(entry, name)
            assert CJK.search(text.zh), f"{entry.code}.{name}.zh is not Chinese: {text.zh!r}"
            assert text.en != text.zh and re.search(r"[A-Za-z]{3,}", text.en), f"{entry.code}.{name}.en"
        assert CJK.search(entry.section.zh), entry.code


def test_the_commands_named_are_real_commands() -> None:
    import click

    from evidence_kit.cli import cli

    def names(group: click.Group, prefix: str = "") -> set[str]:
        found = set()
        for name, command in group.commands.items():
            found.add(f"{prefix}{name}")
            if isinstance(command, click.Group):
                found |= names(command, f"{prefix}{name} ")
        return found

    known = names(cli)
    unknown = sorted({f"{e.code}: {c}" for e in all_codes() for c in e.commands if c not in known})
    assert not unknown, unknown


def test_articles_named_in_a_message_are_named_in_its_entry() -> None:
    """Where the problem's own message cites an article, the entry's rule cites the same one."""
    cited = {"filing_conflict": "427", "enforcement_deadline_passed": "250", "party_minor": "17",
             "rate_cap_applied": "法发〔2017〕22号", "limitation_expired": "188"}
    for code, article in cited.items():
        basis = lookup(code).basis
        assert article in basis.en and article in basis.zh, (code, article)


# --------------------------------------------------------------------------- the shape is checked on load

GOOD_ENTRY = """\
  - code: {code}
    severity: error
    commands: [check]
    where: {{en: "case.yaml", zh: "case.yaml"}}
    meaning: {{en: "a meaning", zh: "含义"}}
    basis: {{en: "a rule", zh: "依据"}}
    cause: {{en: "a cause", zh: "原因"}}
    fix: {{en: "a fix", zh: "处理"}}
"""


def _section(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text('section: {en: "Test", zh: "测试"}\ncodes:\n' + body, "utf-8")
    return path


@pytest.mark.parametrize(("change", "said"), [
    (lambda text: text.replace('    fix: {en: "a fix", zh: "处理"}\n', ""), "the field fix is missing"),
    (lambda text: text.replace(', zh: "原因"', ""), "cause has no zh text"),
    (lambda text: text.replace("severity: error", "severity: fatal"), "severity must be one of"),
    (lambda text: text.replace("commands: [check]", "commands: []"), "commands must list"),
    (lambda text: text + "    hint: {en: x, zh: 提示}\n", "unknown key hint"),
    (lambda text: text.replace('zh: "依据"', 'zh: "依据", de: "Grund"'), "languages the tool does not speak: de"),
])
def test_a_malformed_entry_names_its_file_and_code(tmp_path: Path, change: Callable[[str], str], said: str) -> None:
    path = _section(tmp_path / "codes", "10-test.yaml", change(GOOD_ENTRY.format(code="some_code")))
    with pytest.raises(RegistryError) as caught:
        load_sections(path.parent)
    message = str(caught.value)
    assert "problem_codes/10-test.yaml" in message and said in message
    if "de" not in said:
        assert "some_code" in message


def test_a_code_explained_twice_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "codes"
    _section(folder, "10-one.yaml", GOOD_ENTRY.format(code="same_code"))
    _section(folder, "20-two.yaml", GOOD_ENTRY.format(code="same_code"))
    with pytest.raises(RegistryError, match=re.escape("same_code is already explained in problem_codes/10-one.yaml")):
        load_sections(folder)


def test_a_wrongly_named_file_is_refused(tmp_path: Path) -> None:
    _section(tmp_path / "codes", "case-folder.yaml", GOOD_ENTRY.format(code="a_code"))
    with pytest.raises(RegistryError, match=re.escape("NN-slug.yaml")):
        load_sections(tmp_path / "codes")


def test_sections_sort_in_file_name_order(tmp_path: Path) -> None:
    folder = tmp_path / "codes"
    _section(folder, "20-later.yaml", GOOD_ENTRY.format(code="later_code"))
    _section(folder, "10-first.yaml", GOOD_ENTRY.format(code="first_code"))
    assert [s.codes[0].code for s in load_sections(folder)] == ["first_code", "later_code"]


# --------------------------------------------------------------------------- the documentation pages


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_documentation_is_the_registry_rendered(lang: str) -> None:
    """A hand edit of docs/problems*.md, or a registry change without `make docs`, fails here."""
    assert DOCS[lang].read_text("utf-8") == render_markdown(lang), f"{DOCS[lang].name} is stale: run `make docs`"


def test_the_pages_hold_every_code_with_its_rule() -> None:
    english, chinese = (DOCS[lang].read_text("utf-8") for lang in ("en", "zh"))
    entry = lookup("exhibit_missing")
    for page, lang in ((english, "en"), (chinese, "zh")):
        assert f"### `{entry.code}`" in page
        assert entry.basis(lang) in page and entry.fix(lang) in page
    assert "| 代码 | 严重程度 | 位置 | 含义 |" in chinese and "| 错误 |" in chinese
    assert "| code | severity | where | meaning |" in english and not CJK.search(english.split("\n")[0])


def test_the_module_writes_both_pages(tmp_path: Path) -> None:
    english, chinese = tmp_path / "p.md", tmp_path / "p.zh.md"
    result = subprocess.run([sys.executable, "-m", "evidence_kit.problem_codes", str(english), str(chinese)],
                            capture_output=True, text=True, check=False, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert english.read_text("utf-8") == render_markdown("en")
    assert chinese.read_text("utf-8") == render_markdown("zh")


# --------------------------------------------------------------------------- explain


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "evidence_kit", *args], capture_output=True, text=True,
                          check=False, cwd=REPO)


def test_explain_prints_meaning_rule_cause_and_fix_in_english() -> None:
    result = _cli("explain", "claim_mismatch")
    assert result.returncode == 0, result.stderr
    entry = lookup("claim_mismatch")
    for text in (entry.meaning.en, entry.basis.en, entry.cause.en, entry.fix.en, entry.where.en):
        assert text in result.stdout
    assert "claim-method.md" in result.stdout and "0.05" in result.stdout
    assert "Typical cause:" in result.stdout and "`claim`" in result.stdout
    assert not CJK.search(result.stdout.replace("欠款计算明细", ""))


def test_explain_in_chinese_with_lang() -> None:
    result = _cli("--lang", "zh", "explain", "claim_mismatch")
    assert result.returncode == 0, result.stderr
    entry = lookup("claim_mismatch")
    for text in (entry.meaning.zh, entry.basis.zh, entry.cause.zh, entry.fix.zh):
        assert text in result.stdout
    assert "含义：" in result.stdout and "依据：" in result.stdout and "常见原因：" in result.stdout
    assert "claim_mismatch（错误）" in result.stdout
    assert entry.basis.en not in result.stdout


def test_explain_json_keeps_its_keys_in_every_language() -> None:
    english = json.loads(_cli("explain", "limitation_near", "--json").stdout)
    chinese = json.loads(_cli("--lang", "zh", "explain", "limitation_near", "--json").stdout)
    assert english.keys() == chinese.keys()
    assert english["code"] == chinese["code"] == "limitation_near"
    assert english["severity"] == chinese["severity"] == "warning"
    assert "Civil Code arts. 188" in english["basis"] and "《民法典》第188条" in chinese["basis"]


def test_an_unknown_code_exits_2_naming_the_closest() -> None:
    result = _cli("explain", "claim_mismatc")
    assert result.returncode == 2
    assert "claim_mismatch" in result.stderr and "claim_mismatc'" in result.stderr
    assert result.stdout == ""
    listed = json.loads(_cli("explain", "limitation", "--json").stdout)
    assert listed["exit_code"] == 2
    assert {"limitation_expired", "limitation_near"} <= set(listed["suggestions"])


def test_an_unknown_code_with_nothing_close_points_at_the_list() -> None:
    with pytest.raises(UnknownCode) as caught:
        lookup("zzzz")
    assert caught.value.suggestions == []
    assert "explain --list" in caught.value.hint


def test_explain_without_a_code_is_a_usage_error() -> None:
    result = _cli("explain")
    assert result.returncode == 2
    assert "--list" in result.stderr


def test_explain_list_lists_every_code_once() -> None:
    result = _cli("explain", "--list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [e.code for e in all_codes()]
    assert any(line.startswith("id_legacy") and "warning" in line for line in lines)
    listed = json.loads(_cli("--lang", "zh", "explain", "--list", "--json").stdout)
    assert {"code": "id_legacy", "severity": "warning", "meaning": lookup("id_legacy").meaning.zh} in listed


def test_what_check_reports_can_be_explained(worked_case: Path, edit: Callable[[Path, str, str], None]) -> None:
    """A case with real errors: every code `check` prints has its explanation."""
    case_yaml = worked_case / "case.yaml"
    edit(case_yaml, "id_number: 11010519491231002X", "id_number: 110105194912310021")
    edit(case_yaml, "  accelerated_on: 2024-09-01\n",
         '  accelerated_on: 2024-09-01\n  claimed: {principal: "99000.00"}\n')
    result = _cli("check", str(worked_case), "--json")
    assert result.returncode == 4, result.stderr
    codes = {p["code"] for p in json.loads(result.stdout)["errors"]}
    assert {"id_checksum", "claim_mismatch"} <= codes
    for code in codes:
        assert explain_text(code, "zh").startswith(f"{code}（")


def test_lookup_is_forgiving_of_case_and_spaces() -> None:
    assert lookup(" Claim_Mismatch ").code == "claim_mismatch"
    assert problem_codes.suggestions("exhibit_mising")[:1] == ["exhibit_missing"]
