"""`gonghui backup [-o FILE] [--keep N]`: the database and the uploaded files in one archive.

Without -o the archive goes to GONGHUI_BACKUP_DIR (default: the data folder's backups/) as
gonghui-YYYYMMDD-HHMMSS.tar.gz; --keep N then deletes all but the newest N there.
"""

import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from gonghui.core.audit import record_event
from gonghui.core.backup import BackupError, Site, backup_create
from gonghui.core.imports import SYSTEM_USERNAME
from gonghui.core.models import AuditEvent


def audit(kind: str, *, ok: bool, summary: str, detail: dict) -> None:
    """The archives hold personal data: every backup and restore goes into the audit trail."""
    try:
        with transaction.atomic():
            record_event(
                kind,
                username=SYSTEM_USERNAME,
                ok=ok,
                summary=summary,
                detail={"os_user": getpass.getuser(), **detail},
            )
    except DatabaseError:
        if ok:
            raise


class Command(BaseCommand):
    help = "把数据库和上传文件备份到一个 .tar.gz 文件（默认放在数据目录的 backups/ 下）"

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", help="备份文件名（默认 backups/gonghui-年月日-时分秒.tar.gz）"
        )
        parser.add_argument(
            "--keep", type=int, help="只保留默认备份目录中最新的 N 份备份，删除更早的"
        )

    def handle(self, *args, output, keep, **options):
        site = Site.current()
        try:
            result = backup_create(site=site, output=Path(output) if output else None, keep=keep)
        except BackupError as exc:
            audit(
                AuditEvent.Kind.BACKUP,
                ok=False,
                summary=f"备份失败：{exc}",
                detail={"output": output},
            )
            raise CommandError(str(exc)) from None
        manifest = result.manifest
        media = len(manifest["files"]) - 1
        size = result.path.stat().st_size
        audit(
            AuditEvent.Kind.BACKUP,
            ok=True,
            summary=f"备份到 {result.path.name}（数据库和 {media} 个上传文件）",
            detail={
                "path": str(result.path),
                "bytes": size,
                "counts": manifest["counts"],
                "deleted": [p.name for p in result.deleted],
            },
        )
        self.stdout.write(
            f"已备份到 {result.path}（{size / 1_048_576:,.1f} MB：数据库和 {media} 个上传文件）。"
        )
        for path in result.deleted:
            self.stdout.write(f"已删除旧备份 {path.name}")
        self.stdout.write(
            "备份中含个人信息，请妥善保管，并复制一份到另一台机器或介质（异地备份）。"
        )
