"""Recordings: how long they last, read from the file where the format allows it."""

from __future__ import annotations

import wave
from pathlib import Path

AMR_NB_FRAME_BYTES = (12, 13, 15, 17, 19, 20, 26, 31, 5, 0, 0, 0, 0, 0, 0, 0)
AMR_WB_FRAME_BYTES = (17, 23, 32, 36, 40, 46, 50, 58, 60, 5, 0, 0, 0, 0, 0, 0)
AMR_FRAME_SECONDS = 0.02


def audio_duration(path: Path, kind: str) -> float | None:
    """Seconds, or None when the file does not say (damaged or unusual encoding)."""
    try:
        if kind == "amr":
            return amr_duration(path.read_bytes())
        if kind == "wav":
            seconds = _wav_duration(path)
            if seconds is not None:
                return seconds
        return _mutagen_duration(path)
    except Exception:  # a duration we cannot read is shown as unreadable, never a failure
        return None


def _wav_duration(path: Path) -> float | None:
    try:
        with wave.open(str(path), "rb") as recording:
            rate = recording.getframerate()
            return recording.getnframes() / rate if rate else None
    except (wave.Error, EOFError):
        return None


def _mutagen_duration(path: Path) -> float | None:
    import mutagen

    recording = mutagen.File(str(path))
    length = getattr(getattr(recording, "info", None), "length", None)
    return float(length) if length else None


def amr_duration(data: bytes) -> float | None:
    """AMR-NB/WB storage format (RFC 4867 §5): 20 ms per frame, frame size from its header."""
    if data.startswith(b"#!AMR-WB\n"):
        sizes, pos = AMR_WB_FRAME_BYTES, 9
    elif data.startswith(b"#!AMR\n"):
        sizes, pos = AMR_NB_FRAME_BYTES, 6
    else:
        return None
    frames = 0
    while pos < len(data):
        frame_type = (data[pos] >> 3) & 0x0F
        pos += 1 + sizes[frame_type]
        frames += 1
    return frames * AMR_FRAME_SECONDS if frames else None


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return "无法从文件读取"
    whole = round(seconds)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}（{whole} 秒）"
