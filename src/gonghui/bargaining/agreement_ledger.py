"""The agreements ledger (集体合同台账): import from Excel and export, on the shared contract.

Towns keep this ledger one row per covered employer, so a row is (agreement, employer): the rows
that share 合同名称, 签订日期 and 工会方 form one agreement, and its agreement columns must agree.
A single agreement (单独签订) has one row; a regional one a row for every employer it binds. If any
row of an agreement is wrong, the whole agreement is rejected (an agreement missing an employer
would understate coverage). The rules (term, vote, filing dates) are those of the services.

续签 links the agreement to the one it renews when exactly one earlier agreement of the same union,
scope, topic and industry (and employer, for 单独签订) is not yet renewed; otherwise it is marked
续签 without a link. Importing the same file again changes nothing; a row naming an employer that an
existing agreement does not yet cover adds that employer.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied

from gonghui.core import creditcode
from gonghui.core.audit import snapshot
from gonghui.core.imports import CREATE, UNCHANGED, UPDATE, Column, ImportRow, LedgerImport
from gonghui.core.sheets import build_workbook
from gonghui.orgs.models import Employer

from . import rules
from .employer_ledger import _org_index
from .models import Agreement, Coverage, Filing
from .services import agreement_problems

SCOPES = {label: value for value, label in Agreement.Scope.choices}
SCOPE_ALIASES = {"单独": "single", "单签": "single", "行业": "industry", "区域": "regional"}
TOPICS = {label: value for value, label in Agreement.Topic.choices}
TOPIC_ALIASES = {
    "工资专项": "wage",
    "工资集体协议": "wage",
    "工资专项集体协议": "wage",
    "工资集体合同": "wage",
    "综合": "comprehensive",
    "集体合同": "comprehensive",
    "女职工": "women",
    "女职工专项": "women",
    "劳动安全卫生": "safety",
    "安全卫生": "safety",
}
BODIES = {label: value for value, label in Agreement.VoteBody.choices}
BODY_ALIASES = {"职代会": "congress", "职工大会": "all_workers", "区域职代会": "regional_congress"}
OUTCOMES = {
    "审查通过": "approved",
    "通过": "approved",
    "提出异议": "objection",
    "异议": "objection",
}
AGREEMENT_KEYS = [
    "scope",
    "topic",
    "industry",
    "employer_side",
    "starts",
    "ends",
    "employees_covered",
    "vote_body",
    "vote_date",
    "vote_eligible",
    "vote_present",
    "vote_for",
    "renewal",
    "filed",
    "outcome",
    "decided",
    "objection_text",
]
HEADERS = [
    "合同名称",
    "签订形式",
    "合同类别",
    "工会方",
    "企业名称",
    "统一社会信用代码",
    "行业",
    "企业方代表组织",
    "签订日期",
    "起始日期",
    "终止日期",
    "覆盖职工人数",
    "审议机构",
    "审议日期",
    "应到人数",
    "实到人数",
    "同意人数",
    "续签/新签",
    "报送日期",
    "审查结果",
    "答复日期",
    "审查意见",
]


class AgreementImport(LedgerImport):
    name, label = "agreements", "集体合同台账"
    columns = [
        Column(
            "title",
            "合同名称",
            ("协议名称",),
            required=True,
            example="太华镇2026年区域性工资集体协议",
        ),
        Column(
            "scope", "签订形式", ("形式",), required=True, choices=list(SCOPES), example="区域性"
        ),
        Column("topic", "合同类别", ("类别", "合同类型"), required=True, choices=list(TOPICS)),
        Column("union", "工会方", ("签约工会",), note="工会全称或简称；命令行 --org 可统一指定"),
        Column("employer", "企业名称", ("单位名称", "覆盖企业"), required=True),
        Column("credit_code", "统一社会信用代码", ("信用代码",), text=True),
        Column("industry", "行业", (), note="行业性合同必填"),
        Column("employer_side", "企业方代表组织", ("企业方",)),
        Column("signed", "签订日期", (), required=True),
        Column("starts", "起始日期", ("生效日期",), note="留空则同签订日期"),
        Column("ends", "终止日期", ("期满日期", "到期日期"), required=True),
        Column("employees_covered", "覆盖职工人数", ("职工人数",)),
        Column("vote_body", "审议机构", (), choices=list(BODIES)),
        Column("vote_date", "审议日期", ("表决日期",), note="留空则同签订日期"),
        Column("vote_eligible", "应到人数", ("应到",), required=True),
        Column("vote_present", "实到人数", ("实到",), required=True),
        Column("vote_for", "同意人数", ("同意", "赞成人数"), required=True),
        Column("renewal", "续签/新签", ("续签", "签订类型"), choices=["续签", "新签"]),
        Column("filed", "报送日期", ("报送审查日期",)),
        Column("outcome", "审查结果", (), choices=["审查通过", "提出异议"]),
        Column("decided", "答复日期", ()),
        Column("objection_text", "审查意见", ("异议内容",)),
    ]

    def prepare(self, sheet):
        self.orgs = _org_index(list(self.orgs_in_scope()))
        scope = (
            Employer.objects.all() if self.scope is None else Employer.objects.within(self.scope)
        )
        employers = list(scope.only("pk", "name", "credit_code", "employees", "org_id"))
        self.by_code = {e.credit_code: e for e in employers if e.credit_code}
        self.by_name: dict[str, Employer] = {}
        for e in employers:
            self.by_name.setdefault(e.name, e)

    def _int(self, row, key, *, required=False):
        text = row.text(key)
        if not text:
            if required:
                row.error(key, f"“{self.header_of(key)}”不能为空")
            return None
        try:
            value = int(float(text))
        except ValueError:
            row.error(key, f"“{text}”不是整数")
            return None
        if value < 0:
            row.error(key, f"“{text}”不能为负数")
        return value

    def clean_row(self, row: ImportRow):
        title = row.required_text("title")
        scope = row.choice("scope", list(SCOPES), aliases=SCOPE_ALIASES)
        scope = SCOPES.get(scope, scope)
        if not scope and row.text("scope") == "":
            row.error("scope", "“签订形式”不能为空")
        topic = row.choice("topic", list(TOPICS), aliases=TOPIC_ALIASES)
        topic = TOPICS.get(topic, topic)
        if not topic and row.text("topic") == "":
            row.error("topic", "“合同类别”不能为空")
        union_name = row.text("union")
        union = self.orgs.get(union_name) if union_name else self.org
        if union is None:
            row.error(
                "union",
                f"没有找到工会“{union_name}”，或它不在您的管辖范围内"
                if union_name
                else "请填写工会方，或在导入时指定组织",
            )
        code = creditcode.clean(row.text("credit_code")) if row.text("credit_code") else ""
        name = row.required_text("employer")
        employer = self.by_code.get(code) if code else None
        employer = employer or (self.by_name.get(name) if name else None)
        if name and employer is None:
            row.error(
                "employer",
                f"没有找到企业“{name}”{'（' + code + '）' if code else ''}，请先导入用人单位",
            )
        signed = row.date("signed", required=True)
        starts = row.date("starts", allow_future=True) or signed
        ends = row.date("ends", required=True, allow_future=True)
        body = row.choice("vote_body", list(BODIES), aliases=BODY_ALIASES)
        renewal_text = "".join(row.text("renewal").split())
        if renewal_text not in ("", "续签", "新签"):
            row.error("renewal", f"“续签/新签”只能填续签或新签，不能填“{renewal_text}”")
        outcome_text = "".join(row.text("outcome").split())
        if outcome_text and outcome_text not in OUTCOMES:
            row.error("outcome", f"“审查结果”只能填审查通过或提出异议，不能填“{outcome_text}”")
        return {
            "title": title,
            "scope": scope,
            "topic": topic,
            "union": union,
            "employer": employer,
            "industry": row.text("industry"),
            "employer_side": row.text("employer_side"),
            "signed": signed,
            "starts": starts,
            "ends": ends,
            "employees_covered": self._int(row, "employees_covered"),
            "vote_body": BODIES.get(body, body) or Agreement.VoteBody.CONGRESS,
            "vote_date": row.date("vote_date") or signed,
            "vote_eligible": self._int(row, "vote_eligible", required=True),
            "vote_present": self._int(row, "vote_present", required=True),
            "vote_for": self._int(row, "vote_for", required=True),
            "renewal": renewal_text == "续签",
            "filed": row.date("filed"),
            "outcome": OUTCOMES.get(outcome_text, ""),
            "decided": row.date("decided"),
            "objection_text": row.text("objection_text"),
        }

    @staticmethod
    def key_of(data) -> tuple:
        union = data.get("union")
        return (data.get("title"), data.get("signed"), union.pk if union else None)

    def check_rows(self, rows):
        """Group rows into agreements; check that they agree and that the rules hold."""
        groups: dict[tuple, list[ImportRow]] = defaultdict(list)
        for row in rows:
            if row.data:
                groups[self.key_of(row.data)].append(row)
        self.groups = groups
        for group in groups.values():
            first = group[0]
            for row in group[1:]:
                for key in AGREEMENT_KEYS:
                    if row.data[key] != first.data[key] and not row.errors:
                        row.error(key, f"与同一份合同的第 {first.number} 行不一致")
                if row.data["employer"] is not None and any(
                    r.data["employer"] == row.data["employer"] for r in group[: group.index(row)]
                ):
                    row.error("employer", "同一份合同中企业重复")
            if all(not r.errors for r in group):
                self._check_group(group)
            bad = [r.number for r in group if r.errors]
            if bad:
                for row in group:
                    if not row.errors:
                        row.error(
                            "title",
                            f"同一份合同的第 {'、'.join(map(str, bad))} 行有错误，整份合同未导入",
                        )

    def _check_group(self, group):
        d = group[0].data
        if d["scope"] == Agreement.Scope.SINGLE and len(group) > 1:
            group[1].error("scope", "单独签订的合同只能有一家企业（一行）")
            return
        employers = [r.data["employer"] for r in group]
        problems = agreement_problems(
            scope=d["scope"],
            union=d["union"],
            employer=employers[0] if d["scope"] == Agreement.Scope.SINGLE else None,
            employers=employers,
            industry=d["industry"],
            signed=d["signed"],
            starts=d["starts"],
            ends=d["ends"],
            vote_date=d["vote_date"],
            vote_eligible=d["vote_eligible"],
            vote_present=d["vote_present"],
            vote_for=d["vote_for"],
            today=self.today,
        )
        columns = {"vote_for": "vote_for", "employers": "employer", "renewal_of": "renewal"}
        for field, messages in problems.items():
            for message in messages:
                group[0].error(columns.get(field, field), message)
        if d["filed"]:
            if d["filed"] < d["signed"]:
                group[0].error("filed", "报送日期不能早于签订日期")
            if d["outcome"] and (d["decided"] is None or d["decided"] < d["filed"]):
                group[0].error("decided", "登记审查结果须填写不早于报送日期的答复日期")
            elif d["outcome"] == "objection":
                if not d["objection_text"]:
                    group[0].error("objection_text", "提出异议时须填写审查意见")
                if d["decided"] > rules.review_deadline(d["filed"]):
                    group[0].error("decided", "十五日审查期已过，合同已视为生效，不能再登记异议")
        elif d["outcome"]:
            group[0].error("filed", "登记审查结果前须填写报送日期")

    def plan(self, rows):
        keys = {self.key_of(r.data) for r in rows}
        titles = {k[0] for k in keys}
        existing = {
            (a.title, a.signed, a.union_id): a
            for a in Agreement.objects.filter(title__in=titles).prefetch_related("coverages")
        }
        for row in rows:
            agreement = existing.get(self.key_of(row.data))
            row.data["existing"] = agreement
            if agreement is None:
                row.action = CREATE
            elif any(c.employer_id == row.data["employer"].pk for c in agreement.coverages.all()):
                row.action = UNCHANGED
            else:
                row.action = UPDATE
                row.changes = {"employer": ("", row.data["employer"].name)}

    def _predecessor(self, d):
        candidates = Agreement.objects.filter(
            union=d["union"],
            scope=d["scope"],
            topic=d["topic"],
            industry=d["industry"],
            signed__lt=d["signed"],
            renewed_by__isnull=True,
        ).order_by("-signed")
        if d["scope"] == Agreement.Scope.SINGLE:
            candidates = candidates.filter(employer=d["employer"])
        found = list(candidates[:2])
        return found[0] if len(found) == 1 else None

    def write(self, rows):
        groups: dict[tuple, list[ImportRow]] = defaultdict(list)
        for row in rows:
            groups[self.key_of(row.data)].append(row)
        coverages = []
        for group in groups.values():
            d = group[0].data
            agreement = d["existing"]
            if agreement is None:
                agreement = self._create(d, [r.data["employer"] for r in group])
            for row in group:
                coverages.append(Coverage(agreement=agreement, employer=row.data["employer"]))
                if row.action == UPDATE:
                    self.record(
                        agreement,
                        UPDATE,
                        before=None,
                        after={"employer_added": row.data["employer"].pk},
                        org=agreement.union_id,
                    )
        self.bulk_create(Coverage, coverages, advance=True)

    def _create(self, d, employers) -> Agreement:
        renewal_of = self._predecessor(d) if d["renewal"] else None
        employees = d["employees_covered"]
        if employees is None:
            employees = sum(e.employees for e in employers)
        agreement = Agreement.objects.create(
            title=d["title"],
            scope=d["scope"],
            topic=d["topic"],
            union=d["union"],
            employer=employers[0] if d["scope"] == Agreement.Scope.SINGLE else None,
            employer_side=d["employer_side"],
            industry=d["industry"],
            signed=d["signed"],
            starts=d["starts"],
            ends=d["ends"],
            employees_covered=employees,
            vote_body=d["vote_body"],
            vote_date=d["vote_date"],
            vote_eligible=d["vote_eligible"],
            vote_present=d["vote_present"],
            vote_for=d["vote_for"],
            renewal_of=renewal_of,
            renewal=d["renewal"],
        )
        self.record(
            agreement,
            CREATE,
            after={**snapshot(agreement), "employers": [e.pk for e in employers]},
            org=agreement.union_id,
        )
        if d["filed"]:
            filing = Filing.objects.create(
                agreement=agreement,
                filed=d["filed"],
                outcome=d["outcome"],
                decided=d["decided"] if d["outcome"] else None,
                objection_text=d["objection_text"] if d["outcome"] == "objection" else "",
            )
            self.record(filing, CREATE, after=snapshot(filing), org=agreement.union_id)
        return agreement


def agreement_import(
    *, user, source, filename, org=None, commit=False, options=None, progress=None
):
    return AgreementImport(user=user, org=org, options=options).run(
        source=source, filename=filename, commit=commit, progress=progress
    )


def agreement_export(*, user, org=None, options=None) -> bytes:
    """The agreements of the user's subtree (or org within it), one row per covered employer,
    in the import's own layout (so the file imports back unchanged)."""
    from gonghui.orgs.access import placement_of

    qs = Coverage.objects.all()
    if user is not None:
        placement = placement_of(user)
        if placement is None:
            raise PermissionDenied("您的账号尚未分配到组织，请联系管理员")
        if org is not None and not org.is_within(placement.org):
            raise PermissionDenied("只能导出您所在组织及其下级组织的集体合同")
        qs = qs.filter(agreement__union__path__startswith=(org or placement.org).path)
    elif org is not None:
        qs = qs.filter(agreement__union__path__startswith=org.path)
    scopes = dict(Agreement.Scope.choices)
    topics = dict(Agreement.Topic.choices)
    bodies = dict(Agreement.VoteBody.choices)
    outcomes = dict(Filing.Outcome.choices)
    values = qs.order_by("-agreement__signed", "agreement_id", "employer__name").values_list(
        "agreement__title",
        "agreement__scope",
        "agreement__topic",
        "agreement__union__name",
        "employer__name",
        "employer__credit_code",
        "agreement__industry",
        "agreement__employer_side",
        "agreement__signed",
        "agreement__starts",
        "agreement__ends",
        "agreement__employees_covered",
        "agreement__vote_body",
        "agreement__vote_date",
        "agreement__vote_eligible",
        "agreement__vote_present",
        "agreement__vote_for",
        "agreement__renewal",
        "agreement__filing__filed",
        "agreement__filing__outcome",
        "agreement__filing__decided",
        "agreement__filing__objection_text",
    )

    def rows():
        for v in values.iterator(chunk_size=2000):
            v = list(v)
            v[1], v[2], v[12] = scopes[v[1]], topics[v[2]], bodies[v[12]]
            v[17] = "续签" if v[17] else "新签"
            v[19] = outcomes.get(v[19] or "", "") if v[19] else ""
            v[21] = v[21] or ""
            yield v

    return build_workbook(
        headers=HEADERS,
        rows=rows(),
        text_columns=[5],
        sheet_name="集体合同",
        widths={0: 34, 3: 18, 4: 28, 5: 22, 7: 20, 21: 30},
    )


def _plain(value):
    """JSON-safe figures: Decimals as text (exact), dates ISO, nested dicts and lists."""
    import datetime as dt
    from decimal import Decimal

    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def bargaining_figures(*, user, org, period=None, options=None) -> dict:
    """The ledger's figures (CONTRACT.md): selectors.figures for org's subtree and the period
    (default: this year). options: industry, topic (a Topic value or label)."""
    from django.utils import timezone

    from gonghui.core.dates import Period
    from gonghui.orgs.access import placement_of

    from . import selectors

    if user is not None:
        placement = placement_of(user)
        if placement is None or not org.is_within(placement.org):
            raise PermissionDenied("只能查看您所在组织及其下级组织的统计")
    options = options or {}
    today = timezone.localdate()
    period = period or Period.year(today.year)
    topic = options.get("topic") or None
    if topic:
        topic = TOPICS.get(topic, TOPIC_ALIASES.get(topic, topic))
    data = selectors.figures(
        org=org, period=period, industry=options.get("industry") or None, topic=topic, today=today
    )
    return _plain(data)
