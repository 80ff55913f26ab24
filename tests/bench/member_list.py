"""Benchmark: the member list at county scale (500,000 members, 5,000 unions, 10,000 employers).

    python -m tests.bench.member_list [--members 500000] [--backend both] [--regenerate]

Generates the county once (kept in data/bench/bench-county.sqlite3 and the gh_bench_county
database; --regenerate starts again), then requests /members/ through the test client as the
users who use it, with the filters they use, and sums the time each request spends in the
database (connection.execute_wrapper). Target (issue #1): under 0.1 s per page.
Not collected by pytest (the file name does not start with test_).
"""

import argparse
import os
import time

from tests.bench.common import (
    emit,
    postgres_url,
    recreate_postgres,
    run_child,
    workdir,
)

TARGET = 0.1
REPEAT = 5


def ensure_county(members: int) -> None:
    from django.core.management import call_command

    from gonghui.core.generate import generate_county
    from gonghui.members.models import Person

    call_command("migrate", verbosity=0)
    have = Person.objects.count()
    if have == members:
        print(f"  沿用已生成的 {have:,} 名会员", flush=True)
        return
    if have:
        raise SystemExit(f"库中已有 {have} 人，与 --members {members} 不符；请加 --regenerate")
    started = time.perf_counter()
    generate_county(members=members, unions=5_000, employers=10_000, seed=1, progress=print)
    print(f"  生成用时 {time.perf_counter() - started:.0f} 秒", flush=True)
    from django.db import connection

    # Fresh statistics (and on PostgreSQL the visibility map), as autovacuum leaves a live database.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")


def users():
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from gonghui.orgs.models import Organization, Placement

    root = Organization.objects.get(depth=1)
    town = Organization.objects.filter(depth=2).order_by("path").first()
    big = (
        Organization.objects.unions()
        .annotate(n=Count("memberships"))
        .order_by("-n")
        .values_list("pk", flat=True)
        .first()
    )
    union = Organization.objects.get(pk=big)
    made = {}
    for username, org, role in (
        ("bench_county", root, "staff"),
        ("bench_town", town, "staff"),
        ("bench_chair", union, "chair"),
    ):
        user, _ = get_user_model().objects.get_or_create(username=username)
        Placement.objects.update_or_create(user=user, defaults={"org": org, "role": role})
        made[username] = user
    return made, root, town, union


def scenarios(root, town, union):
    from gonghui.members.models import Person

    someone = (
        Person.objects.exclude(mobile="")
        .order_by("pk")
        .values_list("id_number", "name", "mobile")
        .first()
    )
    return [
        ("县总工会：第 1 页（在册，默认排序）", "bench_county", {}),
        ("县总工会：第 200 页", "bench_county", {"page": 200}),
        ("县总工会：姓名前缀“王”", "bench_county", {"q": "王"}),
        ("县总工会：姓名前缀“王”，第 100 页", "bench_county", {"q": "王", "page": 100}),
        ("县总工会：姓名前缀，查无此人", "bench_county", {"q": "无此人"}),
        ("县总工会：完整身份证号", "bench_county", {"q": someone[0]}),
        ("县总工会：手机号码", "bench_county", {"q": someone[2]}),
        ("县总工会：姓名全称", "bench_county", {"q": someone[1]}),
        ("县总工会：女 + 36–45 岁", "bench_county", {"sex": "F", "age": "36-45"}),
        (
            "县总工会：男 + 56 岁及以上，第 3 页",
            "bench_county",
            {"sex": "M", "age": "56-", "page": 3},
        ),
        ("县总工会：已退会（全县）", "bench_county", {"status": "left"}),
        (
            "县总工会：选一个镇 + 女 + 36–45 岁 + 入会日期区间，第 3 页",
            "bench_county",
            {
                "org": town.pk,
                "sex": "F",
                "age": "36-45",
                "joined_from": "2010-01-01",
                "joined_to": "2024-12-31",
                "page": 3,
            },
        ),
        ("镇工会：第 1 页，每页 100 条", "bench_town", {"per_page": 100}),
        ("镇工会：全部状态 + 男，第 5 页", "bench_town", {"status": "all", "sex": "M", "page": 5}),
        ("基层工会主席：第 1 页", "bench_chair", {}),
    ]


class DbTime:
    """A connection.execute_wrapper: the time each query spends in the database, on the clock
    (the target) and on the CPU of whoever runs the query: the SQLite engine in this thread, or the
    PostgreSQL server process of this connection (/proc/PID/schedstat; its parallel workers, when
    a plan has them, are not counted). On a busy machine the clock waits for a core; the CPU
    column does not, so it shows what the same page costs on a quiet one."""

    def __init__(self, connection):
        self.connection = connection
        self.seconds, self.cpu, self.queries, self.log = 0.0, 0.0, 0, []

    def _cpu_ns(self) -> int:
        if self.connection.vendor != "postgresql":
            return time.thread_time_ns()
        pid = self.connection.connection.info.backend_pid
        with open(f"/proc/{pid}/schedstat") as stat:  # run time on a CPU, in nanoseconds
            return int(stat.read().split()[0])

    def __call__(self, execute, sql, params, many, context):
        cpu = self._cpu_ns()
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - started
            self.cpu += (self._cpu_ns() - cpu) / 1e9
            self.seconds += spent
            self.queries += 1
            self.log.append((spent, sql, params))

    def slowest(self):
        return max(self.log, key=lambda entry: entry[0]) if self.log else None


def fingerprint(page) -> str:
    """The page's result in a few characters: the count (+ when capped) and a hash of its rows
    in order, so that the two backends can be compared line by line."""
    import hashlib

    ids = ",".join(str(m.pk) for m in page.object_list)
    capped = "+" if page.paginator.capped else ""
    digest = hashlib.sha1(ids.encode()).hexdigest()[:8]
    return f"{page.paginator.count}{capped} 条，第 {page.number} 页 {len(page.object_list)} 行 {digest}"


def explain(spent: float, sql: str, params) -> None:
    """Print the slowest query of a page and the database's plan for it."""
    from django.db import connection

    print(f"      最慢的查询 {spent * 1000:.0f} ms：{sql[:400]}")
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        for row in cursor.fetchall():
            print("        " + " ".join(str(c) for c in row))


def child(backend: str, args) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # response.context: the page's rows, to compare the backends

    print(f"[{backend}] 准备 {args.members:,} 名会员……", flush=True)
    ensure_county(args.members)
    made, root, town, union = users()
    clients = {}
    for username, user in made.items():
        clients[username] = Client()
        clients[username].force_login(user)
    rows = []
    for label, username, query in scenarios(root, town, union):
        timings = []
        for _ in range(REPEAT):
            connection.ensure_connection()
            counter = DbTime(connection)
            started = time.perf_counter()
            with connection.execute_wrapper(counter):
                response = clients[username].get("/members/", query)
            wall = time.perf_counter() - started
            assert response.status_code == 200, (label, response.status_code)
            timings.append((counter.seconds, wall, counter.queries, counter.slowest(), counter.cpu))
        page = response.context["page"]
        best = min(timings, key=lambda t: t[0])
        rows.append(
            {
                "label": label,
                "db": best[0],
                "wall": best[1],
                "queries": best[2],
                "cold": timings[0][0],
                "cpu": min(t[4] for t in timings),
                "result": fingerprint(page),
            }
        )
        mark = "OK" if best[0] < TARGET else "超出"
        print(f"  {best[0] * 1000:7.1f} ms 数据库（首次 {timings[0][0] * 1000:.1f} ms，CPU {rows[-1]['cpu'] * 1000:.1f} ms）"
              f"  {best[1] * 1000:7.1f} ms 整页  {best[2]} 次查询  {mark}  {label}  [{rows[-1]['result']}]", flush=True)  # fmt: skip
        if best[0] >= TARGET and args.explain:
            explain(*best[3])
    emit({"backend": backend, "members": args.members, "rows": rows})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=500_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--regenerate", action="store_true", help="重新生成数据")
    parser.add_argument("--explain", action="store_true", help="慢页打印最慢查询的执行计划")
    parser.add_argument("--pg-name", default="gh_bench_county", help="PostgreSQL 库名")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args)
        return
    results = []
    chosen = []
    if args.backend in ("sqlite", "both"):
        path = workdir() / "bench-county.sqlite3"
        if args.regenerate:
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        chosen.append(("sqlite", f"sqlite:///{path}"))
    if args.backend in ("postgresql", "both"):
        url = postgres_url(args.pg_name)
        problem = recreate_postgres(url) if args.regenerate else _ensure_postgres(url)
        if problem:
            print(f"跳过 PostgreSQL（{url}）：{problem}")
        else:
            chosen.append(("postgresql", url))
    for backend, url in chosen:
        result = run_child(
            "tests.bench.member_list",
            backend,
            url,
            ["--members", str(args.members), *(["--explain"] if args.explain else [])],
        )
        if result:
            results.append(result)
    print()
    print(
        f"== 会员名册列表，{args.members:,} 名会员：每页的数据库用时（目标 < {TARGET * 1000:.0f} ms）"
        f"，机器负载 {os.getloadavg()[0]:.1f}（{os.cpu_count()} 核）"
    )
    for result in results:
        worst = max(r["db"] for r in result["rows"])
        verdict = "达标" if worst < TARGET else "未达标"
        print(f"{result['backend']}: 最慢一页 {worst * 1000:.1f} ms，{verdict}")
        for r in result["rows"]:
            print(
                f"  {r['db'] * 1000:7.1f} ms（CPU {r['cpu'] * 1000:5.1f} ms）  {r['queries']} 次查询"
                f"  {r['label']}  [{r['result']}]"
            )
    if len(results) == 2:
        # The same rows, in the same order, with the same count on both databases.
        differ = [
            a["label"]
            for a, b in zip(results[0]["rows"], results[1]["rows"], strict=True)
            if a["result"] != b["result"]
        ]
        print("两库结果" + (f"不同：{'；'.join(differ)}" if differ else "一致（条数、行、顺序）"))


def _ensure_postgres(url: str) -> str | None:
    """Create the database when it is missing; keep it (and its data) when it is there."""
    import psycopg

    base, _, name = url.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]
    return None if exists else recreate_postgres(url)


if __name__ == "__main__":
    main()
