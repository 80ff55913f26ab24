"""Shared plumbing of the benchmarks: scratch databases and one child process per backend.

Django reads its database settings once per process, so each backend runs in a child process
with its own GONGHUI_DATABASE_URL; the parent prints the summary.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/gh_bench"
RESULT = "BENCH-RESULT "


def workdir() -> Path:
    folder = Path(os.environ.get("GONGHUI_BENCH_DIR", ROOT / "data" / "bench"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def postgres_url(name: str = "") -> str:
    """A scratch database on the server of GONGHUI_DATABASE_URL (or the local one), named by
    GONGHUI_BENCH_PG_DB (default gh_bench)."""
    name = name or os.environ.get("GONGHUI_BENCH_PG_DB", "gh_bench")
    url = os.environ.get("GONGHUI_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = DEFAULT_PG
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


def recreate_postgres(url: str) -> str | None:
    """Drop and create the scratch database; return why not, if the server is not there."""
    try:
        import psycopg
    except ImportError as error:  # pragma: no cover
        return str(error)
    base, _, name = url.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]
    return None


def sqlite_url(name: str) -> str:
    path = workdir() / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def run_child(module: str, backend: str, url: str, args: list[str]) -> dict | None:
    env = os.environ | {"GONGHUI_DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "gonghui.settings"}
    command = [sys.executable, "-m", module, "--child", backend, *args]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    result = None
    for line in process.stdout:
        if line.startswith(RESULT):
            result = json.loads(line[len(RESULT) :])
        else:
            print(line, end="", flush=True)
    if process.wait() != 0:
        print(f"[{backend}] 子进程失败，退出码 {process.returncode}")
        return None
    return result


def emit(result: dict) -> None:
    print(RESULT + json.dumps(result), flush=True)


def backends(choice: str) -> list[tuple[str, str]]:
    """[(backend, url)] to run; PostgreSQL is left out, with a note, when no server answers."""
    chosen = []
    if choice in ("sqlite", "both"):
        chosen.append(("sqlite", ""))
    if choice in ("postgresql", "both"):
        url = postgres_url()
        problem = recreate_postgres(url)
        if problem:
            print(f"跳过 PostgreSQL（{url}）：{problem}")
        else:
            chosen.append(("postgresql", url))
    return chosen


def rate(rows: int, seconds: float) -> float:
    return rows / seconds if seconds > 0 else float("inf")


def timer_query_sum():
    """A connection.execute_wrapper that sums the time spent in the database."""
    import time

    class Sum:
        def __init__(self):
            self.seconds, self.queries, self.log = 0.0, 0, []

        def __call__(self, execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent = time.perf_counter() - started
                self.seconds += spent
                self.queries += 1
                self.log.append((spent, sql, params))

        def slowest(self):
            return max(self.log, key=lambda entry: entry[0]) if self.log else None

    return Sum()
