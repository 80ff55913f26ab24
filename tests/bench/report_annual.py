"""Benchmark: the county's full annual work summary over every ledger at county scale.

    python -m tests.bench.report_annual [--backend sqlite|postgresql|both] [--regenerate]
                                        [--members 500000] [--profile]

Generates the county once (500,000 members, 5,000 unions, 10,000 employers) and every ledger over
it (`generate_ledgers`), kept in GONGHUI_DATA_DIR (default data/bench) as
county-ledgers.sqlite3 and in the PostgreSQL database gh_scale (or the one GONGHUI_DATABASE_URL
names), and reused on the next run. Then, in the same process:

(a) the report: build_report + to_docx of the `annual` kind for the county and the year, with the
    SQL it runs captured (CaptureQueriesContext);
(b) the bare SQL: those exact statements re-executed on a raw DB-API cursor, rows fetched;

and prints both times (best of three, and the first run), the number of queries and the ratio
(a)/(b); then the dashboard's figures for the county: query count and time.
--profile prints where the report's time goes (cProfile). Not collected by pytest.
"""

import argparse
import cProfile
import os
import pstats
import time
from pathlib import Path

from tests.bench.common import emit, postgres_url, run_child, workdir

REPEAT = 3
TARGET = 3.0  # seconds: "a full annual report for the county renders in a few seconds" (< 3 s)


def ensure_data(args) -> None:
    from django.core.management import call_command

    from gonghui.core.generate import generate_county
    from gonghui.core.generate_ledgers import generate_ledgers
    from gonghui.members.models import Person
    from gonghui.orgs.models import Organization

    call_command("migrate", verbosity=0)
    if not Organization.objects.exists():
        started = time.perf_counter()
        generate_county(
            members=args.members,
            unions=args.unions,
            employers=args.employers,
            seed=1,
            progress=lambda m: print("  " + m, flush=True),
        )
        print(f"  县级数据生成用时 {time.perf_counter() - started:.0f} 秒", flush=True)
    else:
        print(f"  沿用已生成的县：{Person.objects.count():,} 名会员", flush=True)
    try:
        started = time.perf_counter()
        generate_ledgers(seed=1, progress=lambda m: print("  " + m, flush=True))
        print(f"  台账生成用时 {time.perf_counter() - started:.0f} 秒", flush=True)
    except Exception as error:  # GenerateError: the ledgers are there already
        from gonghui.core.generate import GenerateError

        if not isinstance(error, GenerateError):
            raise
        print("  沿用已生成的台账", flush=True)


def report_year() -> int:
    from django.db.models import Max

    from gonghui.competitions.models import Proposal

    return Proposal.objects.aggregate(last=Max("submitted_on"))["last"].year


def build_once(root, year):
    from gonghui.core.dates import Period
    from gonghui.reports.builder import build_report
    from gonghui.reports.context import context_for
    from gonghui.reports.render import to_docx

    started = time.perf_counter()
    built = build_report(context_for(kind="annual", org=root, period=Period.year(year)))
    middle = time.perf_counter()
    document = to_docx(built)
    return built, document, middle - started, time.perf_counter() - middle


def bare_sql(statements: list[str]) -> float:
    """The captured statements on the driver's own cursor, rows fetched: the floor."""
    from django.db import connection

    raw = connection.connection.cursor()
    started = time.perf_counter()
    for sql in statements:
        raw.execute(sql)
        raw.fetchall()
    spent = time.perf_counter() - started
    raw.close()
    return spent


def child(backend: str, args) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.core.dates import Period
    from gonghui.orgs.models import Organization
    from gonghui.reports.views_dashboard import dashboard_figures

    print(f"[{backend}] 准备数据……", flush=True)
    ensure_data(args)
    root = Organization.objects.get_root_nodes().first()
    year = report_year()
    runs = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            built, document, build_s, docx_s = build_once(root, year)
        runs.append((build_s + docx_s, build_s, docx_s, [q["sql"] for q in captured]))
    statements = runs[-1][3]
    bare = min(bare_sql(statements) for _ in range(REPEAT))
    best = min(runs, key=lambda r: r[0])
    paragraphs = sum(len(s.paragraphs) for s in built.sections)
    print(
        f"  {built.title}：{len(built.sections)} 节 {paragraphs} 段，.docx {len(document) // 1024} KB",
        flush=True,
    )
    print(
        f"  (a) 报告 build_report + to_docx：{best[0]:.2f} 秒（其中 build {best[1]:.2f}、"
        f"docx {best[2]:.2f}；首次 {runs[0][0]:.2f} 秒），{len(statements)} 次查询",
        flush=True,
    )
    print(f"  (b) 同样的 SQL 在裸游标上：{bare:.2f} 秒", flush=True)
    ratio = best[0] / bare if bare else float("inf")
    print(f"  比值 (a)/(b) = {ratio:.1f}", flush=True)
    timings = []
    for statement in statements:
        raw = connection.connection.cursor()
        started = time.perf_counter()
        raw.execute(statement)
        raw.fetchall()
        timings.append((time.perf_counter() - started, statement))
        raw.close()
    for spent, statement in sorted(timings, reverse=True)[:3]:
        print(f"    最慢的查询 {spent * 1000:.0f} ms：{statement[:160]}…", flush=True)

    period = Period.year(year)
    dash = []
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            figures = dashboard_figures(org=root, period=period)
            dash.append((time.perf_counter() - started, len(captured)))
    dash_best = min(dash)
    print(
        f"  驾驶舱（{len(figures)} 项指标，含去年同期）：{dash_best[0]:.2f} 秒，"
        f"{dash_best[1]} 次查询",
        flush=True,
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        build_once(root, year)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    emit(
        {
            "backend": backend,
            "report": best[0],
            "build": best[1],
            "docx": best[2],
            "first": runs[0][0],
            "queries": len(statements),
            "bare": bare,
            "ratio": ratio,
            "dashboard": dash_best[0],
            "dashboard_queries": dash_best[1],
        }
    )


def _ensure_postgres(url: str) -> str | None:
    """Create the database when it is missing (its data are reused between runs)."""
    try:
        import psycopg
    except ImportError as error:  # pragma: no cover
        return str(error)
    base, _, name = url.rpartition("/")
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not found:
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]
    return None


def _drop_postgres(url: str) -> str | None:
    from tests.bench.common import recreate_postgres

    return recreate_postgres(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=500_000)
    parser.add_argument("--unions", type=int, default=5_000)
    parser.add_argument("--employers", type=int, default=10_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--regenerate", action="store_true", help="重新生成数据")
    parser.add_argument("--profile", action="store_true", help="打印报告的 cProfile")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args)
        return
    chosen = []
    if args.backend in ("sqlite", "both"):
        folder = Path(os.environ["GONGHUI_DATA_DIR"]) if os.environ.get("GONGHUI_DATA_DIR") else workdir()  # fmt: skip
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "county-ledgers.sqlite3"
        if args.regenerate:
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)
        chosen.append(("sqlite", f"sqlite:///{path}"))
    if args.backend in ("postgresql", "both"):
        url = os.environ.get("GONGHUI_DATABASE_URL", "")
        if not url.startswith(("postgres://", "postgresql://")):
            url = postgres_url("gh_scale")
        problem = _drop_postgres(url) if args.regenerate else _ensure_postgres(url)
        if problem:
            print(f"跳过 PostgreSQL（{url}）：{problem}")
        else:
            chosen.append(("postgresql", url))
    sizes = ["--members", str(args.members), "--unions", str(args.unions)]
    sizes += ["--employers", str(args.employers), *(["--profile"] if args.profile else [])]
    results = []
    for backend, url in chosen:
        result = run_child("tests.bench.report_annual", backend, url, sizes)
        if result:
            results.append(result)
    print()
    print(f"== 县级年度工作总结（{args.members:,} 名会员及各台账）：目标 < {TARGET:.0f} 秒")
    for r in results:
        mark = "OK" if r["report"] < TARGET else "超出"
        print(
            f"  {r['backend']:<10} 报告 {r['report']:.2f} 秒（首次 {r['first']:.2f}）  "
            f"{r['queries']} 次查询  裸 SQL {r['bare']:.2f} 秒  比值 {r['ratio']:.1f}  {mark}   "
            f"驾驶舱 {r['dashboard']:.2f} 秒 / {r['dashboard_queries']} 次查询"
        )


if __name__ == "__main__":
    main()
