"""gonghui report KIND --org NAME --from DATE --to DATE [--campaign NAME | --competition NAME] -o FILE"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from gonghui.core.dates import DateError, Period, parse_date
from gonghui.core.pdf import PdfUnavailable, docx_to_pdf
from gonghui.orgs.models import Organization
from gonghui.reports.builder import build_report
from gonghui.reports.context import context_for
from gonghui.reports.registry import KINDS
from gonghui.reports.render import to_docx, to_markdown


class Command(BaseCommand):
    help = "按台账数据生成工作总结（.docx、.pdf、.html 或 .md，按文件扩展名）"

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS), help="总结类型")
        parser.add_argument("--org", required=True, help="组织全称或简称")
        parser.add_argument("--from", dest="start", help="开始日期，含当天")
        parser.add_argument("--to", dest="end", help="结束日期，含当天")
        parser.add_argument("--campaign", default="", help="慰问活动名称（festival、pairing）")
        parser.add_argument("--competition", default="", help="竞赛名称（competition、inspection）")
        parser.add_argument("--rounded", action="store_true", help="使用约数（2.4万元、八百余人）")
        parser.add_argument(
            "--draft",
            action="store_true",
            help="需人工撰写的部分（存在的不足、下一步工作等）先填入数据提示，供修改；不加则留“（待填写）”",
        )
        parser.add_argument("-o", "--output", required=True, help="输出文件：.docx .pdf .html .md")

    def handle(self, *args, **opts):
        org = (
            Organization.objects.filter(name=opts["org"]).first()
            or Organization.objects.filter(short_name=opts["org"]).first()
        )
        if org is None:
            raise CommandError(f"没有找到组织“{opts['org']}”")
        today = dt.date.today()
        try:
            start = (
                parse_date(opts["start"], allow_future=True)
                if opts["start"]
                else dt.date(today.year, 1, 1)
            )
            end = (
                parse_date(opts["end"], allow_future=True)
                if opts["end"]
                else dt.date(today.year, 12, 31)
            )
        except DateError as exc:
            raise CommandError(str(exc)) from None
        if end < start:
            raise CommandError("结束日期早于开始日期")
        subject = opts["campaign"] or opts["competition"]
        try:
            ctx = context_for(
                kind=opts["kind"],
                org=org,
                period=Period.inclusive(start, end),
                subject=subject,
                rounded=opts["rounded"],
            )
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        built = build_report(ctx)
        if opts["draft"]:
            # as the page's text boxes start: the data's suggestions, numbered 1、2、…
            for section in built.sections:
                if section.narrative_key and not section.narrative_text:
                    section.narrative_text = "\n".join(
                        f"{i}、{hint}" for i, hint in enumerate(section.suggestions, start=1)
                    )
        out = Path(opts["output"])
        suffix = out.suffix.lower()
        if suffix == ".docx":
            out.write_bytes(to_docx(built))
        elif suffix == ".pdf":
            try:
                out.write_bytes(docx_to_pdf(to_docx(built)))
            except PdfUnavailable as exc:
                raise CommandError(str(exc)) from None
        elif suffix in (".html", ".htm"):
            out.write_text(
                render_to_string("reports/standalone.html", {"report": built}), encoding="utf-8"
            )
        elif suffix == ".md":
            out.write_text(to_markdown(built), encoding="utf-8")
        else:
            raise CommandError("输出文件的扩展名须为 .docx、.pdf、.html 或 .md")
        self.stderr.write(f"已生成 {out}（{built.title}）")
