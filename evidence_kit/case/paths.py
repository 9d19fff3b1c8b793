"""Paths named in a case folder must stay in it, and must name regular files.

A path in case.yaml (or in the contact log's evidence column) is refused when it is
absolute, contains ``..``, or leads — through a symbolic link anywhere along it — outside
the case folder. A FIFO, a device or a socket is refused by its type, without ever being
opened (opening a FIFO would block the tool until someone writes to it).
"""

from __future__ import annotations

import stat
from pathlib import Path, PurePosixPath, PureWindowsPath

from evidence_kit.i18n import N_, _, translate


def unsafe_reason(root: Path, rel: str) -> str | None:
    """Why ``rel`` may not be used as a path inside the case folder ``root``; None when it may.

    The reason is said of the path, in the current language ("is an absolute path").
    """
    text = str(rel).strip()
    if not text:
        return _("is empty")
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or PureWindowsPath(text).drive:
        return _("is an absolute path")
    if ".." in PurePosixPath(text.replace("\\", "/")).parts:
        return _("contains '..'")
    target = (root / text).resolve()
    if not target.is_relative_to(root.resolve()):
        return _("leads outside the case folder through a symbolic link")
    return None


def special_file_kind(path: Path) -> str | None:
    """``FIFO``, ``device``, ``socket`` for such a file (told from ``stat``, never opened); None otherwise.

    The words are those of the current language.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISFIFO(mode):
        return translate(SPECIAL_KINDS["fifo"])
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return translate(SPECIAL_KINDS["device"])
    if stat.S_ISSOCK(mode):
        return translate(SPECIAL_KINDS["socket"])
    return None


SPECIAL_KINDS = {"fifo": N_("FIFO (named pipe)"), "device": N_("device"), "socket": N_("socket")}
