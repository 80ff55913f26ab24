"""Typed input and output of the API; field descriptions are what the docs page shows."""

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, model_validator

from gonghui.core import idnumber
from gonghui.core.dates import DateError, parse_date
from gonghui.core.phone import PhoneError, parse_mobile


class ErrorOut(Schema):
    detail: str = Field(description="一句话说明错误原因")


class ValidationErrorOut(Schema):
    detail: str = Field(description="一句话说明错误原因")
    errors: dict[str, list[str]] = Field(description="按字段列出的错误原因；__all__ 为整体错误")


AUTH_ERRORS = {401: ErrorOut, 403: ErrorOut}
READ_ERRORS = {**AUTH_ERRORS, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 400: ErrorOut}


# ---- input helpers: accept what clerks type, answer in Chinese ----


def _clerk_date(value):
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return parse_date(value)
    except DateError as exc:
        raise ValueError(str(exc)) from None


def _id_number(value):
    try:
        return idnumber.parse(str(value)).value
    except idnumber.IdNumberError as exc:
        raise ValueError(str(exc)) from None


def _mobile(value):
    if value is None or str(value).strip() == "":
        return ""
    try:
        return parse_mobile(str(value))
    except PhoneError as exc:
        raise ValueError(str(exc)) from None


ClerkDate = Annotated[dt.date, BeforeValidator(_clerk_date)]
IdNumber = Annotated[str, BeforeValidator(_id_number)]
Mobile = Annotated[str, BeforeValidator(_mobile)]


# ---- organisations and the caller ----


class OrgRef(Schema):
    id: int
    name: str = Field(description="全称")
    short_name: str = Field(description="简称")


class OrgOut(Schema):
    id: int
    name: str = Field(description="全称")
    short_name: str = Field(description="简称")
    kind: Literal["federation", "town", "grassroots"] = Field(description="层级")
    kind_label: str
    unit_type: str = Field(description="基层工会类型：village/enterprise/office/institution/joint")
    parent_id: int | None = Field(description="上级组织 id；不在您可见范围内时为 null")
    depth: int = Field(description="在组织树中的层级，县总工会为 1")
    established: dt.date | None = Field(description="成立日期")
    chair: str = Field(description="工会主席")
    term_start: dt.date | None = Field(description="本届任期开始")
    term_end: dt.date | None = Field(description="本届任期届满")
    term_status: Literal["overdue", "due3", "due6", "ok", "unknown"] = Field(
        description="换届提醒：已超期 / 3 个月内 / 6 个月内 / 任期内 / 未填任期"
    )
    employees: int = Field(description="职工人数")


class MeOut(Schema):
    username: str
    display_name: str
    role: Literal["staff", "chair", "approver", "viewer"]
    role_label: str
    org: OrgRef = Field(description="您所在的组织；可见范围为它及其下级")
    can_write: bool = Field(description="能否新增、修改、导入")
    can_unmask: bool = Field(description="能否看到完整身份证号（每次都记入审计）")
    auth: Literal["token", "session"] = Field(description="本次请求的认证方式")


# ---- the member roster ----

Status = Literal["active", "transferred", "left", "deceased"]


class MemberFilters(Schema):
    q: str | None = Field(
        None, max_length=50, description="按完整身份证号、完整手机号或姓名开头查找"
    )
    org: int | None = Field(None, description="组织 id：只看它及其下级（须在您的可见范围内）")
    sex: Literal["M", "F"] | None = Field(None, description="性别：M 男，F 女")
    age_min: int | None = Field(None, ge=0, le=150, description="年龄下限（周岁，含）")
    age_max: int | None = Field(None, ge=0, le=150, description="年龄上限（周岁，含）")
    joined_from: dt.date | None = Field(None, description="入会日期起（含），YYYY-MM-DD")
    joined_to: dt.date | None = Field(None, description="入会日期止（含），YYYY-MM-DD")
    status: Literal["active", "transferred", "left", "deceased", "all"] = Field(
        "active", description="会籍状态；默认 active（在册），all 为全部"
    )
    limit: int = Field(50, ge=1, le=500, description="每页条数，最多 500")
    offset: int = Field(0, ge=0, description="跳过的条数")

    @model_validator(mode="after")
    def _ranges(self):
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueError("年龄下限不能大于上限")
        if self.joined_from and self.joined_to and self.joined_from > self.joined_to:
            raise ValueError("入会日期的起始日期不能晚于截止日期")
        return self


class MemberOut(Schema):
    id: int = Field(description="会籍 id（接口中的会员 id）")
    person_id: int = Field(description="职工 id")
    name: str = Field(description="姓名")
    id_number: str = Field(description="公民身份号码；无权查看时为脱敏形式 3201**********123X")
    sex: Literal["M", "F"]
    birth_date: dt.date
    age: int = Field(description="今天的周岁年龄")
    mobile: str = Field(description="手机号码；无权查看时为 138****1234")
    ethnicity: str
    political_status: str
    education: str
    workplace: str
    org: OrgRef = Field(description="所在工会")
    joined: dt.date = Field(description="入会日期")
    status: Status
    status_label: str
    ended: dt.date | None = Field(description="离会（转出）日期")
    end_note: str


class MemberPage(Schema):
    total: int = Field(description="符合条件的总条数")
    limit: int
    offset: int
    masked: bool = Field(description="身份证号和手机号是否已脱敏")
    items: list[MemberOut]


class MemberCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    id_number: IdNumber = Field(description="公民身份号码（15 位会自动转为 18 位）")
    name: str = Field(min_length=1, max_length=50, description="姓名")
    org: int = Field(description="所在工会 id（须在您的可见范围内）")
    joined: ClerkDate = Field(description="入会日期，如 2019-03-05 或 2019年3月5日")
    mobile: Mobile = Field("", description="手机号码")
    ethnicity: str = Field("", max_length=20, description="民族")
    political_status: str = Field("", max_length=20, description="政治面貌")
    education: str = Field("", max_length=20, description="文化程度")
    workplace: str = Field("", max_length=150, description="工作单位")


class MemberUpdateIn(Schema):
    """Only the fields sent are changed (PATCH)."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=50, description="姓名")
    mobile: Mobile | None = Field(None, description="手机号码；空字符串表示清除")
    ethnicity: str | None = Field(None, max_length=20, description="民族")
    political_status: str | None = Field(None, max_length=20, description="政治面貌")
    education: str | None = Field(None, max_length=20, description="文化程度")
    workplace: str | None = Field(None, max_length=150, description="工作单位")


class RowErrorOut(Schema):
    row: int = Field(description="行号，与表格中看到的一致（含标题行）")
    column: str = Field(description="列名，与表头一致")
    value: str | None = Field(description="单元格原值")
    reason: str = Field(description="原因")


class ImportResultOut(Schema):
    accepted: int = Field(description="可导入（或已导入）的行数")
    created: int = Field(description="新增的会员数")
    updated: int = Field(description="更新的会员数")
    rejected: int = Field(description="被拒绝的行数")
    unchanged: int = Field(description="与系统中一致、无需改动的行数")
    errors: list[RowErrorOut] = Field(description="被拒绝的行：行号、列、值、原因")
    file: str = Field(description="文件名")
    sha256: str = Field(description="文件的 SHA-256，与审计日志中的一致")
    committed: bool = Field(description="是否已写入数据库（commit=true 且无文件级错误）")
