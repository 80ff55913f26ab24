from django import forms
from django.db.models import Q

from gonghui.core import idnumber
from gonghui.members.models import Membership, Person
from gonghui.orgs.models import Organization, Team

from .models import Award, Competition, LeadingGroupMember, Proposal, Requirement, TeamActivity

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
        members = Membership.objects.active().filter(org=participant.org, person__name=name)
        people = list(
            Person.objects.filter(
                Q(pk__in=members.values("person")) | Q(contests__participant=participant)
            ).distinct()[:2]
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
    trade = forms.ModelChoiceField(label="竞赛项目", queryset=None)
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
