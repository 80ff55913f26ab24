"""The employers ledger (用人单位台账): import from Excel and export, on the shared contract.

One row per employer: 单位名称, 统一社会信用代码, 行业, 职工人数, 所在区域, 本单位工会, 地址. An
employer is matched by its credit code, or by its name when the row has none; a match is updated,
otherwise the employer is created. A credit code that fails its check character (GB 32100) is
accepted only when 信用代码已核对 says 是 (RULES.md §3: warn, keep a manual override).
"""

from django.core.exceptions import PermissionDenied

from gonghui.core import creditcode
from gonghui.core.imports import CREATE, UNCHANGED, UPDATE, Column, ImportRow, LedgerImport
from gonghui.core.sheets import build_workbook
from gonghui.orgs.models import Employer, Organization

HEADERS = ["单位名称", "统一社会信用代码", "行业", "职工人数", "所在区域", "本单位工会", "地址"]
YES = {"是", "已核对", "Y", "YES", "1", "TRUE", "√"}
FIELDS = [
    "name",
    "credit_code",
    "credit_code_confirmed",
    "industry",
    "employees",
    "org",
    "union",
    "address",
]


def _org_index(orgs) -> dict[str, Organization]:
    index: dict[str, Organization] = {}
    for org in orgs:
        index.setdefault(org.name, org)
    for org in orgs:
        if org.short_name:
            index.setdefault(org.short_name, org)
    return index


class EmployerImport(LedgerImport):
    name, label = "employers", "用人单位台账"
    columns = [
        Column(
            "name",
            "单位名称",
            ("企业名称", "用人单位", "单位"),
            required=True,
            example="桥涯纺织有限公司",
        ),
        Column(
            "credit_code",
            "统一社会信用代码",
            ("信用代码", "社会信用代码"),
            text=True,
            example="91320102MA1T8K3W40",
        ),
        Column("industry", "行业", ("所属行业",), example="纺织"),
        Column("employees", "职工人数", ("职工数", "人数", "在职职工人数"), example=60),
        Column(
            "org",
            "所在区域",
            ("所在区域工会", "所属镇（街道）", "所属区域"),
            example="太华镇总工会",
            note="镇（街道）或上级工会的全称或简称；命令行 --org 可统一指定",
        ),
        Column("union", "本单位工会", ("单位工会", "工会名称"), example=""),
        Column("address", "地址", ("单位地址",)),
        Column(
            "confirmed",
            "信用代码已核对",
            (),
            choices=["是", "否"],
            note="校验码不通过但经核对无误时填“是”",
        ),
    ]

    def required_keys(self):
        return ["name"]

    def prepare(self, sheet):
        self.orgs = _org_index(list(self.orgs_in_scope()))
        self.default_org = self.org

    def clean_row(self, row: ImportRow):
        name = row.required_text("name")
        code = creditcode.clean(row.text("credit_code")) if row.text("credit_code") else ""
        confirmed = "".join(row.text("confirmed").split()).upper() in YES
        if code:
            problems = creditcode.problems(code)
            malformed = len(code) != 18 or any(c not in creditcode.CHARSET for c in code)
            if malformed:
                row.error("credit_code", problems[0])
            elif problems and not confirmed:
                row.error(
                    "credit_code",
                    f"{problems[0]}；如经核对无误，请在“信用代码已核对”列填“是”",
                )
        employees = 0
        raw = row.text("employees")
        if raw:
            try:
                employees = int(float(raw))
                if employees < 0:
                    raise ValueError
            except ValueError:
                row.error("employees", f"职工人数“{raw}”不是非负整数")
        org_name = row.text("org")
        org = self.orgs.get(org_name) if org_name else self.default_org
        if org is None:
            if org_name:
                row.error("org", f"没有找到“{org_name}”，或它不在您的管辖范围内")
            else:
                row.error("org", "请填写所在区域，或在导入时指定组织")
        union_name = row.text("union")
        union = None
        if union_name:
            union = self.orgs.get(union_name)
            if union is None or union.kind != Organization.Kind.GRASSROOTS:
                row.error("union", f"没有找到基层工会“{union_name}”，或它不在您的管辖范围内")
        return {
            "name": name,
            "credit_code": code,
            "credit_code_confirmed": bool(code) and confirmed,
            "industry": row.text("industry"),
            "employees": employees,
            "org": org,
            "union": union,
            "address": row.text("address"),
        }

    def check_rows(self, rows):
        seen: dict[str, int] = {}
        for row in rows:
            key = (row.data or {}).get("credit_code") or None
            if not key:
                continue
            if key in seen:
                row.error("credit_code", f"与第 {seen[key]} 行的信用代码重复")
            else:
                seen[key] = row.number

    def plan(self, rows):
        codes = [r.data["credit_code"] for r in rows if r.data["credit_code"]]
        names = [r.data["name"] for r in rows if not r.data["credit_code"]]
        by_code = {e.credit_code: e for e in Employer.objects.filter(credit_code__in=codes)}
        scope = (
            Employer.objects.all() if self.scope is None else Employer.objects.within(self.scope)
        )
        by_name = {e.name: e for e in scope.filter(name__in=names, credit_code="")}
        for row in rows:
            d = row.data
            existing = by_code.get(d["credit_code"]) if d["credit_code"] else by_name.get(d["name"])
            if existing is None:
                row.action = CREATE
                continue
            if self.scope is not None and not existing.org.is_within(self.scope):
                row.error("credit_code", "该信用代码的单位属于其他区域，不能在这里修改")
                continue
            row.data["existing"] = existing
            changes = {}
            for field in FIELDS:
                before = getattr(existing, field)
                after = d[field]
                if field == "credit_code_confirmed" and not after:
                    continue
                if before != after:
                    changes[field] = (str(before or ""), str(after or ""))
            row.changes = changes
            row.action = UPDATE if changes else UNCHANGED

    def write(self, rows):
        from gonghui.core.audit import snapshot

        new = [r for r in rows if r.action == CREATE]
        objs = self.bulk_create(
            Employer,
            [Employer(**{f: r.data[f] for f in FIELDS}) for r in new],
            advance=True,
        )
        for obj in objs:
            self.record(obj, CREATE, after=snapshot(obj), org=obj.org_id)
        changed = []
        for row in rows:
            if row.action != UPDATE:
                continue
            employer = row.data["existing"]
            before = snapshot(employer)
            for field in row.changes:
                setattr(employer, field, row.data[field])
            changed.append(employer)
            self.record(
                employer, UPDATE, before=before, after=snapshot(employer), org=employer.org_id
            )
        self.bulk_update(Employer, changed, FIELDS)


def employer_import(*, user, source, filename, org=None, commit=False, options=None, progress=None):
    return EmployerImport(user=user, org=org, options=options).run(
        source=source, filename=filename, commit=commit, progress=progress
    )


def employer_export(*, user, org=None, options=None) -> bytes:
    """Employers of the user's subtree (or org within it), in the import's own layout."""
    from gonghui.orgs.access import placement_of

    qs = Employer.objects.all()
    if user is not None:
        placement = placement_of(user)
        if placement is None:
            raise PermissionDenied("您的账号尚未分配到组织，请联系管理员")
        if org is not None and not org.is_within(placement.org):
            raise PermissionDenied("只能导出您所在组织及其下级组织的用人单位")
        qs = qs.within(org or placement.org)
    elif org is not None:
        qs = qs.within(org)
    values = qs.order_by("org__path", "name", "pk").values_list(
        "name", "credit_code", "industry", "employees", "org__name", "union__name", "address"
    )
    return build_workbook(
        headers=HEADERS,
        rows=([*v[:5], v[5] or "", v[6]] for v in values.iterator(chunk_size=2000)),
        text_columns=[1],
        sheet_name="用人单位",
        widths={0: 30, 1: 22, 4: 20, 5: 20, 6: 30},
    )
