"""Saving a PDF with a file identifier derived from its content, hashing it once.

A bundle must come out byte for byte the same from the same inputs, so its file
identifier (the trailer's ``/ID``) cannot come from the clock. libqpdf's
``deterministic_id`` makes it an MD5 of the content, which costs an extra pass over the
whole output (≈ 0.7 s of CPU for a 245 MB bundle of 5,000 pages), and the manifest then
reads the file again for its SHA-256. Here the file is written once with libqpdf's fixed
placeholder identifier; one SHA-256 pass over the file gives both the identifier (the first
16 bytes of the SHA-256 of the file as written, placeholder included) and, once the
placeholder is replaced in place (the same number of bytes, so no offset moves), the
SHA-256 of the final file, which the manifest reuses (:func:`remember_digest`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pikepdf

from evidence_kit.case.files import hash_from, remember_digest

PLACEHOLDER = bytes.fromhex("31415926535897932384626433832795")
"""The identifier libqpdf writes with ``static_id`` (both elements of ``/ID``, for a new PDF)."""
_PLACEHOLDER_ID = b"/ID [<" + PLACEHOLDER.hex().encode() + b"><" + PLACEHOLDER.hex().encode() + b">]"
ID_TAIL_BYTES = 8 * 1024 * 1024
"""How far from the end of the written file its trailer's ``/ID`` is looked for (the cross-reference
stream, after which nothing but its data follows: 6 bytes per object before compression)."""


def save_with_content_id(pdf: pikepdf.Pdf, path: Path) -> str:
    """Save ``pdf`` (a new PDF, without an ``/ID`` of its own) to ``path``; returns the file's SHA-256.

    Object streams generated, streams compressed. Should the placeholder not be found where it
    must be (a libqpdf that writes its trailer otherwise), the file is saved again with libqpdf's
    own ``deterministic_id`` and hashed.
    """
    if "/ID" in pdf.trailer:
        raise ValueError("the PDF already has a file identifier")
    pdf.save(path, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate, static_id=True)
    digest = _replace_placeholder(path)
    if digest is None:
        pdf.save(path, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                 deterministic_id=True)
        return remember_digest(path, None)
    return remember_digest(path, digest)


def _replace_placeholder(path: Path) -> str | None:
    """Put the content identifier in place of the placeholder; the final file's SHA-256 (None: not found)."""
    with path.open("r+b") as fh:
        size = fh.seek(0, 2)
        tail_start = max(0, size - ID_TAIL_BYTES)
        fh.seek(tail_start)
        tail = fh.read()
        at = tail.rfind(_PLACEHOLDER_ID)
        if at < 0 or b"startxref" not in tail[at:]:
            return None
        at += tail_start
        prefix = hashlib.sha256()
        fh.seek(0)
        hash_from(fh, prefix, at)
        rest = fh.read()
        as_written = prefix.copy()
        as_written.update(rest)
        identifier = as_written.digest()[:16].hex().encode()
        final = b"/ID [<" + identifier + b"><" + identifier + b">]" + rest[len(_PLACEHOLDER_ID):]
        fh.seek(at)
        fh.write(final)
    prefix.update(final)
    return prefix.hexdigest()
