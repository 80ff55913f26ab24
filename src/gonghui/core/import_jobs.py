"""Web imports in two steps, check then commit, with a progress bar, for any registered ledger.

The uploaded file and the checked result stay in settings.IMPORT_DIR/<job id>/ until the user commits
or cancels (or a day passes); the progress of a running step is kept in the cache. Files larger than
settings.IMPORT_INLINE_MAX_BYTES are checked and committed in a background thread while the page
polls; smaller ones inline, within the request.

    job = job_create(user=request.user, ledger="members", filename=f.name, data=f.read())
    job_start(job, commit=False)            # check; then job.state == "checked" (or "running")
    job = job_get(user=request.user, job_id=...)
    job_start(job, commit=True)             # write the accepted rows in one transaction
"""

import datetime as dt
import json
import logging
import os
import re
import shutil
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from threading import Thread

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections, connection
from django.http import Http404

from . import ledgers
from .imports import ImportResult
from .sheets import SheetError

log = logging.getLogger(__name__)

CHECKING, CHECKED, COMMITTING, COMMITTED, FAILED = (
    "checking",
    "checked",
    "committing",
    "committed",
    "failed",
)
RUNNING = (CHECKING, COMMITTING)
_JOB_ID = re.compile(r"^[0-9a-f]{32}$")
THREADS: dict[str, Thread] = {}  # running background steps, by job id (tests join them)


def import_dir() -> Path:
    return Path(getattr(settings, "IMPORT_DIR", settings.DATA_DIR / "imports"))


def inline_max_bytes() -> int:
    return int(getattr(settings, "IMPORT_INLINE_MAX_BYTES", 1_000_000))


@dataclass
class ImportJob:
    id: str
    ledger: str
    user_id: int
    filename: str
    suffix: str
    org_id: int | None = None
    state: str = CHECKING
    message: str = ""
    created: str = ""
    result: dict | None = field(default=None, repr=False)
    options: dict = field(default_factory=dict)  # passed to the importer (e.g. the aid campaign)

    @property
    def folder(self) -> Path:
        return import_dir() / self.id

    @property
    def source(self) -> Path:
        return self.folder / f"source{self.suffix}"

    @property
    def running(self) -> bool:
        return self.state in RUNNING

    def outcome(self) -> ImportResult | None:
        return ImportResult.from_dict(self.result) if self.result else None

    def save(self) -> None:
        tmp = self.folder / "job.json.tmp"
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False))
        os.replace(tmp, self.folder / "job.json")

    def progress(self) -> tuple[int, int]:
        return cache.get(_progress_key(self.id)) or (0, 0)

    def percent(self) -> int:
        done, total = self.progress()
        return int(done * 100 / total) if total else 0


def _progress_key(job_id: str) -> str:
    return f"gonghui:import-progress:{job_id}"


def job_create(
    *, user, ledger: str, filename: str, data: bytes, org=None, options=None
) -> ImportJob:
    """Keep an uploaded file for checking; old, forgotten jobs are cleared on the way."""
    purge_old()
    suffix = Path(filename).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,5}", suffix):
        suffix = ".bin"
    job = ImportJob(
        id=uuid.uuid4().hex,
        ledger=ledger,
        user_id=user.pk,
        filename=Path(filename).name[:200],
        suffix=suffix,
        org_id=org.pk if org is not None else None,
        options=dict(options or {}),
        created=dt.datetime.now(dt.UTC).isoformat(),
    )
    job.folder.mkdir(parents=True, exist_ok=True)
    job.folder.chmod(0o700)
    job.source.write_bytes(data)
    job.save()
    return job


def job_get(*, user, job_id: str) -> ImportJob:
    """The user's own job, or 404 (another user's job is never revealed)."""
    if not _JOB_ID.match(str(job_id)):
        raise Http404("没有找到该导入")
    path = import_dir() / job_id / "job.json"
    try:
        job = ImportJob(**json.loads(path.read_text()))
    except (OSError, ValueError, TypeError):
        raise Http404("没有找到该导入（可能已取消或已过期）") from None
    if job.user_id != user.pk:
        raise Http404("没有找到该导入")
    return job


def job_delete(job: ImportJob) -> None:
    shutil.rmtree(job.folder, ignore_errors=True)
    cache.delete(_progress_key(job.id))


def purge_old(max_age: dt.timedelta = dt.timedelta(days=1)) -> None:
    root = import_dir()
    if not root.is_dir():
        return
    cutoff = dt.datetime.now().timestamp() - max_age.total_seconds()
    for folder in root.iterdir():
        if folder.is_dir() and _JOB_ID.match(folder.name) and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)


def job_start(job: ImportJob, *, commit: bool) -> None:
    """Check (or commit) the job: inline for small files, else in a background thread."""
    job.state = COMMITTING if commit else CHECKING
    job.message = ""
    job.save()
    cache.set(_progress_key(job.id), (0, 0), 3600)
    if job.source.stat().st_size <= inline_max_bytes():
        _run(job, commit=commit)
        return
    thread = Thread(target=_run_in_thread, args=(job, commit), name=f"import-{job.id}", daemon=True)
    THREADS[job.id] = thread
    thread.start()


def _run_in_thread(job: ImportJob, commit: bool) -> None:
    close_old_connections()
    try:
        _run(job, commit=commit)
    finally:
        connection.close()
        THREADS.pop(job.id, None)


def _run(job: ImportJob, *, commit: bool) -> None:
    from django.contrib.auth import get_user_model

    from gonghui.orgs.models import Organization

    key = _progress_key(job.id)
    last = [-1]

    def progress(done, total):
        # A cache write per 1% is plenty for a progress bar.
        step = total // 100 or 1
        if done == total or done // step != last[0]:
            last[0] = done // step
            cache.set(key, (done, total), 3600)

    try:
        user = get_user_model().objects.get(pk=job.user_id)
        org = Organization.objects.get(pk=job.org_id) if job.org_id else None
        result = ledgers.get(job.ledger).importer(
            user=user,
            source=job.source,
            filename=job.filename,
            org=org,
            commit=commit,
            options=dict(job.options),
            progress=progress,
        )
    except SheetError as exc:
        job.state, job.message = FAILED, str(exc)
    except PermissionDenied as exc:
        job.state, job.message = FAILED, str(exc) or "您没有权限导入到该组织。"
    except Exception:
        log.exception("import %s failed", job.id)
        job.state = FAILED
        job.message = (
            "导入时发生系统错误，本次导入没有写入任何数据；请稍后重试，或联系管理员查看日志。"
            if commit
            else "检查文件时发生系统错误；请确认文件能在 Excel 中正常打开后重试。"
        )
    else:
        job.state = COMMITTED if commit else CHECKED
        job.result = result.to_dict()
        if commit:
            job.source.unlink(missing_ok=True)  # written; the personal data need not linger
    job.save()
