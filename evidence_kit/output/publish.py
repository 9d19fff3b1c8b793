"""Work folders and publishing: nothing half-built ever looks like a build.

A build writes into ``OUT/.CASE_ID.building-PID-XXXX`` and publishes it by renaming it to
``OUT/CASE_ID``. The process id in the name makes a work folder recognisable after a
crash: the next build into the same OUT removes every work folder whose process is gone,
and ``verify`` refuses a folder with such a name.

Replacing an earlier build (``--overwrite``) is one atomic exchange of the two folders
(``renameat2(RENAME_EXCHANGE)``, Linux 3.15+, through ctypes) where the system has it;
elsewhere two renames, retried when another build moves the folder in between.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import secrets
import shutil
from pathlib import Path

from evidence_kit.case.redact import file_safe
from evidence_kit.errors import CannotWrite, describe_os_error
from evidence_kit.i18n import _

MANIFEST = "manifest.json"
WORK_FOLDER = re.compile(r"^\.(?P<case>.+)\.(?P<stage>building|replaced)-(?P<pid>\d+)-[0-9a-f]+$")
"""``.CASE_ID.building-PID-XXXX`` (being built) and ``.CASE_ID.replaced-PID-XXXX`` (an old build being removed)."""
PUBLISH_ATTEMPTS = 5
"""Times the two-rename replacement is tried when another build moves the folder in between."""

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def is_work_folder(folder: Path) -> bool:
    return WORK_FOLDER.match(folder.name) is not None


def work_folder(out: Path, case_id: str) -> Path:
    """A new, empty work folder in ``out`` (created when missing); stale ones of dead builds are removed first."""
    if out.exists() and not out.is_dir():
        raise CannotWrite(_("the output path is a file, not a folder"), file=str(out),
                          hint=_("give -o a folder (it is created when missing)"))
    try:
        out.mkdir(parents=True, exist_ok=True)
        remove_stale_work_folders(out)
        work = out / f".{case_id}.building-{os.getpid()}-{secrets.token_hex(4)}"
        work.mkdir(mode=_folder_mode())
        return work
    except OSError as exc:
        raise CannotWrite(_("cannot create a work folder in the output folder ({why})", why=describe_os_error(exc)),
                          file=str(out),
                          hint=_("check that the output folder is writable and the disk is not full")) from exc


def remove_stale_work_folders(out: Path) -> list[Path]:
    """Remove the work folders in ``out`` whose build process no longer runs; returns them."""
    removed = []
    for entry in out.iterdir():
        found = WORK_FOLDER.match(entry.name)
        if found and entry.is_dir() and not entry.is_symlink() and not _running(int(found.group("pid"))):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _folder_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o777 & ~mask


# --------------------------------------------------------------------------- publish


def refuse_existing(final: Path, overwrite: bool) -> None:
    if not (final.exists() or final.is_symlink()):
        return
    if not overwrite:
        raise CannotWrite(_("the output folder already exists"), file=str(final),
                          hint=_("remove it, choose another -o, or build with --overwrite "
                                 "(the old folder is replaced only after the new build verified)"))
    if not is_build_of(final, final.name):
        raise CannotWrite(_("the output folder exists and is not an earlier build of this case; --overwrite "
                            "replaces only a folder with this case's manifest.json"), file=str(final),
                          hint=_("move that folder away or choose another -o"))


def is_build_of(folder: Path, name: str) -> bool:
    """Whether ``folder`` holds a build whose manifest's case_id names a folder ``name`` (masked, for a collector
    build: the manifest says ``GX-110105********041X``, the folder is ``GX-110105xxxxxxxx041X``)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return (folder.is_dir() and not folder.is_symlink() and isinstance(manifest, dict)
            and isinstance(manifest.get("case_id"), str) and file_safe(manifest["case_id"]) == name)


def publish(work: Path, final: Path, *, overwrite: bool) -> bool:
    """Move the verified work folder to ``final``; returns whether an earlier build was replaced."""
    for _attempt in range(PUBLISH_ATTEMPTS):
        refuse_existing(final, overwrite)
        if not (final.exists() or final.is_symlink()):
            if _try_rename(work, final):
                return False
            continue  # another build published first: refuse, or replace it
        if _replace(work, final):
            return True
    raise CannotWrite(_("another build kept replacing the output folder at the same time"), file=str(final),
                      hint=_("build each case once at a time into one output folder"))


def _replace(work: Path, final: Path) -> bool:
    """Put ``work`` in the place of the earlier build ``final``; False when ``final`` moved meanwhile."""
    old = final.with_name(f".{final.name}.replaced-{os.getpid()}-{secrets.token_hex(4)}")
    if exchange(work, final):
        work.rename(old)  # work now holds the earlier build
        shutil.rmtree(old, ignore_errors=True)
        return True
    if not _try_rename(final, old):
        return False
    if not _try_rename(work, final):
        if not _try_rename(old, final):  # put the earlier build back, unless another build took its place
            shutil.rmtree(old, ignore_errors=True)
        return False
    shutil.rmtree(old, ignore_errors=True)
    return True


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with ``renameat2(RENAME_EXCHANGE)``; False where the system lacks it."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.ENOENT):
        return False  # not supported here (or ``b`` vanished): fall back to renames
    why = describe_os_error(OSError(code, os.strerror(code)))
    raise CannotWrite(_("cannot move the built folder into place ({why})", why=why), file=str(b),
                      hint=_("check permissions of the output folder and that the disk is not full"))


def _renameat2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


def _try_rename(source: Path, target: Path) -> bool:
    """Rename; False when the target appeared or the source vanished (a concurrent build), else CannotWrite."""
    try:
        os.rename(source, target)
        return True
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT):
            return False
        raise CannotWrite(_("cannot move the built folder into place ({why})", why=describe_os_error(exc)),
                          file=str(target),
                          hint=_("check permissions of the output folder; another build may be writing there")) from exc
