"""双挂钩: a competition's results per unit as an .xlsx, for appraisal and funding."""

import datetime as dt
import io
from decimal import Decimal

from django.db.models import Count, F, Q
from openpyxl import Workbook
from openpyxl.styles import Font

from .models import Award, Competition, Submission
from .selectors import ranking

HEADERS = [
    "名次",
    "参赛单位",
    "所属工会",
    "自评得分",
    "抽查得分",
    "达到申报分数线",
    "应报材料",
    "按时报送",
    "逾期报送",
    "未报送",
    "获得表彰",
]


def double_link_rows(*, competition: Competition, today: dt.date) -> list[list]:
    ranked = list(ranking(competition=competition))
    due_count = competition.requirements.filter(due_date__lt=today).count()
    handed = {
        row["participant"]: row
        for row in Submission.objects.filter(requirement__competition=competition)
        .values("participant")
        .annotate(
            on_time=Count("id", filter=Q(submitted_on__lte=F("requirement__due_date"))),
            late=Count("id", filter=Q(submitted_on__gt=F("requirement__due_date"))),
            due_handed=Count("id", filter=Q(requirement__due_date__lt=today)),
        )
        .order_by()
    }
    awards: dict[tuple, list[str]] = {}
    for a in Award.objects.filter(competition=competition, status=Award.Status.AWARDED):
        awards.setdefault((a.org_id, a.employer_id), []).append(a.get_title_display())

    def two(value):
        # SQLite hands subquery decimals back unrounded
        return None if value is None else Decimal(value).quantize(Decimal("0.01"))

    rows = []
    for p in ranked:
        h = handed.get(p.id, {"on_time": 0, "late": 0, "due_handed": 0})
        rows.append(
            [
                p.rank if p.spot_total is not None else None,
                p.unit_name,
                p.org.name,
                two(p.self_total),
                two(p.spot_total),
                "是"
                if p.spot_total is not None and p.spot_total >= competition.award_threshold
                else "否",
                due_count,
                h["on_time"],
                h["late"],
                due_count - h["due_handed"],
                "、".join(awards.get((p.org_id, p.employer_id), [])),
            ]
        )
    return rows


def double_link_xlsx(*, competition: Competition, today: dt.date) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "竞赛结果"
    ws.append([f"{competition.name} 竞赛结果（双挂钩：与工作考核、经费奖励挂钩）"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([f"主办：{competition.organiser.name}　统计日期：{today:%Y-%m-%d}"])
    ws.append(HEADERS)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in double_link_rows(competition=competition, today=today):
        ws.append(row)
    for col, width in zip("ABCDEFGHIJK", (6, 30, 24, 10, 10, 14, 10, 10, 10, 8, 30), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
