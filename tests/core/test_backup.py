"""gonghui backup / restore (RULES.md §9: local backup and restore, audit records backed up).

The pytest database is SQLite in memory, so the SQLite tests copy it (schema and the shared
world) into a real file and back that up; the commands themselves run in a subprocess against
such a file. The PostgreSQL test runs only on PostgreSQL with pg_dump installed.
"""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from gonghui.core.backup import (
    BackupError,
    Site,
    archive_verify,
    backup_create,
    backup_restore,
    migration_state,
    migrations_by_app,
)
from gonghui.members.models import Person
from tests.factories import build_world, make_member

on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="copies the SQLite test database into a file"
)

PHOTO = bytes(range(256)) * 40


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def execute(db: Path, sql: str) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute(sql)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def site(transactional_db, tmp_path) -> Site:
    """A SQLite file with the test database's schema, the shared world and two uploads.

    Transactional: the backup API cannot read a database its own connection is writing to.
    """
    world = build_world()
    make_member(world.union_a, "李四")
    make_member(world.union_b, "王五")
    data = tmp_path / "data"
    data.mkdir()
    path = data / "gonghui.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    media = data / "media"
    (media / "aid" / "receipts" / "2026").mkdir(parents=True)
    (media / "aid" / "receipts" / "2026" / "签收单.pdf").write_bytes(b"%PDF-1.4 receipt")
    (media / "activities" / "photos").mkdir(parents=True)
    (media / "activities" / "photos" / "tug.jpg").write_bytes(PHOTO)
    return Site(
        database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)},
        media_root=media,
        backup_dir=data / "backups",
    )


def db_path(site: Site) -> Path:
    return Path(site.database["NAME"])


def state(site: Site) -> dict:
    """Every file of the data folder with its hash: what a refused restore must leave alone."""
    data = site.media_root.parent
    return {str(p.relative_to(data)): sha(p) for p in sorted(data.rglob("*")) if p.is_file()}


def rewrite(archive: Path, out: Path, *, manifest=None, member=None) -> Path:
    """A copy of an archive with its manifest or one member's bytes edited, re-packed."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for info in src.getmembers():
            data = src.extractfile(info).read()
            if info.name == "manifest.json" and manifest:
                data = json.dumps(manifest(json.loads(data))).encode()
            elif member and info.name == member[0]:
                data = member[1](data)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    return out


@on_sqlite
def test_backup_modify_restore_brings_back_rows_and_files(site):
    db = db_path(site)
    people = rows(db, "SELECT id, name FROM members_person ORDER BY id")
    assert len(people) >= 2
    result = backup_create(site=site)

    manifest = result.manifest
    assert result.path.parent == site.backup_dir
    assert result.path.name.startswith("gonghui-") and result.path.name.endswith(".tar.gz")
    assert result.path.stat().st_mode & 0o077 == 0  # personal data: owner only
    assert manifest["database"] == {"vendor": "sqlite", "file": "database/gonghui.sqlite3"}
    assert manifest["counts"]["members.person"] == len(people)
    assert manifest["counts"]["orgs.organization"] == 6
    assert "0002_auditevent_backup_kinds" in manifest["migrations"]["core"]
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    assert listed["media/activities/photos/tug.jpg"] == hashlib.sha256(PHOTO).hexdigest()
    assert set(listed) == {
        "database/gonghui.sqlite3",
        "media/aid/receipts/2026/签收单.pdf",
        "media/activities/photos/tug.jpg",
    }
    assert archive_verify(result.path) == manifest

    # Lose a person, rename another, lose one upload, change another, add a stray one.
    execute(db, f"DELETE FROM members_membership WHERE person_id = {people[0][0]}")
    execute(db, f"DELETE FROM members_person WHERE id = {people[0][0]}")
    execute(db, f"UPDATE members_person SET name = '改名' WHERE id = {people[1][0]}")
    (site.media_root / "aid" / "receipts" / "2026" / "签收单.pdf").unlink()
    (site.media_root / "activities" / "photos" / "tug.jpg").write_bytes(b"other")
    (site.media_root / "stray.txt").write_text("new")

    restored = backup_restore(site=site, archive=result.path, yes=True)

    assert rows(db, "SELECT id, name FROM members_person ORDER BY id") == people
    assert restored.outdated is False
    assert restored.counts_before["members.person"] == len(people) - 1
    media = site.media_root
    assert (media / "aid" / "receipts" / "2026" / "签收单.pdf").read_bytes() == b"%PDF-1.4 receipt"
    assert (media / "activities" / "photos" / "tug.jpg").read_bytes() == PHOTO
    assert not (media / "stray.txt").exists()
    assert not any(p.name.startswith(".") for p in media.parent.iterdir())  # staging cleaned up
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    # What was replaced was saved first, and is itself a good archive.
    assert restored.safety.name.startswith("gonghui-before-restore-")
    saved = archive_verify(restored.safety)
    assert saved["counts"]["members.person"] == len(people) - 1


@on_sqlite
@pytest.mark.parametrize("where", ["compressed", "member"])
def test_damaged_archive_refused_and_nothing_written(site, tmp_path, where):
    archive = backup_create(site=site).path
    if where == "compressed":
        data = bytearray(archive.read_bytes())
        data[len(data) // 2] ^= 0x01
        damaged = tmp_path / "damaged.tar.gz"
        damaged.write_bytes(bytes(data))
    else:  # the tar and gzip are sound, the database inside is not what the manifest says
        flip = lambda b: b[:5000] + bytes([b[5000] ^ 1]) + b[5001:]  # noqa: E731
        damaged = rewrite(
            archive, tmp_path / "damaged.tar.gz", member=("database/gonghui.sqlite3", flip)
        )
    execute(db_path(site), "DELETE FROM members_membership")
    before = state(site)

    with pytest.raises(BackupError) as refused:
        backup_restore(site=site, archive=damaged, yes=True)

    assert "已损坏" in str(refused.value) and "未做任何改动" in str(refused.value)
    if where == "member":
        assert "database/gonghui.sqlite3 的 SHA-256 校验值与清单不符" in str(refused.value)
    assert state(site) == before


@on_sqlite
def test_foreign_archives_refused(site, tmp_path):
    plain = tmp_path / "photos.tar.gz"
    with tarfile.open(plain, "w:gz") as tar:
        tar.add(site.media_root / "activities" / "photos" / "tug.jpg", arcname="tug.jpg")
    not_gzip = tmp_path / "名册.tar.gz"
    not_gzip.write_bytes(b"PK\x03\x04 a spreadsheet")
    before = state(site)

    with pytest.raises(BackupError, match="不是 gonghui 的备份文件（没有 manifest.json）"):
        backup_restore(site=site, archive=plain, yes=True)
    with pytest.raises(BackupError, match="名册.tar.gz 已损坏或不完整"):
        backup_restore(site=site, archive=not_gzip, yes=True)
    assert state(site) == before


@on_sqlite
def test_archive_from_postgresql_refused(site, tmp_path):
    archive = backup_create(site=site).path

    def as_postgres(manifest):
        manifest["database"]["vendor"] = "postgresql"
        return manifest

    foreign = rewrite(archive, tmp_path / "pg.tar.gz", manifest=as_postgres)
    before = state(site)
    with pytest.raises(BackupError) as refused:
        backup_restore(site=site, archive=foreign, yes=True)
    assert str(refused.value) == (
        "这份备份来自 PostgreSQL 数据库，当前配置的是 SQLite，不能直接恢复；未做任何改动。"
    )
    assert state(site) == before


@on_sqlite
def test_restore_into_database_with_data_needs_yes(site, tmp_path):
    archive = backup_create(site=site).path
    execute(db_path(site), "UPDATE members_person SET name = '改名'")
    before = state(site)

    with pytest.raises(BackupError) as refused:
        backup_restore(site=site, archive=archive)

    message = str(refused.value)
    assert message.startswith("目标数据库中已有数据（组织 6 条、")
    assert "请加 --yes 再执行" in message and "未做任何改动" in message
    assert state(site) == before

    # A fresh installation (no database file yet) needs no --yes and gets no before-restore copy.
    db_path(site).unlink()
    restored = backup_restore(site=site, archive=archive)
    assert restored.safety is None
    assert "改名" not in {
        name for (name,) in rows(db_path(site), "SELECT name FROM members_person")
    }


@on_sqlite
def test_keep_prunes_old_archives_in_default_folder(site):
    start = dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC)
    site.backup_dir.mkdir()
    (site.backup_dir / "gonghui-before-restore-20261101-000000.tar.gz").write_bytes(b"x")
    (site.backup_dir / "notes.txt").write_text("keep me")
    for day in range(4):
        result = backup_create(site=site, now=start + dt.timedelta(days=day), keep=2)
    assert [p.name for p in result.deleted] == ["gonghui-20261102-100000.tar.gz"]
    assert sorted(p.name for p in site.backup_dir.iterdir()) == [
        "gonghui-20261103-100000.tar.gz",
        "gonghui-20261104-100000.tar.gz",
        "gonghui-before-restore-20261101-000000.tar.gz",
        "notes.txt",
    ]
    with pytest.raises(BackupError, match="已存在"):
        backup_create(site=site, now=start + dt.timedelta(days=3))


def test_migration_state_against_the_code():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    applied = migrations_by_app(list(loader.disk_migrations))
    assert migration_state({"migrations": applied}) == (False, [])

    older = {app: names[:] for app, names in applied.items()}
    older["auth"].remove("0012_alter_user_first_name_max_length")  # a leaf since Django 3.1
    assert migration_state({"migrations": older}) == (True, [])

    newer = {app: names[:] for app, names in applied.items()}
    newer["core"].append("0999_from_the_future")
    assert migration_state({"migrations": newer}) == (False, ["core.0999_from_the_future"])


@on_sqlite
def test_archive_from_newer_code_refused(site, tmp_path):
    archive = backup_create(site=site).path

    def newer(manifest):
        manifest["migrations"]["core"].append("0999_from_the_future")
        return manifest

    future = rewrite(archive, tmp_path / "future.tar.gz", manifest=newer)
    with pytest.raises(BackupError, match="来自较新版本的程序.*core.0999_from_the_future"):
        backup_restore(site=site, archive=future, yes=True)


def gonghui(site: Site, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGHUI_")}
    env["GONGHUI_DATA_DIR"] = str(site.media_root.parent)
    env["GONGHUI_DATABASE_URL"] = f"sqlite:///{site.database['NAME']}"
    return subprocess.run(
        [sys.executable, "-m", "gonghui.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@on_sqlite
def test_commands_back_up_and_restore_with_audit_and_migrate(site):
    db = db_path(site)
    # Pretend the database predates the last auth migration (an AlterField, safe to re-run).
    execute(db, "DELETE FROM django_migrations WHERE app = 'auth' AND name LIKE '0012_%'")

    made = gonghui(site, "backup", "--keep", "3")
    assert made.returncode == 0, made.stderr
    assert "已备份到" in made.stdout and "2 个上传文件" in made.stdout
    (archive,) = site.backup_dir.iterdir()
    events = rows(db, "SELECT kind, username, ok, summary FROM core_auditevent")
    assert events == [("backup", "命令行", 1, f"备份到 {archive.name}（数据库和 2 个上传文件）")]

    execute(db, "DELETE FROM members_membership")
    execute(db, "DELETE FROM members_person")
    refused = gonghui(site, "restore", str(archive))
    assert refused.returncode == 1
    assert "目标数据库中已有数据" in refused.stderr and "--yes" in refused.stderr

    done = gonghui(site, "restore", str(archive), "--yes")
    assert done.returncode == 0, done.stderr
    assert "正在应用数据库迁移" in done.stdout
    assert f"已从 {archive.name} 恢复数据库和 2 个上传文件" in done.stdout
    assert rows(db, "SELECT COUNT(*) FROM members_person") == [(Person.objects.count(),)]
    assert rows(db, "SELECT COUNT(*) FROM django_migrations WHERE name LIKE '0012_%'") == [(1,)]
    kinds = rows(db, "SELECT kind, username, ok FROM core_auditevent ORDER BY id")
    assert kinds == [("restore", "命令行", 1)]  # the archive was made before its own event
    (detail,) = rows(db, "SELECT detail FROM core_auditevent WHERE kind = 'restore'")
    assert json.loads(detail[0])["before_restore"].endswith(".tar.gz")


pg_only = pytest.mark.skipif(
    connection.vendor != "postgresql" or shutil.which("pg_dump") is None,
    reason="needs PostgreSQL as the test database and pg_dump/pg_restore on PATH",
)


def pg_connect(settings_dict: dict, dbname: str, **kwargs):
    import psycopg

    keys = {"HOST": "host", "PORT": "port", "USER": "user", "PASSWORD": "password"}
    params = {
        param: str(settings_dict[key]) for key, param in keys.items() if settings_dict.get(key)
    }
    return psycopg.connect(dbname=dbname, **params, **kwargs)


@pg_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_and_restore(tmp_path):
    from gonghui.orgs.models import Organization

    build_world()
    expected = list(Organization.objects.order_by("id").values_list("name"))
    source = dict(connection.settings_dict)  # this run's own test database (test_gh_<helper>)
    target = {**source, "NAME": source["NAME"].removeprefix("test_") + "_restore"}
    admin = pg_connect(source, "postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}"')
    admin.execute(f'CREATE DATABASE "{target["NAME"]}"')

    def names():
        with pg_connect(target, target["NAME"]) as conn:
            return conn.execute("SELECT name FROM orgs_organization ORDER BY id").fetchall()

    media = tmp_path / "media"
    media.mkdir()
    (media / "a.txt").write_text("附件")
    try:
        made = backup_create(
            site=Site(database=source, media_root=media, backup_dir=tmp_path / "backups")
        )
        assert made.manifest["database"] == {
            "vendor": "postgresql",
            "file": "database/gonghui.pgdump",
        }
        assert made.manifest["counts"]["orgs.organization"] == 6
        into = Site(database=target, media_root=tmp_path / "restored", backup_dir=tmp_path / "b2")

        first = backup_restore(site=into, archive=made.path)  # empty database: no --yes needed
        assert first.safety is None
        assert names() == expected
        assert (tmp_path / "restored" / "a.txt").read_text() == "附件"

        with pg_connect(target, target["NAME"]) as conn:
            conn.execute("UPDATE orgs_organization SET name = name || '（改）'")
            conn.execute("CREATE TABLE from_newer_code (id int)")
        with pytest.raises(BackupError, match="目标数据库中已有数据"):
            backup_restore(site=into, archive=made.path)
        assert names() == [(f"{name}（改）",) for (name,) in expected]

        restored = backup_restore(site=into, archive=made.path, yes=True)
        assert names() == expected
        assert archive_verify(restored.safety)["counts"]["orgs.organization"] == 6
        with pg_connect(target, target["NAME"]) as conn:
            assert conn.execute("SELECT to_regclass('from_newer_code')").fetchone() == (None,)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')
        admin.close()
