"""A throwaway PostgreSQL cluster for the store tests: initdb in a temporary folder, ``pg_ctl start``
on loopback, stopped and removed afterwards.

PostgreSQL refuses to run as root, so when the tests run as root the cluster runs as the
unprivileged user ``nobody`` (through ``runuser``); its folder is handed to that user.
Debian's ``postgresql`` package keeps initdb and pg_ctl in /usr/lib/postgresql/N/bin.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CLUSTER_USER = "nobody"
START_TIMEOUT_S = 60


def postgres_bin() -> Path | None:
    """The folder of initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_cluster_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", CLUSTER_USER, "--", *command]


@contextmanager
def postgres_cluster() -> Iterator[str]:
    """Yield a ``postgresql+psycopg://`` URL of a fresh database on a new cluster."""
    binaries = postgres_bin()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed (make system installs Debian's postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="evidence-kit-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, CLUSTER_USER)
        folder.chmod(0o700)
    port = _free_port()
    run = lambda *args: subprocess.run(_as_cluster_user(list(args)), check=True, capture_output=True,  # noqa: E731
                                       cwd=folder, timeout=START_TIMEOUT_S)
    try:
        run(str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8")
        run(str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
            f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off", "start")
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        finally:
            run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
