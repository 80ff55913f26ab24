from django import forms
from django.core.exceptions import ValidationError

from gonghui.core import creditcode

from .models import Employer, Organization, Team

# Which kinds may hang under which: a town holds unions; a grassroots union holds teams (Team), not orgs.
CHILD_KINDS = {
    Organization.Kind.FEDERATION: [
        Organization.Kind.FEDERATION,
        Organization.Kind.TOWN,
        Organization.Kind.GRASSROOTS,
    ],
    Organization.Kind.TOWN: [Organization.Kind.GRASSROOTS],
    Organization.Kind.GRASSROOTS: [],
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class OrgNameField(forms.CharField):
    """An organisation typed by full or short name, resolved within a queryset.

    A select of 5,000 unions is no use to a clerk; a name is what they know.
    """

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(**kwargs)
        self.queryset = queryset

    def prepare_value(self, value):
        if isinstance(value, Organization):
            return value.name
        return value

    def clean(self, value):
        name = super().clean(value)
        if not name:
            return None
        qs = self.queryset if self.queryset is not None else Organization.objects.none()
        org = qs.filter(name=name).first() or qs.filter(short_name=name).first()
        if org is None:
            raise ValidationError(f"没有找到名为“{name}”的工会（可填写全称或简称）")
        return org


class BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class OrganizationForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "kind",
            "unit_type",
            "credit_code",
            "established",
            "chair",
            "committee",
            "term_start",
            "term_end",
            "employees",
            "phone",
        ]
        widgets = {
            "established": DateInput(),
            "term_start": DateInput(),
            "term_end": DateInput(),
            "committee": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, parent: Organization | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        if parent is not None:
            allowed = CHILD_KINDS[parent.kind]
            self.fields["kind"].choices = [
                (k.value, k.label) for k in Organization.Kind if k in allowed
            ]
            if allowed == [Organization.Kind.GRASSROOTS]:
                self.fields["kind"].initial = Organization.Kind.GRASSROOTS
        elif self.instance.pk:
            # Moving a node between levels is the admin's tree work, not a form's.
            self.fields["kind"].disabled = True
        self.warnings: list[str] = []
        self._style()

    def clean_credit_code(self):
        code = creditcode.clean(self.cleaned_data.get("credit_code", ""))
        if code:
            self.warnings.extend(creditcode.problems(code))
        return code

    def clean(self):
        data = super().clean()
        kind, unit_type = data.get("kind"), data.get("unit_type")
        if kind == Organization.Kind.GRASSROOTS and not unit_type:
            self.add_error(
                "unit_type", "基层工会须选择类型（村级、企业、机关、事业单位或联合工会）"
            )
        if kind and kind != Organization.Kind.GRASSROOTS and unit_type:
            data["unit_type"] = ""
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", "任期届满日期须晚于任期开始日期")
        return data


class TeamForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "leader", "members_count"]
        widgets = {
            "name": forms.TextInput(attrs={"placeholder": "班组名称，如：纺纱一班"}),
            "leader": forms.TextInput(attrs={"placeholder": "班组长"}),
            "members_count": forms.NumberInput(attrs={"placeholder": "人数", "min": 0}),
        }

    def __init__(self, *args, org: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.org = org
        self._style()

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if (
            Team.objects.filter(org=self.instance.org, name=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise ValidationError("本工会已有同名班组")
        return name


class EmployerForm(BootstrapMixin, forms.ModelForm):
    union = OrgNameField(
        label="本单位工会",
        required=False,
        help_text="已建会的，填写工会全称或简称；未建会的留空",
    )
    confirm = forms.BooleanField(
        label="信用代码已核对无误，仍然保存",
        required=False,
        help_text="校验不通过的代码（如早期试点代码）经与营业执照核对无误后勾选",
    )

    class Meta:
        model = Employer
        fields = ["name", "credit_code", "industry", "employees", "org", "union", "address"]

    def __init__(self, *args, areas, unions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = areas
        self.fields["org"].empty_label = None
        self.fields["union"].queryset = unions
        if self.instance.pk and self.instance.union_id:
            self.initial["union"] = self.instance.union.name
        if self.instance.credit_code_confirmed:
            self.initial["confirm"] = True
        self.credit_code_problems: list[str] = []
        self.warnings: list[str] = []
        self._style()

    def clean_credit_code(self):
        code = creditcode.clean(self.cleaned_data.get("credit_code", ""))
        if code:
            self.credit_code_problems = creditcode.problems(code)
            advisory = creditcode.org_code_warning(code)
            if advisory and not self.credit_code_problems:
                self.warnings.append(advisory)
        return code

    def clean(self):
        data = super().clean()
        # RULES.md §3: a failed check warns and can be confirmed; it never rejects outright.
        if self.credit_code_problems and not data.get("confirm"):
            self.add_error(
                "credit_code",
                "；".join(self.credit_code_problems)
                + "。请与营业执照核对；确认无误的，勾选下方“仍然保存”后再提交。",
            )
        return data

    def save(self, commit=True):
        self.instance.credit_code_confirmed = bool(
            self.credit_code_problems and self.cleaned_data.get("confirm")
        )
        return super().save(commit=commit)
