"""Importing the member roster (会员名册) from .xlsx/.xls/.csv, built on core.imports.

A row names a person by ID number and the grassroots union they belong to. A new person becomes a
Person with an active Membership; a known person with the same data is left alone; changed fields
are updated (and audited with before/after). A person who is an active member of another union is
rejected: a move between unions is a transfer, done on the member page.
"""

import datetime as dt
from dataclasses import dataclass
from operator import attrgetter

from gonghui.core.dates import DateError, parse_date
from gonghui.core.idnumber import quick as quick_id
from gonghui.core.imports import (
    CREATE,
    UNCHANGED,
    UPDATE,
    Column,
    ImportRow,
    LedgerImport,
    closest,
    select_in,
)
from gonghui.core.masking import mask_id_number
from gonghui.core.phone import MOBILE_PATTERN
from gonghui.core.sheets import NEEDS_NORMALISING as _NEEDS_NORMALISING
from gonghui.core.sheets import compact, normalise_text
from gonghui.orgs.models import Organization

from .forms import EDUCATIONS as FORM_EDUCATIONS
from .forms import POLITICAL_STATUSES as FORM_POLITICAL_STATUSES
from .models import Membership, Person

ETHNICITIES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 "
    "哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 "
    "柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 "
    "塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 "
    "鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()
ETHNICITY_ALIASES = {e[:-1]: e for e in ETHNICITIES} | {"维吾尔": "维吾尔族", "维族": "维吾尔族"}

# One list for the forms' suggestions, the template's drop-downs and the import's check.
POLITICAL_STATUSES = [*FORM_POLITICAL_STATUSES, "无党派人士"]
POLITICAL_ALIASES = {
    "党员": "中共党员",
    "中国共产党党员": "中共党员",
    "共产党员": "中共党员",
    "预备党员": "中共预备党员",
    "中国共产党预备党员": "中共预备党员",
    "团员": "共青团员",
    "中国共产主义青年团团员": "共青团员",
    "无党派": "无党派人士",
} | {
    party: "民主党派"
    for party in (
        "民革党员 民盟盟员 民建会员 民进会员 农工党党员 致公党党员 九三学社社员 台盟盟员 "
        "民革 民盟 民建 民进 农工党 致公党 九三学社 台盟"
    ).split()
}

EDUCATIONS = list(FORM_EDUCATIONS)
EDUCATION_ALIASES = {
    "博士": "研究生",
    "硕士": "研究生",
    "博士研究生": "研究生",
    "硕士研究生": "研究生",
    "本科": "大学本科",
    "大本": "大学本科",
    "大专": "大学专科",
    "专科": "大学专科",
    "中等专科": "中专",
    "中等专业学校": "中专",
    "中技": "中专",
    "技校": "中专",
    "技工学校": "中专",
    "职高": "高中",
    "小学": "小学及以下",
    "文盲": "小学及以下",
}

_ETHNICITY_SET = frozenset(ETHNICITIES)
_POLITICAL_SET = frozenset(POLITICAL_STATUSES)
_EDUCATION_SET = frozenset(EDUCATIONS)
choice = ImportRow.choice
_UNSEEN = object()
FAST_CHUNK = 5000  # rows per pass of the fast path (the progress bar moves between passes)
FAST_CHOICES = (  # ethnicity, political status, education
    (_ETHNICITY_SET, ETHNICITY_ALIASES),
    (_POLITICAL_SET, POLITICAL_ALIASES),
    (_EDUCATION_SET, EDUCATION_ALIASES),
)
CHUNK = 2000  # ID numbers per lookup query
PERSON_FIELDS = ("name", "mobile", "ethnicity", "political_status", "education", "workplace")


@dataclass(slots=True)
class MemberRow:
    name: str
    id_number: str | None
    sex: str | None
    birth_date: dt.date | None
    org_id: int | None
    org_name: str
    joined: dt.date | None
    mobile: str
    ethnicity: str
    political_status: str
    education: str
    workplace: str
    person_id: int | None = None
    current: dict | None = None  # the known person's fields, before this import
    membership_id: int | None = None  # the active membership to update


class MemberImport(LedgerImport):
    name = "members"
    label = "会员名册"
    columns = [
        Column("name", "姓名", ("职工姓名", "会员姓名"), required=True, example="张三"),
        Column(
            "id_number",
            "公民身份号码",
            ("身份证号", "身份证号码", "身份证", "证件号码", "身份证件号码", "公民身份证号码"),
            required=True,
            text=True,
            example="320102199003070017",
            note="18 位号码；请保持本列为“文本”格式，否则 Excel 会丢失后几位",
        ),
        Column(
            "union",
            "所在工会",
            ("工会", "工会名称", "所属工会", "基层工会"),
            required=True,
            example="桥涯村工会",
            note="基层工会的全称或简称",
        ),
        Column(
            "joined",
            "入会日期",
            ("入会时间",),
            required=True,
            example=dt.date(2019, 3, 5),
            note="如 2019-03-05、2019.3.5、2019年3月5日",
        ),
        Column(
            "mobile",
            "手机号码",
            ("手机", "联系电话", "手机号", "电话"),
            text=True,
            example="13812345678",
        ),
        Column("ethnicity", "民族", choices=ETHNICITIES, example="汉族"),
        Column("political_status", "政治面貌", choices=POLITICAL_STATUSES, example="群众"),
        Column("education", "文化程度", ("学历",), choices=EDUCATIONS, example="大学本科"),
        Column(
            "workplace",
            "工作单位",
            ("单位", "单位名称", "工作单位名称"),
            example="桥涯纺织有限公司",
        ),
    ]

    # -- the union each row names
    def default_union(self) -> Organization | None:
        if self.org is not None and self.org.kind == Organization.Kind.GRASSROOTS:
            return self.org
        return None

    def required_keys(self) -> list[str]:
        keys = super().required_keys()
        if self.default_union() is not None:
            keys.remove("union")
        return keys

    def prepare(self, sheet) -> None:
        self.by_name: dict[str, tuple] = {}
        self.by_short: dict[str, list[tuple]] = {}
        for org in self.orgs_in_scope().values_list("id", "name", "short_name", "kind"):
            self.by_name[compact(org[1])] = org
            if org[2]:
                self.by_short.setdefault(compact(org[2]), []).append(org)
        self.union_names = [o[1] for o in self.by_name.values() if o[3] == "grassroots"]
        self._unions: dict[str, tuple] = {}
        self._union_texts: dict = {}  # raw cell -> compact text (cells repeat: 5,000 unions)
        # The fast path (clean_row): column indexes, and the answers for repeated cells that
        # clean_row_checked accepted without any remark.
        keys = ("name", "id_number", "union", "joined", "mobile", "ethnicity")
        keys += ("political_status", "education", "workplace")
        self._fast = (
            tuple(sheet.columns[k] for k in keys) if all(k in sheet.columns for k in keys) else None
        )
        self._fast_unions: dict = {}
        self._fast_dates: dict = {}
        self._fast_texts: dict = {}
        self._fast_choices = tuple({None: "", "": ""} for _ in FAST_CHOICES)
        default = self.default_union()
        self._default = (default.pk, default.name, None) if default else None

    def _union(self, text: str) -> tuple[int | None, str, str | None]:
        """(org id, full name, error) for a union named in the file, cached per spelling."""
        if text in self._unions:
            return self._unions[text]
        org = self.by_name.get(text)
        if org is None:
            shorts = self.by_short.get(text, [])
            if len(shorts) > 1:
                names = "、".join(o[1] for o in shorts)
                answer = (None, "", f"简称“{text}”对应多个工会（{names}），请写全称")
                self._unions[text] = answer
                return answer
            org = shorts[0] if shorts else None
        if org is None:
            suggestions = closest(text, self.union_names)
            hint = (
                f"最接近的有：{'、'.join(suggestions)}" if suggestions else "请核对工会全称或简称"
            )
            answer = (None, "", f"在您管辖的范围内没有找到工会“{text}”；{hint}")
        elif org[3] != Organization.Kind.GRASSROOTS:
            answer = (None, "", f"“{org[1]}”不是基层工会，会员只能登记在基层工会")
        else:
            answer = (org[0], org[1], None)
        self._unions[text] = answer
        return answer

    # -- one row
    def clean_all(self, sheet) -> list[ImportRow]:
        """clean_row for every row, with the fast path's loop run over a chunk at a time."""
        if self._fast is None:
            return super().clean_all(sheet)
        rows = []
        for start in range(0, len(sheet.rows), FAST_CHUNK):
            chunk = sheet.rows[start : start + FAST_CHUNK]
            answers = self._clean_fast([values for _, values in chunk])
            for (number, values), data in zip(chunk, answers, strict=True):
                row = ImportRow(number, values, sheet, self)
                row.data = data if data is not None else self.clean_row_checked(row)
                rows.append(row)
            self.advance(len(chunk))
        return rows

    def clean_row(self, row: ImportRow) -> MemberRow:
        """The fast path for a row whose every cell is clean and valid (nearly every row of a
        big file); anything else goes through clean_row_checked, which names each problem."""
        if self._fast is not None:
            data = self._clean_fast([row.values])[0]
            if data is not None:
                return data
        return self.clean_row_checked(row)

    def _clean_fast(self, rows: list[list]) -> list[MemberRow | None]:
        """Each row's MemberRow, or None for anything unusual: then clean_row_checked decides.

        Same answers as clean_row_checked for the rows it takes (tests/members/test_import.py
        compares the two); it takes only cells that need no normalising, or whose normalised
        answer it has seen before in this file. One loop over many rows, its lookups hoisted:
        this is most of the checking time of a big file."""
        i_name, i_id, i_union, i_joined, i_mobile, i_eth, i_pol, i_edu, i_work = self._fast
        today, unions, dates, texts = (
            self.today,
            self._fast_unions,
            self._fast_dates,
            self._fast_texts,
        )
        known_eth, known_pol, known_edu = self._fast_choices
        is_mobile = MOBILE_PATTERN.match
        out: list[MemberRow | None] = []
        add = out.append
        for values in rows:
            try:
                name, raw_id, union, joined, mobile = (
                    values[i_name],
                    values[i_id],
                    values[i_union],
                    values[i_joined],
                    values[i_mobile],
                )
                eth, pol, edu, work = values[i_eth], values[i_pol], values[i_edu], values[i_work]
            except IndexError:  # a short row (CSV)
                add(None)
                continue
            # is_compact(name) and is_normalised_id(raw_id), written out: this loop is hot.
            if not (
                type(name) is str
                and 0 < len(name) <= 50
                and " " not in name
                and name.isprintable()
                and (name.isascii() or not _NEEDS_NORMALISING.search(name))
            ):
                add(None)
                continue
            parsed = (
                quick_id(raw_id, today)
                if type(raw_id) is str
                and len(raw_id) == 18
                and raw_id.isascii()
                and raw_id[:17].isdigit()
                and (raw_id[17].isdigit() or raw_id[17] == "X")
                else None
            )
            if parsed is None:
                add(None)
                continue
            birth, sex = parsed
            org = unions.get(union) or self._fast_union(union)
            date_key = (type(joined), joined)
            joined = dates.get(date_key) or self._fast_date(date_key)
            if org is None or joined is None or joined < birth:
                add(None)
                continue
            if mobile is None or mobile == "":
                mobile = ""
            elif not (
                type(mobile) is str
                and len(mobile) == 11
                and mobile.isascii()
                and is_mobile(mobile) is not None
            ):  # is_clean_mobile, written out
                add(None)
                continue
            eth = known_eth.get(eth, _UNSEEN)
            if eth is _UNSEEN:
                eth = self._fast_choice(0, values[i_eth])
            pol = known_pol.get(pol, _UNSEEN)
            if pol is _UNSEEN:
                pol = self._fast_choice(1, values[i_pol])
            edu = known_edu.get(edu, _UNSEEN)
            if edu is _UNSEEN:
                edu = self._fast_choice(2, values[i_edu])
            if eth is None or pol is None or edu is None:
                add(None)
                continue
            if work is None or work == "":
                work = ""
            elif type(work) is str:
                text = texts.get(work)
                if text is None:
                    text = texts[work] = normalise_text(work)
                if len(text) > 150:
                    add(None)
                    continue
                work = text
            else:
                add(None)
                continue
            # name, id_number, sex, birth_date, org_id, org_name, joined, mobile, ethnicity,
            # political_status, education, workplace (positional: a tenth of the time less)
            add(MemberRow(name, raw_id, sex, birth, *org, joined, mobile, eth, pol, edu, work))
        return out

    def _fast_date(self, key: tuple) -> dt.date | None:
        kind, raw = key
        if kind not in (str, dt.date, dt.datetime) or (kind is str and not raw.strip()):
            return None
        try:
            value = parse_date(raw, today=self.today)
        except DateError:
            return None
        self._fast_dates[key] = value
        return value

    def _fast_choice(self, index: int, raw) -> str | None:
        """ImportRow.choice's answer for a text cell, or None where it would object."""
        if type(raw) is not str:
            return None
        text = normalise_text(raw).replace(" ", "")
        choices, aliases = FAST_CHOICES[index]
        value = text if text in choices else aliases.get(text)
        if value is not None:
            self._fast_choices[index][raw] = value
        return value

    def _fast_union(self, raw) -> tuple | None:
        """(org id, name) for a union cell that names a union without any doubt, else None."""
        if type(raw) is not str:
            return None
        text = compact(raw)
        if not text:
            return None
        org_id, org_name, problem = self._union(text)
        if problem:
            return None
        self._fast_unions[raw] = (org_id, org_name)
        return org_id, org_name

    def clean_row_checked(self, row: ImportRow) -> MemberRow:
        name = compact(row.required_text("name"))
        if len(name) > 50:
            row.error("name", "姓名超过 50 个字")
        parsed = row.id_number("id_number")
        union_raw = row.raw("union")
        try:
            union_text = self._union_texts[union_raw]
        except KeyError:
            union_text = self._union_texts[union_raw] = compact(row.text("union"))
        if union_text:
            org_id, org_name, problem = self._union(union_text)
            if problem:
                row.error("union", problem)
        elif self._default is not None:
            org_id, org_name, _ = self._default
        else:
            org_id, org_name = None, ""
            row.error("union", f"“{self.header_of('union', row._sheet)}”不能为空")
        joined = row.date("joined", required=True)
        if joined and parsed and joined < parsed.birth_date:
            row.error(
                "joined",
                f"入会日期 {joined:%Y-%m-%d} 早于身份证号码中的出生日期 {parsed.birth_date:%Y-%m-%d}",
            )
        workplace = row.text("workplace")
        if len(workplace) > 150:
            row.error("workplace", "工作单位超过 150 个字")
        return MemberRow(
            name=name,
            id_number=parsed.value if parsed else None,
            sex=parsed.sex if parsed else None,
            birth_date=parsed.birth_date if parsed else None,
            org_id=org_id,
            org_name=org_name,
            joined=joined,
            mobile=row.mobile("mobile"),
            ethnicity=row.cached("ethnicity", choice, _ETHNICITY_SET, ETHNICITY_ALIASES),
            political_status=row.cached(
                "political_status", choice, _POLITICAL_SET, POLITICAL_ALIASES
            ),
            education=row.cached("education", choice, _EDUCATION_SET, EDUCATION_ALIASES),
            workplace=workplace,
        )

    def check_rows(self, rows: list[ImportRow]) -> None:
        first: dict[str, ImportRow] = {}
        for row in rows:
            data = row.data
            if data is None or not data.id_number:
                continue
            earlier = first.get(data.id_number)
            if earlier is None:
                first[data.id_number] = row
                continue
            if earlier.data.name != data.name:
                row.error(
                    "id_number",
                    f"与第 {earlier.number} 行的公民身份号码相同，但姓名不同"
                    f"（第 {earlier.number} 行为“{earlier.data.name}”，第 {row.number} 行为“{data.name}”）；"
                    "请核对这两行",
                )
                earlier.error(
                    "id_number",
                    f"与第 {row.number} 行的公民身份号码相同，但姓名不同"
                    f"（第 {earlier.number} 行为“{earlier.data.name}”，第 {row.number} 行为“{data.name}”）；"
                    "请核对这两行",
                )
            else:
                row.error(
                    "id_number",
                    f"与第 {earlier.number} 行是同一人（公民身份号码相同），重复出现；请删去其中一行",
                )

    # -- against the database
    def plan(self, rows: list[ImportRow]) -> None:
        ids = [row.data.id_number for row in rows]
        persons: dict[str, tuple] = {}  # id_number -> (pk, name, *PERSON_FIELDS[1:])
        for values in select_in(Person, ["id_number", "id", *PERSON_FIELDS], "id_number", ids):
            persons[values[0]] = values[1:]
        active: dict[int, tuple] = {}
        closed: dict[tuple, tuple] = {}
        person_ids = [p[0] for p in persons.values()]
        for start in range(0, len(person_ids), CHUNK):
            for mid, pid, org_id, joined, status, ended in Membership.objects.filter(
                person_id__in=person_ids[start : start + CHUNK]
            ).values_list("id", "person_id", "org_id", "joined", "status", "ended"):
                if status == Membership.Status.ACTIVE:
                    active[pid] = (mid, org_id, joined)
                else:
                    closed[(pid, org_id, joined)] = (status, ended)
        names = {o[0]: o[1] for o in self.by_name.values()}
        foreign = {a[1] for a in active.values()} - set(names)
        outside = dict(Organization.objects.filter(pk__in=foreign).values_list("id", "name"))
        status_labels = dict(Membership.Status.choices)
        for row in rows:
            data: MemberRow = row.data
            known = persons.get(data.id_number)
            if known is None:
                row.action = CREATE
                continue
            data.person_id = known[0]
            current_values = dict(zip(PERSON_FIELDS, known[1:], strict=True))
            if current_values["name"] != data.name:
                row.error(
                    "name",
                    f"该公民身份号码已登记为“{current_values['name']}”，与本行姓名不符；"
                    "如确已改名，请在会员页面修改后再导入",
                )
                continue
            data.current = current_values
            changes = {
                f: (current_values[f], getattr(data, f))
                for f in PERSON_FIELDS[1:]
                if getattr(data, f) and getattr(data, f) != current_values[f]
            }
            current = active.get(data.person_id)
            if current is not None and current[1] != data.org_id:
                where = names.get(current[1])
                if where is None:
                    elsewhere = outside.get(current[1])
                    where = f"“{elsewhere}”（不在您的管辖范围内）" if elsewhere else "其他工会"
                    row.error("union", f"此人已是{where}的在册会员；转会须由原工会在会员页面办理")
                else:
                    row.error(
                        "union",
                        f"此人已是“{where}”的在册会员；如要转到“{data.org_name}”，请在会员页面办理转会",
                    )
                continue
            if current is not None:
                data.membership_id = current[0]
                if current[2] != data.joined:
                    changes["joined"] = (current[2], data.joined)
                row.changes = changes
                row.action = UPDATE if changes else UNCHANGED
                continue
            ended = closed.get((data.person_id, data.org_id, data.joined))
            if ended is not None:
                row.error(
                    "union",
                    f"此人在“{data.org_name}”的这段会籍已于 {ended[1]:%Y-%m-%d} "
                    f"{status_labels.get(ended[0], '结束')}；如需重新入会，请在会员页面办理",
                )
                continue
            row.changes = changes
            row.action = CREATE  # a known person joins again

    # -- writing
    def write(self, rows: list[ImportRow]) -> None:
        now = self._now
        # In ID order: the unique index on id_number takes sorted inserts much faster.
        new_people = sorted(
            (r for r in rows if r.data.person_id is None), key=attrgetter("data.id_number")
        )
        fields = ["id_number", "sex", "birth_date", *PERSON_FIELDS]
        values, stamps = attrgetter(*fields), (now, now)
        pks = self.insert_rows_ids(
            Person,
            [*fields, "created", "updated"],
            [values(r.data) + stamps for r in new_people],
        )
        for r, pk in zip(new_people, pks, strict=True):
            r.data.person_id = pk
        self.update_rows(
            Person,
            [*PERSON_FIELDS[1:], "updated"],
            [
                (
                    *(
                        r.changes.get(f, (None, v))[1]
                        for f, v in r.data.current.items()
                        if f != "name"
                    ),
                    now,
                    r.data.person_id,
                )
                for r in rows
                if r.data.current is not None and any(f != "joined" for f in r.changes)
            ],
        )
        self.update_rows(
            Membership,
            ["joined"],
            [(r.data.joined, r.data.membership_id) for r in rows if "joined" in r.changes],
        )
        # Memberships in person order: their person indexes fill from the end.
        created = [r.data for r in new_people]
        created += [r.data for r in rows if r.action == CREATE and r.data.current is not None]
        self.advance(len(rows) - len(created))
        self.insert_rows(
            Membership,
            ["person", "org", "joined", "status"],
            [(d.person_id, d.org_id, d.joined, Membership.Status.ACTIVE) for d in created],
            advance=True,
        )
        # New people: their sheet rows, one compact record per run of ids (ImportedRows). Their
        # values as created are the rows just written (Person.created is the import's time); every
        # later change to them leaves a ChangeRecord with before and after. Keeping a copy here
        # too would cost a twentieth of the import.
        self.record_created(
            Person._meta.label_lower,
            [r.data.person_id for r in new_people],
            [r.number for r in new_people],
            {},
        )
        # Known people (changed fields, or joining again): a ChangeRecord each, before and after.
        label = Person._meta.label_lower
        for row in rows:
            d = row.data
            if d.current is None:
                continue
            before = {k: _plain(b) for k, (b, _) in row.changes.items()}
            after = {k: _plain(a) for k, (_, a) in row.changes.items()}
            if row.action == CREATE:  # a known person joins again
                after.update(org=d.org_name, joined=d.joined.isoformat())
            self.record_raw(
                model=label,
                object_id=d.person_id,
                object_repr=d.name,
                action=UPDATE,
                before=before,
                after=after,
                org=d.org_id,
            )

    def preview_cells(self, row: ImportRow) -> dict[str, str]:
        d: MemberRow = row.data
        from gonghui.orgs.access import can_unmask

        shown = d.id_number if self.user is None or can_unmask(self.user) else None
        return {
            "姓名": d.name,
            "公民身份号码": shown or mask_id_number(d.id_number),
            "所在工会": d.org_name,
            "入会日期": d.joined.isoformat(),
        }


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def member_import(*, user, source, filename, org=None, commit=False, options=None, progress=None):
    """The members ledger's importer (CONTRACT.md): check, and with commit write, a roster file."""
    return MemberImport(user=user, org=org, options=options).run(
        source=source, filename=filename, commit=commit, progress=progress
    )


def import_template() -> bytes:
    return MemberImport.template()
