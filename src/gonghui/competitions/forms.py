from django import forms

from gonghui.core import idnumber
from gonghui.members.models import Membership, Person
from gonghui.orgs.models import Organization, Team

from . import services
from .models import (
    Award,
    Competition,
    Grade,
    GradeRise,
    LeadingGroupMember,
    Proposal,
    Requirement,
    TeamActivity,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CompetitionForm(forms.ModelForm):
    add_standard_documents = forms.BooleanField(
        label="添加标准报送材料（报名表、活动方案、考核细则、自评报告、总结）",
        required=False,
        initial=True,
    )
    first_due = forms.DateField(
        label="报名表、方案、细则截止日期",
        required=False,
        widget=DATE,
        help_text="不填则为开始日期后一个月",
    )
    add_standard_rubric = forms.BooleanField(
        label="使用全国安康杯特色工作评分表（形式20+内容50+效果30）", required=False, initial=True
    )
    assign_all_units = forms.BooleanField(
        label="将辖区内全部基层工会列为参赛单位", required=False, initial=True
    )

    class Meta:
        model = Competition
        fields = [
            "name",
            "kind",
            "organiser",
            "start_date",
            "end_date",
            "co_organisers",
            "description",
            "award_threshold",
            "late_record_days",
            "reminder_days",
            "self_registration",
            "double_link",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = Organization.objects.visible_to(user).exclude(kind=Organization.Kind.GRASSROOTS)
        self.fields["organiser"].queryset = orgs


class RequirementForm(forms.ModelForm):
    class Meta:
        model = Requirement
        fields = ["kind", "name", "due_date", "note"]
        widgets = {"due_date": DATE}


class MonthlyForm(forms.Form):
    first_month = forms.DateField(label="第一个月", widget=DATE)
    months = forms.IntegerField(label="月数", min_value=1, max_value=24, initial=12)
    due_day = forms.IntegerField(label="每月截止日", min_value=1, max_value=28, initial=5)


class RubricItemForm(forms.Form):
    group = forms.CharField(label="类别", max_length=30)
    name = forms.CharField(label="考核项目", max_length=100)
    max_points = forms.DecimalField(label="满分", min_value=0.01, max_digits=6, decimal_places=2)


class LeadingMemberForm(forms.ModelForm):
    class Meta:
        model = LeadingGroupMember
        fields = ["name", "role", "position"]


class UploadForm(forms.Form):
    file = forms.FileField(label="文件", required=False)
    submitted_on = forms.DateField(
        label="收到日期",
        required=False,
        widget=DATE,
        help_text="纸质材料按收到日期登记（仅主办方）",
    )
    published_on = forms.DateField(label="挂网日期", required=False, widget=DATE)
    note = forms.CharField(label="备注", max_length=200, required=False)


class TeamPlanForm(forms.Form):
    team = forms.ModelChoiceField(label="班组", queryset=None)
    month = forms.DateField(
        label="月份",
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )
    content = forms.CharField(label="计划内容", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class TeamActivityForm(forms.Form):
    team = forms.ModelChoiceField(label="班组", queryset=None)
    kind = forms.ChoiceField(label="活动类型", choices=TeamActivity.Kind.choices)
    activity_date = forms.DateField(label="活动日期", widget=DATE)
    participants_count = forms.IntegerField(label="参加人数", min_value=0, initial=0)
    content = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 2}))
    discussion = forms.CharField(
        label="讨论情况", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["org", "title", "content", "proposer_name", "on_behalf", "submitted_on"]
        widgets = {"submitted_on": DATE, "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Organization.objects.visible_to(user)


class ProposalDecisionForm(forms.Form):
    ACTIONS = [
        ("evaluate", "记录评估意见"),
        ("adopt", "采纳"),
        ("reject", "不予采纳"),
        ("implement", "已实施"),
    ]
    action = forms.ChoiceField(label="处理", choices=ACTIONS)
    text = forms.CharField(
        label="评估意见 / 未采纳原因", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    on = forms.DateField(label="日期", required=False, widget=DATE)
    estimated_benefit = forms.DecimalField(
        label="预计效益（元）", required=False, min_value=0, max_digits=14, decimal_places=2
    )


class AwardForm(forms.Form):
    RECIPIENTS = [("unit", "单位"), ("team", "班组"), ("person", "个人")]

    title = forms.ChoiceField(label="称号", choices=Award.Title.choices)
    level = forms.ChoiceField(label="级别", choices=Award.Level.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    participant = forms.ModelChoiceField(label="单位", queryset=None)
    recipient = forms.ChoiceField(label="表彰对象", choices=RECIPIENTS, initial="unit")
    team = forms.ModelChoiceField(
        label="班组", queryset=None, required=False, help_text="对象为班组时选择（须属于所选单位）"
    )
    id_number = forms.CharField(
        label="身份证号码", max_length=30, required=False, help_text="对象为个人时填写"
    )
    person_name = forms.CharField(
        label="姓名",
        max_length=50,
        required=False,
        help_text="无身份证号码时填写姓名，按所选单位的在册会员或选手查找",
    )
    achievement = forms.CharField(label="成果/事迹", required=False, max_length=200)

    def __init__(self, *args, participants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants
        self.fields["team"].queryset = (
            Team.objects.filter(org__in=participants.values("org"))
            .select_related("org")
            .order_by("org__path", "name")
        )

    def _person(self, participant) -> Person | None:
        raw = self.cleaned_data.get("id_number", "").strip()
        name = self.cleaned_data.get("person_name", "").strip()
        if raw:
            try:
                value = idnumber.parse(raw).value
            except idnumber.IdNumberError as exc:
                self.add_error("id_number", str(exc))
                return None
            person = Person.objects.filter(id_number=value).first()
            if person is None:
                self.add_error("id_number", "系统中没有该身份证号码的人员")
            elif name and person.name != name:
                self.add_error("person_name", f"该身份证号码登记的姓名是 {person.name}")
                return None
            return person
        if not name:
            self.add_error("id_number", "请填写个人的身份证号码，或姓名")
            return None
        people = services.people_named(
            name,
            members=Membership.objects.active().filter(org=participant.org),
            also=Person.objects.filter(contests__participant=participant),
        )
        if not people:
            self.add_error("person_name", f"{participant.name} 没有名为 {name} 的在册会员或选手")
            return None
        if len(people) > 1:
            self.add_error("person_name", f"{participant.name} 有多人名为 {name}，请填写身份证号码")
            return None
        return people[0]

    def clean(self):
        data = super().clean()
        participant = data.get("participant")
        data["person"] = data["team_obj"] = None
        if participant is None:
            return data
        kind = data.get("recipient")
        if kind == "team":
            team = data.get("team")
            if team is None:
                self.add_error("team", "请选择班组")
            elif team.org_id != participant.org_id:
                self.add_error("team", f"{team} 不属于 {participant.name}")
            else:
                data["team_obj"] = team
        elif kind == "person":
            data["person"] = self._person(participant)
        return data


class TradeForm(forms.Form):
    name = forms.CharField(label="竞赛项目（工种）", max_length=100)
    rounds = forms.CharField(
        label="轮次",
        max_length=200,
        initial="初赛、决赛",
        help_text="按比赛先后填写，用顿号或逗号分隔",
    )

    def clean_rounds(self):
        raw = self.cleaned_data["rounds"]
        for sep in "，,、 ":
            raw = raw.replace(sep, "\n")
        names = tuple(n.strip() for n in raw.splitlines() if n.strip())
        if not names:
            raise forms.ValidationError("至少填写一个轮次")
        if any(len(n) > 30 for n in names):
            raise forms.ValidationError("轮次名称不超过 30 字")
        return names


class RoundForm(forms.Form):
    trade = forms.ModelChoiceField(label="竞赛项目", queryset=None, empty_label="请选择")
    name = forms.CharField(label="轮次", max_length=30, help_text="如 复赛")
    held_on = forms.DateField(label="比赛日期", required=False, widget=DATE)

    def __init__(self, *args, trades=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trade"].queryset = trades


class RoundScoresForm(forms.Form):
    """One score input per contestant of the round's trade; a blank input leaves it unchanged."""

    def __init__(self, *args, contestants=(), scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        self.contestants = list(contestants)
        for c in self.contestants:
            self.fields[f"score_{c.pk}"] = forms.DecimalField(
                label=c.person.name,
                required=False,
                min_value=0,
                max_digits=6,
                decimal_places=2,
                initial=scores.get(c.pk),
            )

    def rows(self):
        return [(c, self[f"score_{c.pk}"]) for c in self.contestants]

    def entered(self):
        return [
            (c, self.cleaned_data[f"score_{c.pk}"])
            for c in self.contestants
            if self.cleaned_data.get(f"score_{c.pk}") is not None
        ]


def _find_person(form, *, raw_id: str, name: str, members, also=None):
    """The person named by an ID number, or by a name among `members` (a Membership queryset)
    and `also` (a Person queryset); sets form errors and returns None when it cannot.

    An ID number the system does not know yet, with a name, returns (id_number, name): the view
    creates the person (services.person_ensure), since contestants and workers whose grade rose
    need not be members."""
    if raw_id:
        try:
            value = idnumber.parse(raw_id).value
        except idnumber.IdNumberError as exc:
            form.add_error("id_number", str(exc))
            return None
        person = Person.objects.filter(id_number=value).first()
        if person is None:
            if not name:
                form.add_error("person_name", "系统中没有该身份证号码的人员，请同时填写姓名")
                return None
            return (value, name)
        if name and person.name != name:
            form.add_error("person_name", f"该身份证号码登记的姓名是“{person.name}”")
            return None
        return person
    if not name:
        form.add_error("id_number", "请填写身份证号码，或本单位在册会员的姓名")
        return None
    people = services.people_named(name, members=members, also=also)
    if not people:
        form.add_error("person_name", f"本单位没有名为“{name}”的在册会员，请填写身份证号码")
        return None
    if len(people) > 1:
        form.add_error("person_name", f"本单位有多人名为“{name}”，请填写身份证号码")
        return None
    return people[0]


GRADE_BLANK = [("", "—")]


class ContestantForm(forms.Form):
    """One contestant on the contest page: a person (ID number, or name in the unit), unit, trade."""

    trade = forms.ModelChoiceField(label="竞赛项目", queryset=None, empty_label="请选择")
    participant = forms.ModelChoiceField(label="参赛单位", queryset=None, empty_label="请选择")
    id_number = forms.CharField(label="身份证号码", max_length=30, required=False)
    person_name = forms.CharField(
        label="姓名",
        max_length=50,
        required=False,
        help_text="只填姓名时，按所选单位的在册会员或已报名选手查找",
    )
    grade_before = forms.TypedChoiceField(
        label="赛前等级",
        choices=GRADE_BLANK + list(Grade.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, competition=None, participants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trade"].queryset = competition.trades.all()
        self.fields["participant"].queryset = participants
        self.fields["participant"].label_from_instance = lambda p: p.name

    def clean(self):
        data = super().clean()
        participant = data.get("participant")
        data["person"] = None
        if participant is None:
            return data
        union = participant.employer.union if participant.employer_id else None
        members = Membership.objects.active().filter(org=union or participant.org)
        data["person"] = _find_person(
            self,
            raw_id=data.get("id_number", "").strip(),
            name=data.get("person_name", "").strip(),
            members=members,
            also=Person.objects.filter(contests__participant=participant),
        )
        return data


class GradeRiseForm(forms.Form):
    """职工技能等级提升: who (ID number, or name among the union's members), from, to, when."""

    org = forms.CharField(
        label="所在工会", max_length=100, help_text="工会全称或简称，须在您管辖的范围内"
    )
    id_number = forms.CharField(label="身份证号码", max_length=30, required=False)
    person_name = forms.CharField(
        label="姓名", max_length=50, required=False, help_text="只填姓名时，按该工会的在册会员查找"
    )
    grade_from = forms.TypedChoiceField(
        label="原等级",
        choices=GRADE_BLANK + list(Grade.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    grade_to = forms.TypedChoiceField(label="新等级", choices=Grade.choices, coerce=int)
    certified_on = forms.DateField(label="取证日期", widget=DATE)
    via = forms.ChoiceField(
        label="途径", choices=GradeRise.Via.choices, initial=GradeRise.Via.TRAINING
    )
    competition = forms.ModelChoiceField(
        label="相关竞赛",
        queryset=None,
        required=False,
        empty_label="（无）",
        help_text="通过竞赛或竞赛期间培训提升的，选择该竞赛",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["competition"].queryset = Competition.objects.visible_to(user).order_by(
            "-start_date", "name"
        )

    def clean_org(self):
        from gonghui.orgs.access import can_write_org, find_org_by_name

        name = self.cleaned_data["org"].strip()
        org = find_org_by_name(self.user, name)
        if org is None:
            raise forms.ValidationError(f"在您管辖的范围内没有名为“{name}”的工会")
        if not can_write_org(self.user, org):
            raise forms.ValidationError(f"您不能为“{org.name}”登记")
        return org

    def clean(self):
        data = super().clean()
        grade_from, grade_to = data.get("grade_from"), data.get("grade_to")
        if grade_from is not None and grade_to is not None and grade_to <= grade_from:
            self.add_error("grade_to", "新等级必须高于原等级")
        org = data.get("org")
        data["person"] = None
        if isinstance(org, Organization):
            data["person"] = _find_person(
                self,
                raw_id=data.get("id_number", "").strip(),
                name=data.get("person_name", "").strip(),
                members=Membership.objects.active().filter(org=org),
            )
        return data
