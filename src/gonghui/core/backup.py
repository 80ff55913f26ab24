"""Backup archives (RULES.md §9, 等保2.0: local backup and restore; the audit trail goes with them).

An archive is one .tar.gz:

    database/gonghui.sqlite3    a copy made with SQLite's online backup API, or
    database/gonghui.pgdump     pg_dump --format=custom
    media/...                   the uploaded files (MEDIA_ROOT)
    manifest.json               format, versions, time, database vendor, applied migrations,
                                every other member with its size and SHA-256, row counts

The manifest comes last, so its hashes are of exactly the bytes that went into the archive.
A restore reads the whole archive and checks every hash before it writes anything.
"""

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .backup_db import BackupError, engine_for, vendor_label

__all__ = ["BackupError", "Site", "backup_create", "archive_verify", "backup_restore"]

FORMAT = "gonghui-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DEFAULT_NAME = re.compile(r"^gonghui-\d{8}-\d{6}\.tar\.gz$")
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Site:
    """What a backup copies and a restore replaces: one database and one media folder."""

    database: dict
    media_root: Path
    backup_dir: Path

    @classmethod
    def current(cls) -> "Site":
        return cls(
            database=dict(connections["default"].settings_dict),
            media_root=Path(settings.MEDIA_ROOT),
            backup_dir=Path(settings.BACKUP_DIR),
        )

    @property
    def engine(self):
        return engine_for(self.database)


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    deleted: list[Path] = field(default_factory=list)


@dataclass
class RestoreResult:
    manifest: dict
    outdated: bool  # the archive lacks migrations the code has: run `migrate` next
    counts_before: dict[str, int]
    safety: Path | None  # the backup of what the restore replaced


def app_version() -> str:
    try:
        return version("gonghui")
    except PackageNotFoundError:
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """Hands tarfile the bytes of a file and keeps their SHA-256."""

    def __init__(self, f):
        self.f, self.digest = f, hashlib.sha256()

    def read(self, size=-1):
        data = self.f.read(size)
        self.digest.update(data)
        return data


def _media_files(root: Path) -> list[tuple[str, Path]]:
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((f"media/{path.relative_to(root).as_posix()}", path))
    return found


def _add(tar: tarfile.TarFile, name: str, path: Path) -> dict:
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mtime = int(path.stat().st_mtime)
    info.mode = 0o600
    with open(path, "rb") as f:
        reader = _HashingReader(f)
        tar.addfile(info, reader)
    return {"path": name, "size": info.size, "sha256": reader.digest.hexdigest()}


def backup_create(
    *, site: Site, output: Path | None = None, keep: int | None = None, now=None, prefix="gonghui"
) -> BackupResult:
    """Write one archive of the database and the media; with `keep`, prune the default folder."""
    if keep is not None and keep < 1:
        raise BackupError("--keep 至少为 1（保留最近的几份备份）。")
    engine = site.engine
    now = now or timezone.now()
    if output is None:
        stamp = timezone.localtime(now)
        output = site.backup_dir / f"{prefix}-{stamp:%Y%m%d-%H%M%S}.tar.gz"
    output = Path(output)
    if output.exists():
        raise BackupError(f"文件 {output} 已存在，不覆盖；请换一个文件名。")
    output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    part = output.with_name(f".{output.name}.part")
    # The archive holds personal data: only the owner may read it, from the first byte.
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".gonghui-backup-") as work:
        dump = Path(work) / "database"
        snap = engine.snapshot(dump)
        try:
            fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with (
                os.fdopen(fd, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
            ):
                files = [_add(tar, engine.dump_name, dump)]
                files += [_add(tar, name, path) for name, path in _media_files(site.media_root)]
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "app_version": app_version(),
                    "created_at": timezone.localtime(now).isoformat(),
                    "database": {"vendor": engine.vendor, "file": engine.dump_name},
                    "migrations": migrations_by_app(snap.migrations),
                    "counts": snap.counts,
                    "files": files,
                }
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(now.timestamp()), 0o600
                tar.addfile(info, io.BytesIO(data))
            os.replace(part, output)
        finally:
            part.unlink(missing_ok=True)
    deleted = prune(site.backup_dir, keep) if keep else []
    return BackupResult(path=output, manifest=manifest, deleted=deleted)


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives with the default name (the name sorts by time)."""
    archives = sorted(p for p in folder.iterdir() if DEFAULT_NAME.match(p.name) and p.is_file())
    old = archives[:-keep]
    for path in old:
        path.unlink()
    return old


def _damaged(path: Path, why: str) -> BackupError:
    return BackupError(f"备份文件 {path.name} 已损坏或不完整（{why}），未做任何改动。")


def _safe_name(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not name.startswith("/") and ".." not in parts and "\\" not in name


def _members(archive: Path):
    """(member, file object) of each entry, with errors of a damaged archive in Chinese."""
    try:
        # gzip.GzipFile, not tarfile's own "r|gz": it checks the CRC and length at the end.
        with gzip.open(archive, "rb") as gz, tarfile.open(fileobj=gz, mode="r|") as tar:
            for member in tar:
                if not member.isfile() or not _safe_name(member.name):
                    raise BackupError(
                        f"{archive.name} 不是 gonghui 的备份文件（含有不允许的条目 {member.name}），"
                        "未做任何改动。"
                    )
                yield member, tar.extractfile(member)
            while gz.read(CHUNK):
                pass
    except (tarfile.TarError, zlib.error, EOFError, OSError) as exc:
        raise _damaged(archive, type(exc).__name__ + (f"：{exc}" if str(exc) else "")) from None


def archive_verify(archive: Path) -> dict:
    """The manifest, once every member matches it; BackupError otherwise. Writes nothing."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"找不到备份文件 {archive}。")
    seen: dict[str, tuple[int, str]] = {}
    manifest_bytes = None
    for member, f in _members(archive):
        if member.name in seen or (member.name == MANIFEST and manifest_bytes is not None):
            raise _damaged(archive, f"{member.name} 出现了两次")
        if member.name == MANIFEST:
            manifest_bytes = f.read(10 * CHUNK)
            continue
        digest, size = hashlib.sha256(), 0
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
        seen[member.name] = (size, digest.hexdigest())
    foreign = f"{archive.name} 不是 gonghui 的备份文件"
    if manifest_bytes is None:
        raise BackupError(f"{foreign}（没有 {MANIFEST}），未做任何改动。")
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError:
        raise _damaged(archive, f"{MANIFEST} 无法解析") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{foreign}（清单格式不对），未做任何改动。")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise BackupError(
            f"{archive.name} 由较新版本的程序生成（格式 {manifest['format_version']}），"
            "请先升级本程序再恢复；未做任何改动。"
        )
    try:
        listed = {f["path"]: (int(f["size"]), f["sha256"]) for f in manifest["files"]}
        db_file = manifest["database"]["file"]
        manifest["database"]["vendor"]
        dict(manifest["migrations"])
    except (KeyError, TypeError, ValueError):
        raise _damaged(archive, f"{MANIFEST} 缺少必要的项") from None
    for name in sorted(set(listed) | set(seen)):
        if name not in seen:
            raise _damaged(archive, f"清单中的 {name} 不在备份中")
        if name not in listed:
            raise _damaged(archive, f"{name} 不在清单中")
        if seen[name] != listed[name]:
            raise _damaged(archive, f"{name} 的 SHA-256 校验值与清单不符")
    if db_file not in seen:
        raise _damaged(archive, "没有数据库文件")
    return manifest


def migrations_by_app(applied: list[tuple[str, str]]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for app, name in sorted(applied):
        result.setdefault(app, []).append(name)
    return result


def migration_state(manifest: dict) -> tuple[bool, list[str]]:
    """(the code has migrations the archive lacks, migrations in the archive the code lacks)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    outdated = any(leaf not in applied for leaf in loader.graph.leaf_nodes())
    unknown = sorted(
        f"{app}.{name}"
        for app, name in applied
        if app in loader.migrated_apps and (app, name) not in loader.disk_migrations
    )
    return outdated, unknown


def _counts_text(counts: dict[str, int]) -> str:
    from django.apps import apps

    parts = [
        f"{apps.get_model(label)._meta.verbose_name} {n:,} 条" for label, n in counts.items() if n
    ]
    return "、".join(parts[:5]) + ("等" if len(parts) > 5 else "")


def _extract(archive: Path, manifest: dict, *, db_to: Path, media_to: Path) -> None:
    """Write the members out, checking each hash again as it is written."""
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    db_file = manifest["database"]["file"]
    for member, f in _members(archive):
        if member.name == MANIFEST:
            continue
        if member.name == db_file:
            target = db_to
        else:
            target = media_to / PurePosixPath(member.name).relative_to("media")
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with open(target, "wb") as out:
            while chunk := f.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != listed.get(member.name):
            raise _damaged(archive, f"{member.name} 在读取时校验失败")


def _swap_media(staged: Path, media_root: Path) -> None:
    old = media_root.with_name(f".{media_root.name}-old-{os.getpid()}")
    if media_root.exists():
        os.replace(media_root, old)
    os.replace(staged, media_root)
    shutil.rmtree(old, ignore_errors=True)


def backup_restore(*, site: Site, archive: Path, yes: bool = False) -> RestoreResult:
    """Replace the database and the media with an archive's, after every check has passed.

    The caller closes its own connections to the database first. When it has data, `yes` must
    be given, and what is there is first saved as a
    `gonghui-before-restore-*` archive, so that a restore never loses data or audit records.
    """
    archive = Path(archive)
    manifest = archive_verify(archive)
    engine = site.engine
    vendor = manifest["database"]["vendor"]
    if vendor != engine.vendor:
        raise BackupError(
            f"这份备份来自 {vendor_label(vendor)} 数据库，当前配置的是 "
            f"{vendor_label(engine.vendor)}，不能直接恢复；未做任何改动。"
        )
    outdated, unknown = migration_state(manifest)
    if unknown:
        raise BackupError(
            f"这份备份来自较新版本的程序（含本程序没有的数据库迁移 {'、'.join(unknown[:3])}），"
            "请先升级本程序再恢复；未做任何改动。"
        )
    counts = engine.counts()
    safety = None
    if any(counts.values()):
        if not yes:
            raise BackupError(
                f"目标数据库中已有数据（{_counts_text(counts)}），恢复会用备份替换全部数据和上传文件。"
                "确认后请加 --yes 再执行（恢复前会先把现有数据另存一份备份）；未做任何改动。"
            )
        safety = backup_create(site=site, prefix="gonghui-before-restore").path
    site.media_root.parent.mkdir(parents=True, exist_ok=True)
    # Staged beside the media folder, so that putting it in place is a rename.
    with tempfile.TemporaryDirectory(dir=site.media_root.parent, prefix=".gonghui-restore-") as tmp:
        dump, media = Path(tmp) / "database", Path(tmp) / "media"
        media.mkdir()
        _extract(archive, manifest, db_to=dump, media_to=media)
        engine.restore(dump)
        _swap_media(media, site.media_root)
    return RestoreResult(manifest=manifest, outdated=outdated, counts_before=counts, safety=safety)
