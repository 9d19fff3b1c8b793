"""What a file is, told from its first bytes, never from its name."""

from __future__ import annotations

from pathlib import Path

PDF, JPEG, PNG, TIFF, WAV, MP3, AMR, M4A, TEXT = "pdf", "jpeg", "png", "tiff", "wav", "mp3", "amr", "m4a", "text"
IMAGE_TYPES = (JPEG, PNG, TIFF)
AUDIO_TYPES = (WAV, MP3, AMR, M4A)
EXHIBIT_TYPES = (PDF, *IMAGE_TYPES, *AUDIO_TYPES)

EXTENSIONS = {
    PDF: (".pdf",),
    JPEG: (".jpg", ".jpeg"),
    PNG: (".png",),
    TIFF: (".tif", ".tiff"),
    WAV: (".wav",),
    MP3: (".mp3",),
    AMR: (".amr",),
    M4A: (".m4a", ".mp4", ".aac"),
    TEXT: (".txt",),
}


AUDIO_BRANDS = frozenset({b"M4A ", b"M4B ", b"M4P ", b"mp41", b"mp42", b"isom", b"iso2", b"dash", b"3gp4", b"3gp5",
                          b"3gp6", b"3g2a", b"MSNV", b"F4A "})
"""ftyp major brands of MPEG-4 audio; other brands (heic, mif1, avif, qt…) are not recordings."""


def sniff_bytes(head: bytes) -> str | None:
    """The type of content starting with ``head`` (at least 1 KiB when available), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"#!AMR"):
        return AMR
    if head[4:8] == b"ftyp":
        return M4A if head[8:12] in AUDIO_BRANDS else None  # HEIC/AVIF photos share the box
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return M4A  # raw AAC (ADTS): sync word with MPEG layer bits 00
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06):
        return MP3
    if b"%PDF-" in head[:1024]:
        return PDF
    return None


def sniff(path: Path) -> str | None:
    """The type of a regular file's content (raises OSError for a FIFO, a device or a folder, without blocking)."""
    from evidence_kit.case.files import open_regular

    with open_regular(path) as fh:
        return sniff_bytes(fh.read(1024))


def extension_type(path: Path) -> str | None:
    suffix = path.suffix.lower()
    for kind, suffixes in EXTENSIONS.items():
        if suffix in suffixes:
            return kind
    return None
