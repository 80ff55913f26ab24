"""The database half of a backup: a consistent copy out, a whole replacement in.

One class per vendor, both with the same four members: `vendor`, `dump_name`, `snapshot(dest)`
(copy the database to one file and say what that copy holds) and `restore(dump)`. They take a
DATABASES entry rather than Django's connection, so a test can point them at any database.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps


class BackupError(Exception):
    """A refusal or failure, worded for the person at the console (Chinese)."""


# Counted in the manifest and when deciding whether a database "has data".
MAIN_MODELS = [
    "orgs.Organization",
    "orgs.Employer",
    "auth.User",
    "members.Person",
    "members.Membership",
    "assistance.HardshipFile",
    "assistance.Application",
    "assistance.Disbursement",
    "bargaining.Agreement",
    "competitions.Competition",
    "honors.ModelWorker",
    "activities.Event",
    "reports.Report",
    "core.AuditEvent",
    "core.ChangeRecord",
]


def main_tables() -> list[tuple[str, str]]:
    """(label, table) of the main models; labels as in the manifest, e.g. members.person."""
    result = []
    for label in MAIN_MODELS:
        model = apps.get_model(label)
        result.append((model._meta.label_lower, model._meta.db_table))
    return result


@dataclass
class Snapshot:
    """What one copy of the database holds."""

    migrations: list[tuple[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def engine_for(database: dict):
    engine = database["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return SqliteEngine(database)
    if engine == "django.db.backends.postgresql":
        return PostgresEngine(database)
    raise BackupError(f"不支持备份这种数据库（{engine}），只支持 SQLite 和 PostgreSQL。")


def vendor_label(vendor: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(vendor, vendor)


class SqliteEngine:
    vendor = "sqlite"
    dump_name = "database/gonghui.sqlite3"

    def __init__(self, database: dict):
        name = str(database["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise BackupError("内存中的 SQLite 数据库不能备份或恢复。")
        self.path = Path(name)

    def _read(self, conn: sqlite3.Connection) -> Snapshot:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        snap = Snapshot()
        if "django_migrations" in tables:
            snap.migrations = sorted(conn.execute("SELECT app, name FROM django_migrations"))
        for label, table in main_tables():
            if table in tables:
                snap.counts[label] = conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
        return snap

    def snapshot(self, dest: Path) -> Snapshot:
        if not self.path.is_file():
            raise BackupError(f"数据库文件 {self.path} 不存在。")
        # Read-only, so a wrong path never creates an empty database. The online backup API copies
        # every page in one step under one read transaction: consistent while the server writes.
        source = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        target = sqlite3.connect(dest)
        try:
            source.backup(target)
            # One self-contained file in the archive, whatever journal mode the live database uses.
            target.execute("PRAGMA journal_mode=DELETE")
            return self._read(target)
        finally:
            target.close()
            source.close()

    def counts(self) -> dict[str, int]:
        """Rows in the main tables of the live database; empty when there is no database yet."""
        if not self.path.is_file():
            return {}
        conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return self._read(conn).counts
        finally:
            conn.close()

    def restore(self, dump: Path) -> None:
        """Put `dump` in place of the database: copied beside it, checked, then renamed over it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        staged = self.path.with_name(f".{self.path.name}.restore-{os.getpid()}")
        try:
            shutil.copyfile(dump, staged)
            conn = sqlite3.connect(staged)
            try:
                check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                conn.close()
            if check != "ok":
                raise BackupError(f"备份中的数据库文件未通过完整性检查（{check}），未做任何改动。")
            # A write-ahead log left by the old database would be replayed into the new file:
            # fold it into the old file first, then drop it together with its index.
            if self.path.exists():
                old = sqlite3.connect(self.path)
                try:
                    old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                finally:
                    old.close()
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            os.replace(staged, self.path)
        finally:
            staged.unlink(missing_ok=True)


_PG_MISSING = (
    "找不到 {tool} 命令，无法{what} PostgreSQL 数据库：请安装 Debian 软件包 postgresql-client"
    "（apt-get install postgresql-client），其版本不能低于数据库服务器的版本。"
)
_PG_TABLE = re.compile(r"^\d+; \d+ \d+ TABLE (\S+) (\S+) ")


class PostgresEngine:
    vendor = "postgresql"
    dump_name = "database/gonghui.pgdump"

    def __init__(self, database: dict):
        self.database = database

    def _tool(self, name: str, what: str) -> str:
        path = shutil.which(name)
        if path is None:
            raise BackupError(_PG_MISSING.format(tool=name, what=what))
        return path

    def _env(self) -> dict[str, str]:
        db = self.database
        env = dict(os.environ)
        for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
            if db.get(key):
                env[var] = str(db[key])
        if db.get("PASSWORD"):
            env["PGPASSWORD"] = str(db["PASSWORD"])
        if (db.get("OPTIONS") or {}).get("sslmode"):
            env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
        return env

    def _connect(self):
        import psycopg

        db = self.database
        params = {"dbname": db["NAME"]}
        for key, param in (("HOST", "host"), ("PORT", "port"), ("USER", "user")):
            if db.get(key):
                params[param] = str(db[key])
        if db.get("PASSWORD"):
            params["password"] = db["PASSWORD"]
        if (db.get("OPTIONS") or {}).get("sslmode"):
            params["sslmode"] = db["OPTIONS"]["sslmode"]
        try:
            return psycopg.connect(**params)
        except psycopg.OperationalError as exc:
            raise BackupError(f"连接数据库 {db['NAME']} 失败：{exc}") from None

    @staticmethod
    def _read(cursor) -> Snapshot:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = {row[0] for row in cursor.fetchall()}
        snap = Snapshot()
        if "django_migrations" in tables:
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            snap.migrations = [tuple(row) for row in cursor.fetchall()]
        for label, table in main_tables():
            if table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                snap.counts[label] = cursor.fetchone()[0]
        return snap

    def _run(self, args: list[str], what: str) -> str:
        done = subprocess.run(args, env=self._env(), capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"{what}失败：{done.stderr.strip() or done.stdout.strip()}")
        return done.stdout

    def snapshot(self, dest: Path) -> Snapshot:
        import psycopg

        pg_dump = self._tool("pg_dump", "备份")
        with self._connect() as conn:
            conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            with conn.cursor() as cursor:
                # pg_dump joins this transaction's snapshot, so the dump and the counts in the
                # manifest show the same moment.
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot_id = cursor.fetchone()[0]
                snap = self._read(cursor)
                self._run(
                    [pg_dump, "--format=custom", f"--snapshot={snapshot_id}", "--file", str(dest)]
                    + ["--dbname", self.database["NAME"]],
                    "pg_dump 备份",
                )
            conn.rollback()
        return snap

    def counts(self) -> dict[str, int]:
        with self._connect() as conn, conn.cursor() as cursor:
            return self._read(cursor).counts

    def restore(self, dump: Path) -> None:
        pg_restore = self._tool("pg_restore", "恢复")
        listing = self._run([pg_restore, "--list", str(dump)], "读取备份目录")
        archived = {m.group(2) for m in map(_PG_TABLE.match, listing.splitlines()) if m}
        # --clean drops only what the dump holds: tables made by newer migrations would stay and
        # block `migrate` afterwards, so they go first.
        with self._connect() as conn, conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            for (table,) in cursor.fetchall():
                if table not in archived:
                    cursor.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
        self._run(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                self.database["NAME"],
                str(dump),
            ],
            "pg_restore 恢复",
        )
