"""The stamp font subset is cached on disk; a bad cache file is never trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidence_kit.bundle import stamp


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EVIDENCE_KIT_CACHE", str(tmp_path / "cache"))
    stamp.load_stamp_font.cache_clear()
    yield tmp_path / "cache"
    stamp.load_stamp_font.cache_clear()


def test_subset_is_cached_and_reused(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = stamp.load_stamp_font()
    [written] = list(cache.glob("stamp-font-*.json"))
    stamp.load_stamp_font.cache_clear()

    def refuse(*_args: object) -> stamp.StampFont:
        raise AssertionError("the cached subset should have been used")

    monkeypatch.setattr(stamp, "subset_stamp_font", refuse)
    again = stamp.load_stamp_font()
    assert again == first
    assert again.encode("证据3-2") == first.encode("证据3-2") and written.is_file()


def test_corrupt_cache_is_ignored_and_rewritten(cache: Path) -> None:
    fresh = stamp.load_stamp_font()
    [written] = list(cache.glob("stamp-font-*.json"))
    for junk in ("{not json", '{"name": "x"}', '{"name": "x", "cff": "", "cids": {}, "widths": {}, "bbox": [], '
                 '"ascent": 0, "descent": 0, "cap_height": 0}'):
        written.write_text(junk, "utf-8")
        stamp.load_stamp_font.cache_clear()
        assert stamp.load_stamp_font() == fresh


def test_unwritable_cache_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", "utf-8")
    monkeypatch.setenv("EVIDENCE_KIT_CACHE", str(blocker / "cache"))
    stamp.load_stamp_font.cache_clear()
    try:
        assert stamp.load_stamp_font().encode("第") != b""
    finally:
        stamp.load_stamp_font.cache_clear()
