"""A real, throwaway PostgreSQL server on 127.0.0.1, started from the server binaries
(for the test run, and for the benchmarks that compare the two backends).

``initdb``, ``pg_ctl`` and ``postgres`` come from PATH or Debian's
``/usr/lib/postgresql/<version>/bin`` (``apt install postgresql``; `.ci/run`
installs it where it is missing). initdb refuses to run as root, so as root the
server runs as the ``postgres`` user (created when missing). Each test gets a
database of its own; the server lives for the whole run and is stopped at its end.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import warnings
from pathlib import Path

import psycopg

SERVER_USER = "postgres"


def find_binaries() -> Path:
    """The folder holding initdb, pg_ctl and postgres: on PATH, in Debian's folders, or
    else the build the ``pgserver`` wheel carries (installed with the test tools)."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl") and shutil.which("postgres"):
        return Path(found).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if all((Path(folder) / name).exists() for name in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    wheel = _wheel_binaries()
    if wheel is not None:
        return wheel
    raise RuntimeError(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH, in "
        "/usr/lib/postgresql/*/bin or in the pgserver package: install them "
        "(Debian: apt install postgresql; or pip install pgserver)"
    )


def _wheel_binaries() -> Path | None:
    try:
        with warnings.catch_warnings():  # its platformdirs warns when XDG_RUNTIME_DIR is unset
            warnings.simplefilter("ignore")
            import pgserver
    except ImportError:
        return None
    install = Path(pgserver.__file__).parent / "pginstall"
    if not (install / "bin" / "initdb").exists():
        return None
    if os.geteuid() != 0:
        return install / "bin"
    # As root the server runs as another user, who may not read root's site-packages:
    # a copy it can read, made once per machine, with the shared libraries beside it
    # where the binaries look for them ($ORIGIN/../../../pgserver.libs).
    copy = Path(tempfile.gettempdir()) / "talkwatch-pgserver"
    if not (copy / "pgserver" / "pginstall" / "bin" / "initdb").exists():
        partial = Path(tempfile.mkdtemp(prefix="talkwatch-pgserver-"))
        shutil.copytree(install, partial / "pgserver" / "pginstall")
        libs = install.parent.parent / "pgserver.libs"
        if libs.is_dir():
            shutil.copytree(libs, partial / "pgserver.libs")
        os.chmod(partial, 0o755)
        shutil.rmtree(copy, ignore_errors=True)
        os.replace(partial, copy)
    return copy / "pgserver" / "pginstall" / "bin"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """initdb + pg_ctl start in a temporary folder; ``new_database()`` per test."""

    def __init__(self) -> None:
        self.bin = find_binaries()
        self.root = Path(tempfile.mkdtemp(prefix="talkwatch-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.superuser = "talkwatch"
        self._names = itertools.count(1)
        self._as_user: list[str] = []
        self._started = False

    def _run(self, *args: str) -> None:
        done = subprocess.run([*self._as_user, *args], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr or done.stdout}")

    def start(self) -> None:
        if os.geteuid() == 0:
            try:
                pwd.getpwnam(SERVER_USER)
            except KeyError:
                subprocess.run(["useradd", "--system", "--no-create-home", SERVER_USER], check=True)
            shutil.chown(self.root, SERVER_USER)
            os.chmod(self.root, 0o700)
            self._as_user = ["runuser", "-u", SERVER_USER, "--"]
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            self.superuser,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.root} -F "
            "-c max_connections=300 -c shared_buffers=64MB -c synchronous_commit=off"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log"),
            "-o",
            options,
            "-w",
            "start",
        )
        self._started = True

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.superuser}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        name = f"t{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            if self._started:
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
