"""Benchmark: importing a 100,000-row member roster, end to end, on SQLite and PostgreSQL.

    make bench
    python -m tests.bench.import_members [--rows 100000] [--iex-rows 5000] [--backend both]
                                         [--profile]

For each backend, in a fresh database holding a generated county's tree (5,000 unions):
  raw       calamine reads the file, then a bare executemany (SQLite) or COPY (PostgreSQL) writes
            the same rows as text into a scratch table: the floor any importer stands on;
  gonghui   the real import path (`gonghui import members FILE --commit`): read, find the header
            under the title rows, validate every cell, write people and memberships, audit;
  iex       django-import-export (ModelResource for Person, then for Membership) on a slice of
            the same file (its rate on 100,000 rows would take many minutes; the rate is what
            is compared), and gonghui again on that same slice.
Targets (issue #1): gonghui ≥ 1/3 of the raw rate on SQLite, and ≥ 10× the iex rate.
Not collected by pytest (the file name does not start with test_).
"""

import argparse
import time

from tests.bench.common import backends, emit, rate, run_child, sqlite_url, workdir

UNIONS, EMPLOYERS, SEED = 5_000, 10_000, 1


def roster(rows: int) -> "Path":  # noqa: F821
    from gonghui.core.generate import write_roster
    from gonghui.orgs.models import Organization

    path = workdir() / f"roster-{rows}.xlsx"
    if not path.exists():
        names = list(Organization.objects.unions().order_by("path").values_list("name", flat=True))
        started = time.perf_counter()
        write_roster(path, rows=rows, unions=names, seed=2, title="基准县总工会会员名册")
        print(f"  写出 {path.name}（{time.perf_counter() - started:.1f} 秒）")
    return path


def clear_members() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from gonghui.core.models import AuditEvent, ChangeRecord, ImportedRows
    from gonghui.members.models import Membership, Person

    models = (ImportedRows, ChangeRecord, AuditEvent, Membership, Person)
    tables = [m._meta.db_table for m in models]
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    connection.ops.execute_sql_flush(statements)


def measure_raw(path) -> tuple[float, float]:
    """Read every cell with calamine, keep the 11 columns as text, write them with one bare
    executemany (COPY on PostgreSQL) into a table without indexes, in one transaction. With the
    garbage collector paused, as the import pauses it: the same footing."""
    from django.db import connection, transaction
    from python_calamine import CalamineWorkbook

    from gonghui.core.imports import paused_gc

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw")
        cursor.execute(
            "CREATE TABLE bench_raw (" + ", ".join(f"c{i} text" for i in range(11)) + ")"
        )
    started, cpu = time.perf_counter(), time.process_time()
    with paused_gc():
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        rows = [tuple(str(cell) for cell in row[:11]) for row in sheet[3:]]
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy("COPY bench_raw FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                cursor.executemany(
                    "INSERT INTO bench_raw VALUES (" + ", ".join(["%s"] * 11) + ")", rows
                )
    seconds = (time.perf_counter() - started, time.process_time() - cpu)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM bench_raw")
        assert cursor.fetchone()[0] == len(rows)
        cursor.execute("DROP TABLE bench_raw")
    return seconds


def measure_gonghui(path, rows: int, *, profile: bool = False) -> tuple[float, float]:
    from gonghui.core import ledgers

    importer = ledgers.get("members").importer
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu = time.perf_counter(), time.process_time()
    result = importer(user=None, source=str(path), filename=path.name, commit=True)
    seconds = (time.perf_counter() - started, time.process_time() - cpu)
    if profiler is not None:
        import pstats

        profiler.disable()
        print("  cProfile（按累计时间前 30 项）：")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    if result.created != rows or result.rejected:
        print(f"  !! 导入结果不对：created={result.created} rejected={result.rejected}")
        for error in result.errors[:5]:
            print(f"     {error}")
    return seconds


def measure_iex(path, rows: int) -> tuple[float, float]:
    import tablib
    from import_export import fields, resources, widgets

    from gonghui.members.models import Membership, Person
    from gonghui.orgs.models import Organization

    class ClerkDateWidget(widgets.DateWidget):
        def __init__(self):
            super().__init__()
            self.formats = ("%Y-%m-%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y-%m-%d %H:%M:%S")

    class PersonResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="姓名")
        id_number = fields.Field(attribute="id_number", column_name="公民身份号码")
        mobile = fields.Field(attribute="mobile", column_name="手机号码")
        ethnicity = fields.Field(attribute="ethnicity", column_name="民族")
        political_status = fields.Field(attribute="political_status", column_name="政治面貌")
        education = fields.Field(attribute="education", column_name="文化程度")
        workplace = fields.Field(attribute="workplace", column_name="工作单位")

        class Meta:
            model = Person
            import_id_fields = ("id_number",)
            fields = (
                "name",
                "id_number",
                "mobile",
                "ethnicity",
                "political_status",
                "education",
                "workplace",
            )

    class MembershipResource(resources.ModelResource):
        person = fields.Field(
            attribute="person",
            column_name="公民身份号码",
            widget=widgets.ForeignKeyWidget(Person, "id_number"),
        )
        org = fields.Field(
            attribute="org",
            column_name="所在工会",
            widget=widgets.ForeignKeyWidget(Organization, "name"),
        )
        joined = fields.Field(attribute="joined", column_name="入会日期", widget=ClerkDateWidget())

        class Meta:
            model = Membership
            import_id_fields = ("person",)
            fields = ("person", "org", "joined")

    started, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as handle:
        dataset = tablib.Dataset().load(handle, format="xlsx", skip_lines=2)
    for resource in (PersonResource(), MembershipResource()):
        result = resource.import_data(dataset, dry_run=False, use_transactions=True)
        if result.has_errors() or result.has_validation_errors():
            print(f"  !! django-import-export 报错：{type(resource).__name__}")
            for line in result.invalid_rows[:3]:
                print(f"     {line.error_dict}")
            for _, errors in result.row_errors()[:3]:
                print(f"     {errors[0].error}")
    seconds = (time.perf_counter() - started, time.process_time() - cpu)
    assert Membership.objects.count() == rows, Membership.objects.count()
    return seconds


def child(backend: str, args) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from gonghui.core.generate import generate_county

    print(f"[{backend}] 建库并生成 {UNIONS} 个基层工会、{EMPLOYERS} 个用人单位……", flush=True)
    call_command("migrate", verbosity=0)
    generate_county(members=0, unions=UNIONS, employers=EMPLOYERS, seed=SEED)
    full, part = roster(args.rows), roster(args.iex_rows)
    result = {"backend": backend, "rows": args.rows, "iex_rows": args.iex_rows}
    result["raw"] = measure_raw(full)
    print(f"  raw：{rate(args.rows, result['raw'][0]):,.0f} 行/秒", flush=True)
    result["gonghui"] = measure_gonghui(full, args.rows, profile=args.profile)
    print(f"  gonghui：{rate(args.rows, result['gonghui'][0]):,.0f} 行/秒", flush=True)
    clear_members()
    if not args.no_iex:
        result["iex"] = measure_iex(part, args.iex_rows)
        print(
            f"  django-import-export：{rate(args.iex_rows, result['iex'][0]):,.0f} 行/秒",
            flush=True,
        )
        clear_members()
    result["gonghui_slice"] = measure_gonghui(part, args.iex_rows)
    emit(result)


def summary(results: list[dict]) -> None:
    """Rates by wall clock, and by this process's CPU time (steadier on a busy machine; on
    PostgreSQL it leaves out the server's own work, so only the wall-clock ratios count there)."""
    print()
    print("== 会员名册导入基准 / member roster import benchmark (行/秒 = rows/s; wall | cpu)")
    for r in results:
        n, m = r["rows"], r["iex_rows"]
        raw = [rate(n, t) for t in r["raw"]]
        ours = [rate(n, t) for t in r["gonghui"]]
        method = "COPY" if r["backend"] == "postgresql" else "executemany"
        print(f"{r['backend']}: {n:,} 行")
        print(
            f"  raw 基线 (calamine + {method}):   {raw[0]:>9,.0f} | {raw[1]:>9,.0f}  ({r['raw'][0]:.1f} s)"
        )
        print(f"  gonghui import（读、校验、写、审计）: {ours[0]:>9,.0f} | {ours[1]:>9,.0f}  ({r['gonghui'][0]:.1f} s)"
              f"  = raw 的 {ours[0] / raw[0]:.0%} | {ours[1] / raw[1]:.0%}（目标 ≥ 33%）")  # fmt: skip
        if "iex" in r:
            iex = [rate(m, t) for t in r["iex"]]
            same = [rate(m, t) for t in r["gonghui_slice"]]
            print(
                f"  django-import-export（前 {m:,} 行）: {iex[0]:>9,.0f} | {iex[1]:>9,.0f}  ({r['iex'][0]:.1f} s)"
            )
            print(f"  gonghui 对 iex: {ours[0] / iex[0]:.0f} 倍 | {ours[1] / iex[1]:.0f} 倍（目标 ≥ 10 倍）；"
                  f"同样 {m:,} 行上 gonghui {same[0]:,.0f} 行/秒 = {same[0] / iex[0]:.0f} 倍")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--iex-rows", type=int, default=5_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--profile", action="store_true", help="cProfile the gonghui import")
    parser.add_argument("--no-iex", action="store_true", help="skip django-import-export")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args)
        return
    passed = [
        a
        for a in ("--rows", str(args.rows), "--iex-rows", str(args.iex_rows))
        + (("--profile",) if args.profile else ())
        + (("--no-iex",) if args.no_iex else ())
    ]
    results = []
    for backend, url in backends(args.backend):
        url = url or sqlite_url("bench-import.sqlite3")
        result = run_child("tests.bench.import_members", backend, url, passed)
        if result:
            results.append(result)
    summary(results)


if __name__ == "__main__":
    main()
