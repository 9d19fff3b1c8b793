"""Unpacking a .zip of a built folder for ``verify``, refusing what a hostile archive could do.

Every member is judged from the zip directory before anything is written: a name that
leaves the folder (``../``, an absolute path, a drive letter), a symbolic link or any
member that is not a regular file or a folder, and a decompression bomb (too many
members, too large in total or alone, or compressed too well). One such member refuses
the whole archive (exit 5), naming it: nothing is skipped silently. While unpacking, no
member is read past the size its directory entry declares.
"""

from __future__ import annotations

import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from evidence_kit.case.files import CHUNK
from evidence_kit.errors import InputUnreadable
from evidence_kit.limits import (
    ZIP_MAX_MEMBER_BYTES,
    ZIP_MAX_MEMBERS,
    ZIP_MAX_RATIO,
    ZIP_MAX_TOTAL_BYTES,
    ZIP_RATIO_FLOOR,
)

_HINT = "this archive is not a plain .zip of a built case folder; zip the OUT/CASE_ID folder itself again"


@dataclass(frozen=True)
class RefusedMember:
    name: str
    reason: str


def refused_members(archive: zipfile.ZipFile) -> list[RefusedMember]:
    """Every member the archive should not hold, and the archive-wide limits it exceeds."""
    members = archive.infolist()
    found: list[RefusedMember] = []
    if len(members) > ZIP_MAX_MEMBERS:
        found.append(RefusedMember("(archive)", f"{len(members):,} members, more than the limit of {ZIP_MAX_MEMBERS:,}"))
    total = sum(m.file_size for m in members)
    if total > ZIP_MAX_TOTAL_BYTES:
        found.append(RefusedMember("(archive)", f"unpacks to {total:,} bytes, more than the limit of "
                                                f"{ZIP_MAX_TOTAL_BYTES:,}"))
    seen: set[str] = set()
    for member in members:
        reason = "the same name twice" if member.filename in seen else _member_problem(member)
        seen.add(member.filename)
        if reason:
            found.append(RefusedMember(member.filename, reason))
    return found


def _member_problem(member: zipfile.ZipInfo) -> str | None:
    name = member.filename
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or (path.parts and path.parts[0].endswith(":")):
        return "an absolute path"
    if ".." in path.parts:
        return "a path that leaves the folder (..)"
    kind = stat.S_IFMT(member.external_attr >> 16) if member.create_system == 3 else 0  # 3: made on Unix
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        return "a symbolic link" if kind == stat.S_IFLNK else "not a regular file or folder"
    if member.file_size > ZIP_MAX_MEMBER_BYTES:
        return f"unpacks to {member.file_size:,} bytes, more than the limit of {ZIP_MAX_MEMBER_BYTES:,}"
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > ZIP_RATIO_FLOOR and ratio > ZIP_MAX_RATIO:
        return f"unpacks to {ratio:,.0f} times its stored size (limit {ZIP_MAX_RATIO}): a decompression bomb"
    return None


def unpack(path: Path, into: Path, shown: str) -> None:
    """Unpack the archive at ``path`` into the empty folder ``into`` (raises :class:`InputUnreadable`)."""
    with zipfile.ZipFile(path) as archive:
        refused = refused_members(archive)
        if refused:
            listed = "; ".join(f"{r.name}: {r.reason}" for r in refused[:5])
            more = f" (and {len(refused) - 5} more)" if len(refused) > 5 else ""
            raise InputUnreadable(f"the archive is refused — {listed}{more}", file=shown, hint=_HINT)
        for member in archive.infolist():
            _unpack_member(archive, member, into, shown)


def _unpack_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, into: Path, shown: str) -> None:
    target = into / PurePosixPath(member.filename.replace("\\", "/"))
    if member.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    left = member.file_size
    with archive.open(member) as source, target.open("xb") as sink:
        while left > 0 and (block := source.read(min(CHUNK, left))):
            sink.write(block)
            left -= len(block)
        if left > 0 or source.read(1):
            raise InputUnreadable(f"the member {member.filename} does not hold the size its directory declares",
                                  file=shown, hint=_HINT)
