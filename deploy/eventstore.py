"""The production profile's event store: a private PostgreSQL cluster on a loopback port.

Debian's `postgresql` package (binaries in /usr/lib/postgresql/<version>/bin). The cluster is
made with initdb at start (password authentication, scram-sha-256; no Unix socket) and run in
the foreground as one `Process`. The operator's superuser and Rasa's own role (owner of the
`act` database only) each get a password: INSIGHTS_DB_PASSWORD / INSIGHTS_DB_ADMIN_PASSWORD
from the environment, random ones for a local run. PostgreSQL refuses to run as root: as root,
the cluster runs as the `postgres` user (runuser) in its own private temporary folder.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, List

from deploy.config import StackError
from scripts.processes import Process, private_dir, tcp_open
from scripts.servers import ROOT

ADMIN_USER = "operator"
RASA_ROLE = "act"
DATABASE = "act"
SERVICE_USER = "postgres"  # the Debian package's user, when the stack runs as root


def widget_pages(web_root: Path, out: Path, keeps_days: int) -> Path:
    """``web_root`` itself, or (unanswered questions kept) a copy whose pages tell the widget so."""
    if keeps_days <= 0:
        return web_root
    spec = importlib.util.spec_from_file_location("act_web_serve", ROOT / "web" / "serve.py")
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    shutil.copytree(web_root, out, dirs_exist_ok=True)
    for page in out.glob("*.html"):
        page.write_text(serve.note_kept_text(page.read_text(), keeps_days))
    return out


def pg_binary(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version) or [shutil.which(name)]
    if not found[-1]:
        raise StackError(
            f"PostgreSQL's '{name}' is not installed. Install it from Debian's packages: "
            "apt-get update && apt-get install -y postgresql"
        )
    return found[-1]


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


class EventStore:
    def __init__(self, run_dir: Path, log_dir: Path, port: int) -> None:
        self.port, self.log_dir = port, log_dir
        self.password = os.environ.get("INSIGHTS_DB_PASSWORD") or secrets.token_urlsafe(24)
        self.admin_password = os.environ.get("INSIGHTS_DB_ADMIN_PASSWORD") or secrets.token_urlsafe(24)
        self.as_root = os.geteuid() == 0
        if self.as_root:  # a folder the postgres user owns, apart from the root-owned run directory;
            # named now, made at start: a stack that never starts its store (--keep or not) leaves none
            self.home = Path(tempfile.gettempdir()) / f"act-postgres-{secrets.token_hex(6)}"
        else:
            self.home = private_dir(run_dir / "postgres")
        self.home_made = not self.as_root  # as root: made at the first start()
        self.data_dir = self.home / "data"
        self.process: Process | None = None

    def _as_owner(self, cmd: List[str]) -> List[str]:
        return ["runuser", "-u", SERVICE_USER, "--", *cmd] if self.as_root else cmd

    def init_cluster(self) -> None:
        pwfile = self.home / "admin.pw"
        pwfile.write_text(self.admin_password + "\n")
        pwfile.chmod(0o600)
        if self.as_root:
            entry = pwd.getpwnam(SERVICE_USER)
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        cmd = [pg_binary("initdb"), "-D", str(self.data_dir), "-U", ADMIN_USER, "--auth=scram-sha-256"]
        cmd += [f"--pwfile={pwfile}", "-E", "UTF8", "--no-instructions"]
        result = subprocess.run(self._as_owner(cmd), capture_output=True, text=True)
        pwfile.unlink()
        if result.returncode != 0:
            raise StackError(f"initdb failed:\n{result.stdout}\n{result.stderr}")

    def _make_home(self) -> None:
        if self.as_root and not self.home_made:
            self.home.mkdir(mode=0o700)  # raises if anyone made it first, as mkdtemp would
            entry = pwd.getpwnam(SERVICE_USER)
            os.chown(self.home, entry.pw_uid, entry.pw_gid)
            self.home_made = True

    def start(self, wait: bool = True) -> Process:
        self._make_home()
        if not (self.data_dir / "PG_VERSION").exists():
            self.init_cluster()
        cmd = [pg_binary("postgres"), "-D", str(self.data_dir), "-p", str(self.port)]
        cmd += [
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "unix_socket_directories=",
            "-c",
            "max_connections=50",
        ]
        self.process = Process("postgres", self._as_owner(cmd), None, self.log_dir / "postgres.log").start()
        if wait:
            self.process.wait_ready(tcp_open(self.port), 60)
            self.process.wait_ready(self._create_role, 30)
        return self.process

    def _create_role(self) -> bool:
        """Rasa's role and database (once); True when they are there."""
        import psycopg2

        connection = psycopg2.connect(self.admin_url())
        try:
            connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (RASA_ROLE,))
                if cursor.fetchone() is None:
                    cursor.execute(f"CREATE ROLE {RASA_ROLE} LOGIN PASSWORD %s", (self.password,))
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,))
                if cursor.fetchone() is None:
                    cursor.execute(f"CREATE DATABASE {DATABASE} OWNER {RASA_ROLE}")
                    cursor.execute(f"REVOKE ALL ON DATABASE {DATABASE} FROM PUBLIC")
        finally:
            connection.close()
        return True

    def admin_url(self, db: str = "postgres") -> str:
        return f"postgresql://{ADMIN_USER}:{self.admin_password}@127.0.0.1:{self.port}/{db}"

    def url(self) -> str:
        """Rasa's role on the event database (for `make insights INSIGHTS_DB=...`)."""
        return f"postgresql://{RASA_ROLE}:{self.password}@127.0.0.1:{self.port}/{DATABASE}"

    def env(self) -> Dict[str, str]:
        """The variables endpoints.prod.yml's event_broker reads."""
        return dict(
            INSIGHTS_DB_HOST="127.0.0.1",
            INSIGHTS_DB_PORT=str(self.port),
            INSIGHTS_DB_NAME=DATABASE,
            INSIGHTS_DB_USER=RASA_ROLE,
            INSIGHTS_DB_PASSWORD=self.password,
        )

    def stop(self) -> None:
        if self.process:
            self.process.stop()

    def remove(self) -> None:
        """Delete the cluster's files (the run directory's own removal does not reach them as root)."""
        shutil.rmtree(self.home, ignore_errors=True)
