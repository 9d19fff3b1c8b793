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
from evidence_kit.i18n import N_, _, translate
from evidence_kit.limits import (
    ZIP_MAX_MEMBER_BYTES,
    ZIP_MAX_MEMBERS,
    ZIP_MAX_RATIO,
    ZIP_MAX_TOTAL_BYTES,
    ZIP_RATIO_FLOOR,
)

_HINT = N_("this archive is not a plain .zip of a built case folder; zip the OUT/CASE_ID folder itself again")
WHOLE_ARCHIVE = N_("(archive)")
"""The name shown for a limit the archive as a whole exceeds."""


@dataclass(frozen=True)
class RefusedMember:
    name: str
    reason: str


def refused_members(archive: zipfile.ZipFile) -> list[RefusedMember]:
    """Every member the archive should not hold, and the archive-wide limits it exceeds (reasons in words)."""
    members = archive.infolist()
    found: list[RefusedMember] = []
    whole = translate(WHOLE_ARCHIVE)
    if len(members) > ZIP_MAX_MEMBERS:
        found.append(RefusedMember(whole, _("{count} members, more than the limit of {limit}",
                                            count=format(len(members), ","), limit=format(ZIP_MAX_MEMBERS, ","))))
    total = sum(m.file_size for m in members)
    if total > ZIP_MAX_TOTAL_BYTES:
        found.append(RefusedMember(whole, _("unpacks to {size} bytes, more than the limit of {limit}",
                                            size=format(total, ","), limit=format(ZIP_MAX_TOTAL_BYTES, ","))))
    seen: set[str] = set()
    for member in members:
        reason = _("the same name twice") if member.filename in seen else _member_problem(member)
        seen.add(member.filename)
        if reason:
            found.append(RefusedMember(member.filename, reason))
    return found


def _member_problem(member: zipfile.ZipInfo) -> str | None:
    name = member.filename
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or (path.parts and path.parts[0].endswith(":")):
        return _("an absolute path")
    if ".." in path.parts:
        return _("a path that leaves the folder (..)")
    kind = stat.S_IFMT(member.external_attr >> 16) if member.create_system == 3 else 0  # 3: made on Unix
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        return _("a symbolic link") if kind == stat.S_IFLNK else _("not a regular file or folder")
    if member.file_size > ZIP_MAX_MEMBER_BYTES:
        return _("unpacks to {size} bytes, more than the limit of {limit}", size=format(member.file_size, ","),
                 limit=format(ZIP_MAX_MEMBER_BYTES, ","))
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > ZIP_RATIO_FLOOR and ratio > ZIP_MAX_RATIO:
        return _("unpacks to {ratio} times its stored size (limit {limit}): a decompression bomb",
                 ratio=format(ratio, ",.0f"), limit=ZIP_MAX_RATIO)
    return None


def unpack(path: Path, into: Path, shown: str) -> None:
    """Unpack the archive at ``path`` into the empty folder ``into`` (raises :class:`InputUnreadable`)."""
    with zipfile.ZipFile(path) as archive:
        refused = refused_members(archive)
        if refused:
            listed = "; ".join(f"{r.name}: {r.reason}" for r in refused[:5])
            message = (_("the archive is refused — {members} (and {more} more)", members=listed,
                         more=len(refused) - 5) if len(refused) > 5
                       else _("the archive is refused — {members}", members=listed))
            raise InputUnreadable(message, file=shown, hint=translate(_HINT))
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
            raise InputUnreadable(_("the member {name} does not hold the size its directory declares",
                                    name=member.filename), file=shown, hint=translate(_HINT))
