"""verify against hostile archives and files; work folders after a crash; publish racing itself; a full disk."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from evidence_kit.errors import CannotWrite, InputUnreadable
from evidence_kit.limits import ZIP_MAX_MEMBERS, ZIP_MAX_RATIO
from evidence_kit.output import build as build_module
from evidence_kit.output.build import build_case
from evidence_kit.output.manifest import verify_output
from evidence_kit.output.publish import exchange, publish, remove_stale_work_folders, work_folder
from tests.bundle.test_exhibits import exhibit, text_pdf
from tests.factories import make_case


def refused(archive: Path) -> InputUnreadable:
    with pytest.raises(InputUnreadable) as caught:
        verify_output(archive)
    assert caught.value.exit_code == 5 and caught.value.file == str(archive)
    return caught.value


def small_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


MANIFEST = json.dumps({"case_id": "X", "created": "", "tool_version": "", "inputs": [], "outputs": [],
                       "exhibits": []}).encode()


# --------------------------------------------------------------------------- hostile archives


@pytest.mark.parametrize("name", ["../evil.txt", "X/../../evil.txt", "/etc/evil.txt", "C:/evil.txt"])
def test_zip_slip_names_are_refused_and_named(tmp_path: Path, name: str) -> None:
    archive = small_zip(tmp_path / "slip.zip", {"X/manifest.json": MANIFEST, name: b"owned"})
    error = refused(archive)
    assert name in error.message
    assert not (tmp_path / "evil.txt").exists()


def test_a_symlink_member_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "link.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("X/manifest.json", MANIFEST)
        link = zipfile.ZipInfo("X/bundle.pdf")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    assert "symbolic link" in refused(archive).message


def test_a_decompression_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("X/manifest.json", MANIFEST)
        with zf.open("X/bundle.pdf", "w") as member:
            block = bytes(1 << 20)
            for _ in range(64):
                member.write(block)
    assert archive.stat().st_size < 1 << 20
    error = refused(archive)
    assert "X/bundle.pdf" in error.message and str(ZIP_MAX_RATIO) in error.message


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    archive = small_zip(tmp_path / "many.zip", {f"X/f{i}": b"" for i in range(ZIP_MAX_MEMBERS + 1)})
    assert f"{ZIP_MAX_MEMBERS:,}" in refused(archive).message


def test_a_member_larger_than_declared_is_not_read_past_its_size(tmp_path: Path) -> None:
    archive = small_zip(tmp_path / "lie.zip", {"X/manifest.json": MANIFEST, "X/report.json": b"x" * 5000})
    data = bytearray(archive.read_bytes())
    # shrink the declared size in the central directory (the local header keeps the truth)
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = (10).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    with pytest.raises(InputUnreadable):
        verify_output(archive)


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.zip"
    os.mkfifo(fifo)
    assert "FIFO" in refused(fifo).message


def test_a_device_is_refused_without_reading_it() -> None:
    with pytest.raises(InputUnreadable, match="device"):
        verify_output(Path("/dev/zero"))


@pytest.mark.parametrize("text", ["42", "null", '"x"', "[]", '{"outputs": "x"}',
                                  '{"case_id": "X", "created": "", "tool_version": "", "inputs": [], '
                                  '"outputs": [{"path": 3}], "exhibits": []}'])
def test_a_malformed_manifest_is_a_problem_not_a_crash(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "X"
    folder.mkdir()
    (folder / "manifest.json").write_text(text, "utf-8")
    [problem] = verify_output(folder)
    assert problem.code == "manifest_invalid" and problem.loc is not None


def test_an_output_replaced_by_a_fifo_is_not_opened(tmp_path: Path) -> None:
    folder = tmp_path / "X"
    folder.mkdir()
    os.mkfifo(folder / "bundle.pdf")
    manifest = {"case_id": "X", "created": "", "tool_version": "", "inputs": [], "exhibits": [],
                "outputs": [{"path": "bundle.pdf", "sha256": "0" * 64, "bytes": 10, "pages": 1}]}
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    assert [p.code for p in verify_output(folder)] == ["output_not_regular"]


# --------------------------------------------------------------------------- work folders


def test_a_work_folder_left_by_a_killed_build_is_refused_and_then_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = out / f".CASE.building-{dead.stdout.strip()}-abcd1234"
    stale.mkdir()
    (stale / "manifest.json").write_text('{"case_id": "CASE"}', "utf-8")
    with pytest.raises(InputUnreadable, match="work folder"):
        verify_output(stale)
    mine = work_folder(out, "CASE")
    assert not stale.exists() and mine.exists()
    assert remove_stale_work_folders(out) == []  # our own work folder stays: this process runs


@pytest.mark.slow
def test_a_build_killed_midway_leaves_nothing_that_verifies(tmp_path: Path) -> None:
    """A real kill -9 during a build: its work folder is refused by verify and removed by the next build."""
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from evidence_kit.output import build\n"
        "real = build._write_manifest\n"
        "def slow(*a, **k):\n"
        "    took = real(*a, **k)\n"
        "    print('manifest written', flush=True); time.sleep(60)\n"
        "    return took\n"
        "build._write_manifest = slow\n"
        "from tests.factories import make_case\n"
        "build.build_case(make_case(root=Path(sys.argv[1])), Path(sys.argv[2]), report_json={})\n"
    )
    case_root, out = tmp_path / "case", tmp_path / "out"
    case_root.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen([sys.executable, "-c", script, str(case_root), str(out)], stdout=subprocess.PIPE,
                             text=True, env=env)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "manifest written"
    finally:
        child.kill()
        child.wait()
    [left] = [p for p in out.iterdir() if p.name.startswith(".")]
    assert (left / "manifest.json").exists() and (left / "bundle.pdf").exists()
    with pytest.raises(InputUnreadable, match="work folder"):
        verify_output(left)
    work_folder(out, "NEXT")
    assert not left.exists()


# --------------------------------------------------------------------------- publish


def fake_build(out: Path, case_id: str, marker: str) -> Path:
    work = work_folder(out, case_id)
    (work / "manifest.json").write_text(json.dumps({"case_id": case_id}), "utf-8")
    (work / "who").write_text(marker, "utf-8")
    return work


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "f").write_text("a")
    (b / "f").write_text("b")
    if not exchange(a, b):
        pytest.skip("renameat2(RENAME_EXCHANGE) is not available here")
    assert (a / "f").read_text() == "b" and (b / "f").read_text() == "a"


def test_publish_replaces_an_earlier_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    final = out / "CASE"
    assert publish(fake_build(out, "CASE", "first"), final, overwrite=False) is False
    assert publish(fake_build(out, "CASE", "second"), final, overwrite=True) is True
    assert (final / "who").read_text() == "second"
    assert [p.name for p in out.iterdir()] == ["CASE"]


@pytest.mark.parametrize("use_exchange", [True, False])
def test_concurrent_overwrites_publish_one_whole_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       use_exchange: bool) -> None:
    """Many builds replacing the same folder at once (and with a gap widened between the two renames)."""
    from evidence_kit.output import publish as publish_module

    if not use_exchange:
        monkeypatch.setattr(publish_module, "exchange", lambda a, b: False)
        real_rename = publish_module._try_rename

        def slow_rename(source: Path, target: Path) -> bool:
            done = real_rename(source, target)
            if ".replaced-" in target.name:
                threading.Event().wait(0.01)  # widen the gap between the two renames
            return done

        monkeypatch.setattr(publish_module, "_try_rename", slow_rename)
    out = tmp_path / "out"
    final = out / "CASE"
    publish(fake_build(out, "CASE", "first"), final, overwrite=False)
    works = [fake_build(out, "CASE", f"build {i}") for i in range(8)]
    failures: list[BaseException] = []

    def run(work: Path) -> None:
        try:
            publish(work, final, overwrite=True)
        except CannotWrite as exc:  # allowed: another build kept winning; never an OSError
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in works]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (final / "who").read_text().startswith("build")
    assert len(failures) < len(works)
    left = [p.name for p in out.iterdir() if p.name != "CASE"]
    assert all(".building-" in name for name in left) and len(left) == len(failures)


# --------------------------------------------------------------------------- a full disk


@pytest.mark.slow
@pytest.mark.parametrize("failing", ["report.json", "manifest.json"])
def test_a_full_disk_while_writing_is_exit_9_and_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                failing: str) -> None:
    real = build_module.write_json

    def full(path: Path, data: dict[str, object]) -> None:
        if path.name == failing:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, data)

    monkeypatch.setattr(build_module, "write_json", full)
    root = tmp_path / "case"
    root.mkdir()
    case = make_case(root=root, exhibits=(exhibit(text_pdf(root / "exhibits" / "a.pdf", "合同"), root, 1),))
    out = tmp_path / "out"
    with pytest.raises(CannotWrite, match="disk is full") as caught:
        build_case(case, out, report_json={})
    assert caught.value.exit_code == 9 and caught.value.file
    assert not out.exists()  # the build created OUT, and a failed build takes it away again


@pytest.mark.slow
def test_an_exhibit_unreadable_during_the_build_is_exit_5(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "case"
    root.mkdir()
    pdf = text_pdf(root / "exhibits" / "a.pdf", "合同")
    case = make_case(root=root, exhibits=(exhibit(pdf, root, 1),))
    real_open = os.open

    def denied(path: object, *args: object, **kwargs: object) -> int:
        if os.fsdecode(path).endswith("a.pdf"):  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(InputUnreadable) as caught:
        build_case(case, tmp_path / "out", report_json={})
    assert caught.value.exit_code == 5 and str(caught.value.file).endswith("a.pdf")
    assert not (tmp_path / "out").exists()  # the build created OUT, and a failed build takes it away again

