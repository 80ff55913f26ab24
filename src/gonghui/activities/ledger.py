"""The activity ledgers behind `gonghui import|export|figures`:

- `activities`: events, one spreadsheet row per participating team (an event without teams is one
  row with the team cell empty); figures = everything of activities_figures.
- `articles`: publicity articles, one row per article; figures = publicity by outlet.
"""

from gonghui.core.imports import CREATE, UNCHANGED, UPDATE, Column, LedgerImport
from gonghui.core.sheets import build_workbook
from gonghui.orgs.access import require_placement

from . import selectors
from .models import Article, Event, EventEntry, Outlet

KIND_CHOICES = {label: value for value, label in Event.Kind.choices}
KIND_ALIASES = {
    "体育": "体育比赛",
    "文体活动": "文艺活动",
    "文艺": "文艺活动",
    "演讲": "演讲比赛",
    "培训": "培训活动",
    "节日": "节日活动",
    "志愿": "志愿服务",
    "实践活动": "主题实践活动",
}

EVENT_COLUMNS = [
    Column("name", "活动名称", ("活动",), required=True, example="元宵十番锣鼓大赛"),
    Column(
        "kind", "活动类别", ("类别",), required=True, choices=list(KIND_CHOICES), example="文艺活动"
    ),
    Column("start_date", "日期", ("活动日期", "开始日期"), required=True, example="2026-03-03"),
    Column("place", "地点", (), example="鼎球广场"),
    Column("theme", "主题", ()),
    Column("org", "主办工会", ("主办单位",), example="太华镇总工会"),
    Column("contestants", "参赛人数", ("参加人数",)),
    Column("audience", "观众人数", ("观摩人数",)),
    Column("team", "参赛队伍", ("队伍", "参赛单位"), example="桥涯村十番锣鼓队"),
    Column("rank", "名次", (), example=1),
    Column("award", "奖项", (), example="金锣奖"),
]


def _count(row, key):
    text = row.text(key).removesuffix("人").removesuffix("余")
    if not text:
        return None
    if not text.isdigit():
        row.error(key, f"“{row.text(key)}”应为人数（整数）")
        return None
    return int(text)


class EventImport(LedgerImport):
    name, label = "activities", "活动台账"
    columns = EVENT_COLUMNS

    def prepare(self, sheet):
        orgs = list(self.orgs_in_scope())
        self.orgs = {o.name: o for o in orgs}
        self.orgs.update({o.short_name: o for o in orgs if o.short_name})

    def clean_row(self, row):
        name = row.required_text("name")
        kind_text = row.choice("kind", KIND_CHOICES, KIND_ALIASES)
        if not kind_text and not row.text("kind"):
            row.error("kind", "“活动类别”不能为空")
        start = row.date("start_date", required=True, allow_future=True)
        org_text = row.text("org")
        org = self.orgs.get(org_text) if org_text else (self.org or self.scope)
        if org_text and org is None:
            row.error("org", f"在您的范围内没有名为“{org_text}”的工会")
        elif org is None:
            row.error("org", "请填写“主办工会”，或在命令中用 --org 指定")
        rank = _count(row, "rank")
        if rank == 0:
            row.error("rank", "名次应从 1 开始")
        return {
            "name": name,
            "kind": KIND_CHOICES.get(kind_text, ""),
            "start_date": start,
            "place": row.text("place"),
            "theme": row.text("theme"),
            "org": org,
            "contestants": _count(row, "contestants"),
            "audience": _count(row, "audience"),
            "team": row.text("team"),
            "rank": rank,
            "award": row.text("award")[:30],
        }

    def check_rows(self, rows):
        seen = {}
        for row in rows:
            d = row.data
            if not d or not d["team"]:
                continue
            key = (d["name"], d["start_date"], d["team"])
            if key in seen:
                row.error("team", f"与第 {seen[key]} 行重复")
            else:
                seen[key] = row.number

    def _key(self, d):
        return (d["org"].pk if d["org"] else None, d["name"], d["start_date"])

    def plan(self, rows):
        self.events = {}
        for event in Event.objects.filter(name__in={r.data["name"] for r in rows}):
            self.events[(event.org_id, event.name, event.start_date)] = event
        entries = {
            (e.event_id, e.name): e
            for e in EventEntry.objects.filter(event__in=list(self.events.values()))
        }
        for row in rows:
            d = row.data
            event = self.events.get(self._key(d))
            if event is None:
                row.action = CREATE
                continue
            entry = entries.get((event.pk, d["team"])) if d["team"] else None
            if d["team"] and entry is None:
                row.action = CREATE
            elif entry is not None and (entry.rank, entry.award) != (d["rank"], d["award"]):
                row.changes["rank"] = (entry.rank, d["rank"])
                row.changes["award"] = (entry.award, d["award"])
                row.action = UPDATE
            else:
                row.action = UNCHANGED

    def write(self, rows):
        for row in rows:
            d = row.data
            key = self._key(d)
            event = self.events.get(key)
            if event is None:
                event = Event.objects.create(
                    org=d["org"],
                    kind=d["kind"],
                    name=d["name"],
                    start_date=d["start_date"],
                    place=d["place"],
                    theme=d["theme"],
                    contestants=d["contestants"],
                    audience=d["audience"],
                )
                self.events[key] = event
                self.record(event, CREATE, after={"name": event.name}, org=event.org_id)
            if d["team"]:
                entry, created = EventEntry.objects.update_or_create(
                    event=event,
                    name=d["team"],
                    defaults={"rank": d["rank"], "award": d["award"]},
                )
                after = {"name": entry.name, "rank": entry.rank, "award": entry.award}
                self.record(entry, CREATE if created else UPDATE, after=after, org=event.org_id)
            self.advance(1)


def activities_import(
    *, user, source, filename, org=None, commit=False, options=None, progress=None
):
    return EventImport(user=user, org=org, options=options).run(
        source=source, filename=filename, commit=commit, progress=progress
    )


def _scope(user, org):
    if user is None:
        return org
    own = require_placement(user).org
    return org if org is not None and org.is_within(own) else own


def activities_export(*, user, org=None, options=None) -> bytes:
    org = _scope(user, org)
    events = Event.objects.all() if org is None else Event.objects.within(org)
    events = events.select_related("org").prefetch_related("entries").order_by("start_date", "id")
    rows = []
    for e in events:
        common = [
            e.name,
            e.get_kind_display(),
            e.start_date,
            e.place,
            e.theme,
            e.org.name,
            e.contestants,
            e.audience,
        ]
        entries = list(e.entries.all())
        for entry in entries or [None]:
            rows.append(
                common + (["", "", ""] if entry is None else [entry.name, entry.rank, entry.award])
            )
    return build_workbook(
        headers=[c.header for c in EVENT_COLUMNS], rows=rows, title="活动台账", sheet_name="活动"
    )


def activities_figures(*, user, org, period=None, options=None) -> dict:
    return selectors.activities_figures(org=org, period=period)


ARTICLE_COLUMNS = [
    Column("title", "标题", ("稿件标题", "题目"), required=True),
    Column("date", "日期", ("采用日期", "刊发日期", "投稿日期"), required=True),
    Column("org", "供稿单位", ("单位",)),
    Column("author", "作者", ()),
    Column("outlet", "用稿媒体", ("媒体", "采用媒体")),
    Column("used", "是否采用", ("采用",), choices=["是", "否"], example="是"),
]


class ArticleImport(LedgerImport):
    name, label = "articles", "信息宣传台账"
    columns = ARTICLE_COLUMNS

    def prepare(self, sheet):
        orgs = list(self.orgs_in_scope())
        self.orgs = {o.name: o for o in orgs}
        self.orgs.update({o.short_name: o for o in orgs if o.short_name})
        self.outlets = {o.name: o for o in Outlet.objects.all()}

    def clean_row(self, row):
        title = row.required_text("title")
        date = row.date("date", required=True)
        org_text = row.text("org")
        org = self.orgs.get(org_text) if org_text else (self.org or self.scope)
        if org_text and org is None:
            row.error("org", f"在您的范围内没有名为“{org_text}”的工会")
        elif org is None:
            row.error("org", "请填写“供稿单位”，或在命令中用 --org 指定")
        outlet_text = row.text("outlet")
        outlet = self.outlets.get(outlet_text) if outlet_text else None
        if outlet_text and outlet is None:
            known = "、".join(self.outlets)
            row.error("outlet", f"用稿媒体“{outlet_text}”不在设置的列表中（{known}）")
        used_text = row.text("used")
        used = used_text in ("是", "已采用", "采用", "Y", "y", "1") or (
            not used_text and outlet is not None
        )
        if used and outlet is None and not outlet_text:
            row.error("outlet", "已采用的稿件请填写用稿媒体")
        return {
            "title": title,
            "date": date,
            "org": org,
            "author": row.text("author"),
            "outlet": outlet,
            "used": used,
        }

    def plan(self, rows):
        existing = set(
            Article.objects.filter(title__in={r.data["title"] for r in rows}).values_list(
                "org_id", "title", "date", "outlet_id"
            )
        )
        for row in rows:
            d = row.data
            key = (d["org"].pk, d["title"], d["date"], d["outlet"].pk if d["outlet"] else None)
            row.action = UNCHANGED if key in existing else CREATE

    def write(self, rows):
        objs = self.bulk_create(Article, [Article(**row.data) for row in rows], advance=True)
        for obj in objs:
            self.record(obj, CREATE, after={"title": obj.title}, org=obj.org_id)


def articles_import(*, user, source, filename, org=None, commit=False, options=None, progress=None):
    return ArticleImport(user=user, org=org, options=options).run(
        source=source, filename=filename, commit=commit, progress=progress
    )


def articles_export(*, user, org=None, options=None) -> bytes:
    org = _scope(user, org)
    articles = Article.objects.all() if org is None else Article.objects.within(org)
    rows = [
        [
            a.title,
            a.date,
            a.org.name,
            a.author,
            a.outlet.name if a.outlet else "",
            "是" if a.used else "否",
        ]
        for a in articles.select_related("org", "outlet").order_by("date", "id")
    ]
    return build_workbook(
        headers=[c.header for c in ARTICLE_COLUMNS],
        rows=rows,
        title="信息宣传台账",
        sheet_name="稿件",
    )


def articles_figures(*, user, org, period=None, options=None) -> dict:
    return selectors.publicity_figures(org=org, period=period)
