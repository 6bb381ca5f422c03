"""The databases the store's tests run on: SQLite files, and a real PostgreSQL server started by
the tests (Debian's ``postgresql``: ``/usr/lib/postgresql/<version>/bin``, which ``.ci/run``
installs).

One PostgreSQL server serves the whole test session, whatever the number of xdist workers: the
first worker that needs it starts it (under a file lock, in a folder every worker shares), the
others find its address there, and the session's controller stops it at the end
(:func:`stop_shared_server`, from ``conftest.py``). PostgreSQL refuses to run as root, and CI
runs as root: there the server runs as the unprivileged user ``nobody``. It listens on a free
port of 127.0.0.1 with trust authentication, fsync off (a test server). Each test gets a fresh
database copied from a migrated template (``CREATE DATABASE ... TEMPLATE``), so tests and
workers never see each other's invoices.
"""

from __future__ import annotations

import fcntl
import glob
import itertools
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

SHARED_ENV = "PREPAY_TEST_SHARED"  # the folder every worker of one session shares
CONTROLLER_ENV = "PREPAY_TEST_CONTROLLER"  # the session controller's process id
TEMPLATE_DB = "prepay_template"
PG_USER = "prepay"


def shared_dir() -> Path:
    """The session's shared folder (made by the controller's ``pytest_configure``)."""
    folder = os.environ.get(SHARED_ENV)
    if not folder:
        folder = tempfile.mkdtemp(prefix="prepay-tests-")
        os.environ[SHARED_ENV] = folder
        os.environ[CONTROLLER_ENV] = str(os.getpid())
    return Path(folder)


def pg_bindir() -> Path | None:
    """Where PostgreSQL's server programs are: ``$PREPAY_PG_BIN``, Debian's
    ``/usr/lib/postgresql/<newest>/bin``, or the PATH."""
    given = os.environ.get("PREPAY_PG_BIN")
    if given:
        return Path(given)
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    which = shutil.which("pg_ctl")
    return Path(which).parent if which else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_user() -> dict:
    """Run the server as ``nobody`` when we are root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return {}
    entry = pwd.getpwnam("nobody")
    return {"user": entry.pw_uid, "group": entry.pw_gid}


def _start_server(bindir: Path) -> dict:
    as_user = _server_user()
    root = Path(tempfile.mkdtemp(prefix="prepay-pg-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if as_user:
        for path in (root, sockets):
            os.chown(path, as_user["user"], as_user["group"])
    env = dict(os.environ, LC_ALL="C", LANG="C")
    subprocess.run(
        [str(bindir / "initdb"), "-D", str(data), "-U", PG_USER, "-A", "trust", "-E", "UTF8",
         "--no-sync", "--no-instructions"],
        check=True, capture_output=True, env=env, cwd=root, **as_user,
    )  # fmt: skip
    for _attempt in range(5):
        port = _free_port()
        options = (
            f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={sockets} "
            "-c fsync=off -c full_page_writes=off -c synchronous_commit=off "
            "-c max_connections=100 -c shared_buffers=16MB"
        )
        done = subprocess.run(
            [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w",
             "-t", "60", "-o", options, "start"],
            capture_output=True, env=env, cwd=root, **as_user,
        )  # fmt: skip
        if done.returncode == 0:
            break
    else:
        log = (root / "server.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"PostgreSQL did not start: {done.stderr.decode()}\n{log}")
    info = {"root": str(root), "bindir": str(bindir), "port": port, "as_user": bool(as_user)}
    _watch(info)
    _make_template(info)
    return info


def _watch(info: dict) -> None:
    """A watcher, in a session of its own, that stops the server once the test session's
    controller is gone, however it ended (pg_ctl detaches the server: a killed pytest would
    otherwise leave it running)."""
    controller = os.environ.get(CONTROLLER_ENV) or str(os.getpid())
    subprocess.Popen(
        [sys.executable, __file__, "--watch", controller, json.dumps(info)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip


def _stop(info: dict) -> None:
    subprocess.run(
        [str(Path(info["bindir"]) / "pg_ctl"), "-D", str(Path(info["root"]) / "data"),
         "-m", "immediate", "-w", "stop"],
        capture_output=True, cwd=info["root"], **_server_user(),
    )  # fmt: skip
    shutil.rmtree(info["root"], ignore_errors=True)


def server_url(info: dict, database: str) -> str:
    return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{info['port']}/{database}"


def _admin(info: dict, sql: str) -> None:
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=info["port"], user=PG_USER, dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(sql)


def _make_template(info: dict) -> None:
    """A database at the store's schema, which each test's database is copied from."""
    from prepay_modeller.store import db

    _admin(info, f"CREATE DATABASE {TEMPLATE_DB}")
    store = db.Store(db.target(server_url(info, TEMPLATE_DB)))
    store.upgrade()
    store.dispose()


def shared_server() -> dict:
    """The session's PostgreSQL server, started by the first worker that asks."""
    folder = shared_dir()
    with open(folder / "pg.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        info_file = folder / "pg.json"
        if info_file.is_file():
            info = json.loads(info_file.read_text())
            if "error" in info:
                raise RuntimeError(info["error"])
            return info
        bindir = pg_bindir()
        if bindir is None or not (bindir / "initdb").is_file():
            info = {"error": "PostgreSQL's server programs (initdb, pg_ctl) are not installed"}
        else:
            try:
                info = _start_server(bindir)
            except (OSError, RuntimeError, subprocess.CalledProcessError) as exc:
                detail = getattr(exc, "stderr", b"") or b""
                info = {"error": f"PostgreSQL could not start: {exc} {detail.decode()[-500:]}"}
        info_file.write_text(json.dumps(info))
        if "error" in info:
            raise RuntimeError(info["error"])
        return info


def stop_shared_server() -> None:
    """Stop the session's server, if one was started (the controller, at the very end)."""
    folder = os.environ.get(SHARED_ENV)
    if not folder:
        return
    info_file = Path(folder) / "pg.json"
    if info_file.is_file():
        info = json.loads(info_file.read_text())
        if "root" in info:
            _stop(info)
    shutil.rmtree(folder, ignore_errors=True)


_counter = itertools.count(1)


def fresh_postgresql() -> str:
    """A new database at the store's schema on the session's server; its URL."""
    try:
        info = shared_server()
    except RuntimeError as exc:
        if os.environ.get("CI"):
            raise  # CI installs PostgreSQL (.ci/run): its absence is a failure there
        pytest.skip(str(exc))
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"t_{worker}_{os.getpid()}_{next(_counter)}"
    _admin(info, f"CREATE DATABASE {name} TEMPLATE {TEMPLATE_DB}")
    return server_url(info, name)


_sqlite_template: list[Path] = []


def fresh_sqlite(folder: Path) -> str:
    """A new SQLite file at the store's schema in ``folder`` (copied from one migrated once per
    process); its URL."""
    from prepay_modeller.store import db

    if not _sqlite_template:
        template = shared_dir() / f"template-{os.getpid()}.db"
        store = db.Store(db.target(str(template)))
        store.upgrade()
        store.dispose()  # the last connection checkpoints the WAL into the file
        _sqlite_template.append(template)
    path = folder / "prepay.db"
    shutil.copyfile(_sqlite_template[0], path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A fresh database at the store's schema: each test runs on SQLite and on PostgreSQL."""
    from prepay_modeller.store import db

    url = fresh_sqlite(tmp_path) if request.param == "sqlite" else fresh_postgresql()
    yield url
    db.close(url)


def wait_for(predicate, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False


if __name__ == "__main__" and sys.argv[1:2] == ["--watch"]:
    pid, info = int(sys.argv[2]), json.loads(sys.argv[3])
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.5)
    _stop(info)
