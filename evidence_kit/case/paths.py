"""Paths named in a case folder must stay in it, and must name regular files.

A path in case.yaml (or in the contact log's evidence column) is refused when it is
absolute, contains ``..``, or leads — through a symbolic link anywhere along it — outside
the case folder. A FIFO, a device or a socket is refused by its type, without ever being
opened (opening a FIFO would block the tool until someone writes to it).
"""

from __future__ import annotations

import stat
from pathlib import Path, PurePosixPath, PureWindowsPath


def unsafe_reason(root: Path, rel: str) -> str | None:
    """Why ``rel`` may not be used as a path inside the case folder ``root``; None when it may."""
    text = str(rel).strip()
    if not text:
        return "is empty"
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or PureWindowsPath(text).drive:
        return "is an absolute path"
    if ".." in PurePosixPath(text.replace("\\", "/")).parts:
        return "contains '..'"
    target = (root / text).resolve()
    if not target.is_relative_to(root.resolve()):
        return "leads outside the case folder through a symbolic link"
    return None


def special_file_kind(path: Path) -> str | None:
    """``FIFO``, ``device``, ``socket`` for such a file (told from ``stat``, never opened); None otherwise."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return None
