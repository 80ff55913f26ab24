"""Forms of the agreements pages: they validate input; the services apply the rules and write."""

from django import forms

from gonghui.orgs.forms import DateInput, OrgNameField
from gonghui.orgs.models import Employer

from .models import Agreement, Filing
from .services import employers_match


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")


class AgreementForm(StyledForm):
    title = forms.CharField(label="合同名称", max_length=150)
    scope = forms.ChoiceField(label="签订形式", choices=Agreement.Scope.choices)
    topic = forms.ChoiceField(label="合同类别", choices=Agreement.Topic.choices)
    union = OrgNameField(label="工会方", help_text="填写工会全称或简称，须在您的管辖范围内")
    employer_side = forms.CharField(
        label="企业方代表组织",
        max_length=150,
        required=False,
        help_text="行业性、区域性合同填写，例如镇企业联合会、纺织行业协会",
    )
    industry = forms.CharField(label="行业", max_length=50, required=False)
    employers = forms.ModelMultipleChoiceField(
        label="覆盖企业（搜索勾选）",
        queryset=Employer.objects.none(),
        required=False,
        widget=forms.MultipleHiddenInput,
    )
    employer_list = forms.CharField(
        label="覆盖企业（粘贴名单）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一家，填写统一社会信用代码或单位全称；也可用逗号、顿号分隔",
    )
    all_in_area = forms.BooleanField(
        label="覆盖工会方所辖区域内的全部企业",
        required=False,
        help_text="区域性合同对本区域全部用人单位有约束力（劳动合同法第五十四条）",
    )
    signed = forms.DateField(label="签订日期", widget=DateInput())
    starts = forms.DateField(label="起始日期", widget=DateInput())
    ends = forms.DateField(label="终止日期", widget=DateInput(), help_text="合同期限为一至三年")
    employees_covered = forms.IntegerField(
        label="覆盖职工人数",
        min_value=0,
        required=False,
        help_text="留空则按覆盖企业的职工人数合计",
    )
    vote_body = forms.ChoiceField(label="审议机构", choices=Agreement.VoteBody.choices)
    vote_date = forms.DateField(label="审议日期", widget=DateInput())
    vote_eligible = forms.IntegerField(label="应到人数", min_value=1)
    vote_present = forms.IntegerField(label="实到人数", min_value=0)
    vote_for = forms.IntegerField(label="同意人数", min_value=0)
    renewal = forms.BooleanField(
        label="续签（上一份合同不在本系统中）",
        required=False,
        help_text="从已有合同点“续签”时自动关联，无需勾选",
    )
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, user, union_queryset, employer_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["union"].queryset = union_queryset
        self.fields["employers"].queryset = employer_queryset
        self.employer_queryset = employer_queryset
        self.picked: list[Employer] = []

    def clean(self):
        data = super().clean()
        picked = list(data.get("employers") or [])
        pasted, missing = employers_match(
            queryset=self.employer_queryset, text=data.get("employer_list", "")
        )
        if missing:
            self.add_error(
                "employer_list",
                f"以下 {len(missing)} 项没有找到对应企业：{'、'.join(missing[:20])}",
            )
        seen = {e.pk for e in picked}
        picked += [e for e in pasted if e.pk not in seen]
        union = data.get("union")
        if data.get("all_in_area") and union is not None:
            seen = {e.pk for e in picked}
            picked += [e for e in self.employer_queryset.within(union) if e.pk not in seen]
        scope = data.get("scope")
        if scope == Agreement.Scope.SINGLE:
            if len(picked) != 1:
                self.add_error("employers", "单独签订的合同须且只能选择一家企业")
            data["employer"] = picked[0] if picked else None
            data["employer_objs"] = []
        else:
            data["employer"] = None
            data["employer_objs"] = picked
        self.picked = picked
        return data


class FilingForm(StyledForm):
    filed = forms.DateField(label="报送日期", widget=DateInput())
    authority = forms.CharField(
        label="报送机关", max_length=100, required=False, initial="人力资源和社会保障部门"
    )


class DecideForm(StyledForm):
    outcome = forms.ChoiceField(
        label="审查结果",
        choices=[(Filing.Outcome.APPROVED, "审查通过"), (Filing.Outcome.OBJECTION, "提出异议")],
    )
    decided = forms.DateField(label="答复日期", widget=DateInput())
    objection_text = forms.CharField(
        label="审查意见", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FiguresForm(StyledForm):
    """The period and subtree of the figures page: from–to dates, or a year and half."""

    start = forms.DateField(label="起始日期", widget=DateInput(), required=False)
    end = forms.DateField(label="截止日期（含）", widget=DateInput(), required=False)
    org = OrgNameField(label="组织", required=False)
    industry = forms.CharField(label="行业", required=False)
    topic = forms.ChoiceField(
        label="合同类别", choices=[("", "全部类别"), *Agreement.Topic.choices], required=False
    )

    def __init__(self, *args, org_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = org_queryset
