"""`gonghui restore FILE [--yes]`: replace the database and the uploaded files with a backup's.

Every hash is checked before anything is written. Stop the web server first: a SQLite database
is replaced as a file, and a running server would keep using the old one.
"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from gonghui.core.backup import BackupError, Site, backup_restore
from gonghui.core.models import AuditEvent

from .backup import audit


class Command(BaseCommand):
    help = "用备份文件替换数据库和上传文件（先校验备份；已有数据时需加 --yes）"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="gonghui backup 生成的 .tar.gz 文件")
        parser.add_argument(
            "--yes", action="store_true", help="确认覆盖现有数据（会先自动另存一份现有数据）"
        )

    def handle(self, *args, archive, yes, **options):
        archive = Path(archive)
        site = Site.current()
        connections.close_all()
        try:
            result = backup_restore(site=site, archive=archive, yes=yes)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = result.manifest
        if result.outdated:
            self.stdout.write("备份早于当前程序版本，正在应用数据库迁移……")
            call_command("migrate", interactive=False, verbosity=0)
        media = len(manifest["files"]) - 1
        created = manifest["created_at"][:19].replace("T", " ")
        audit(
            AuditEvent.Kind.RESTORE,
            ok=True,
            summary=f"从 {archive.name} 恢复（备份于 {created}）",
            detail={
                "archive": str(archive.resolve()),
                "created_at": manifest["created_at"],
                "counts": manifest["counts"],
                "migrated": result.outdated,
                "before_restore": str(result.safety) if result.safety else None,
            },
        )
        if result.safety:
            self.stdout.write(f"恢复前的数据已另存为 {result.safety}")
        self.stdout.write(
            f"已从 {archive.name} 恢复数据库和 {media} 个上传文件（备份于 {created}）。"
        )
