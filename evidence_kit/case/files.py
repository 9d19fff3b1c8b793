"""Fingerprints of the files a case folder holds, and reading them safely.

An input is opened without blocking (a FIFO named as a ledger must not hang the tool)
and only when it is a regular file; it is read up to a stated limit, never to its end
when it is larger.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections import OrderedDict
from io import BufferedIOBase, BufferedReader
from pathlib import Path
from typing import Any

from evidence_kit.i18n import N_, _, translate

CHUNK = 1 << 20
"""Bytes read at a time while hashing: a file of any size is hashed in constant memory."""


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a folder: the tool reads regular files only."""


class FileTooLarge(OSError):
    """The file is larger than the limit stated for its kind."""

    def __init__(self, path: Path, limit: int, size: int) -> None:
        super().__init__(_("larger than {limit} bytes ({size})", limit=f"{limit:,}", size=f"{size:,}"))
        self.filename = str(path)
        self.limit = limit
        self.size = size


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words of the current language ("a folder")."""
    if stat.S_ISDIR(mode):
        return translate(FILE_KINDS["folder"])
    if stat.S_ISFIFO(mode):
        return translate(FILE_KINDS["fifo"])
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return translate(FILE_KINDS["device"])
    if stat.S_ISSOCK(mode):
        return translate(FILE_KINDS["socket"])
    return translate(FILE_KINDS["other"])


FILE_KINDS = {
    "folder": N_("a folder"), "fifo": N_("a FIFO (named pipe)"), "device": N_("a device"), "socket": N_("a socket"),
    "other": N_("not a regular file"),
}


def open_regular(path: Path) -> BufferedReader:
    """Open ``path`` for reading when it is a regular file; never blocks on a FIFO or device."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(0, _("it is {kind}, not a regular file", kind=kind_of(mode)), str(path))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(path: Path, limit: int) -> bytes:
    """The whole of a regular file of at most ``limit`` bytes (raises :class:`FileTooLarge` beyond)."""
    with open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise FileTooLarge(path, limit, size)
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise FileTooLarge(path, limit, len(data))
    return data


def sha256_file(path: Path, *, limit: int | None = None) -> str:
    """SHA-256 of a regular file; with ``limit``, of its first ``limit`` bytes at most."""
    digest = hashlib.sha256()
    with open_regular(path) as fh:
        hash_from(fh, digest, limit)
    return digest.hexdigest()


def hash_from(fh: BufferedIOBase, digest: Any, limit: int | None = None) -> None:
    """Feed ``digest`` what ``fh`` reads from where it is, to its end or ``limit`` bytes at most.

    Read into one reused buffer (a new ``bytes`` per block costs a third of the hashing).
    """
    left = limit if limit is not None else -1
    view = memoryview(bytearray(CHUNK))
    while left != 0:
        size = fh.readinto(view if left < 0 or left >= CHUNK else view[:left])
        if not size:
            break
        digest.update(view[:size])
        if left > 0:
            left -= size


DIGESTS_KEPT = 4096
"""Exhibit hashes one process remembers (``check`` then ``build`` hash each exhibit once)."""
_DIGESTS: OrderedDict[tuple[str, int, int, int, int, int], str] = OrderedDict()


def file_digest(path: Path) -> str:
    """:func:`sha256_file` of ``path``, computed once per process while the file is unchanged.

    Unchanged: the same device, inode, size, modification and change times as when it was hashed.
    """
    key = _digest_key(path)
    if key in _DIGESTS:
        _DIGESTS.move_to_end(key)
        return _DIGESTS[key]
    return remember_digest(path, None)


def remember_digest(path: Path, digest: str | None) -> str:
    """Remember ``digest`` (None: hash the file now) as the SHA-256 of ``path`` as it is now, for :func:`file_digest`.

    For a file this process has just written and hashed while writing it.
    """
    key = _digest_key(path)
    digest = _DIGESTS[key] = digest if digest is not None else sha256_file(path)
    while len(_DIGESTS) > DIGESTS_KEPT:
        _DIGESTS.popitem(last=False)
    return digest


def _digest_key(path: Path) -> tuple[str, int, int, int, int, int]:
    info = path.stat()
    return (str(path.resolve()), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
