import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core import idnumber
from gonghui.core.phone import PhoneError, parse_mobile
from gonghui.orgs.forms import BootstrapMixin, DateInput, OrgNameField

from .models import Membership, Person

PAGE_SIZES = (10, 20, 50, 100)

# Age bands as the summaries count them (青年职工 up to 35).
AGE_BANDS = {
    "-35": ("35岁及以下", 0, 35),
    "36-45": ("36–45岁", 36, 45),
    "46-55": ("46–55岁", 46, 55),
    "56-": ("56岁及以上", 56, 200),
}

POLITICAL_STATUSES = ["中共党员", "中共预备党员", "共青团员", "民主党派", "群众"]
EDUCATIONS = ["研究生", "大学本科", "大学专科", "中专", "高中", "初中", "小学及以下"]


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def birth_range(band: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """Birth dates (after, up to and including) of people whose age today lies in the band."""
    _, low, high = AGE_BANDS[band]
    return years_before(today, high + 1), years_before(today, low)


class MemberFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=50)
    org = forms.IntegerField(label="工会", required=False, min_value=1)
    sex = forms.ChoiceField(
        label="性别", required=False, choices=[("", "性别")] + Person.Sex.choices
    )
    age = forms.ChoiceField(
        label="年龄段",
        required=False,
        choices=[("", "年龄段")] + [(k, v[0]) for k, v in AGE_BANDS.items()],
    )
    joined_from = forms.DateField(label="入会日期自", required=False, widget=DateInput())
    joined_to = forms.DateField(label="至", required=False, widget=DateInput())
    status = forms.ChoiceField(
        label="状态",
        required=False,
        choices=Membership.Status.choices + [("all", "全部状态")],
    )
    per_page = forms.TypedChoiceField(
        label="每页",
        required=False,
        coerce=int,
        choices=[(n, f"每页 {n} 条") for n in PAGE_SIZES],
        empty_value=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("sex", "age", "per_page"):
            self.fields[name].widget.attrs.update(
                {"class": "form-select form-select-sm", "aria-label": self.fields[name].label}
            )

    def clean_status(self):
        return self.cleaned_data.get("status") or Membership.Status.ACTIVE


def _mobile(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return parse_mobile(value)
    except PhoneError as exc:
        raise ValidationError(str(exc)) from None


class PersonForm(BootstrapMixin, forms.ModelForm):
    """The person's own data; the ID number is the key and is not edited here."""

    class Meta:
        model = Person
        fields = ["name", "mobile", "ethnicity", "political_status", "education", "workplace"]
        widgets = {
            "ethnicity": forms.TextInput(attrs={"list": "ethnicities", "placeholder": "如：汉族"}),
            "political_status": forms.TextInput(attrs={"list": "political-statuses"}),
            "education": forms.TextInput(attrs={"list": "educations"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_mobile(self):
        return _mobile(self.cleaned_data.get("mobile"))


class MemberAddForm(PersonForm):
    org = OrgNameField(label="所在工会", help_text="基层工会全称或简称")
    id_number = forms.CharField(
        label="公民身份号码", max_length=30, help_text="18 位；性别和出生日期由号码自动得出"
    )
    joined = forms.DateField(label="入会日期", widget=DateInput())

    field_order = ["org", "id_number", "name", "joined"]

    def __init__(self, *args, unions, fixed_org=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_org = fixed_org
        if fixed_org is not None:
            del self.fields["org"]
        else:
            self.fields["org"].queryset = unions
        self._style()

    def clean_id_number(self):
        try:
            return idnumber.parse(self.cleaned_data["id_number"]).value
        except idnumber.IdNumberError as exc:
            raise ValidationError(str(exc)) from None

    def clean_joined(self):
        joined = self.cleaned_data["joined"]
        if joined > timezone.localdate():
            raise ValidationError("入会日期不能晚于今天")
        return joined

    def person_fields(self) -> dict:
        return {k: self.cleaned_data[k] for k in PersonForm.Meta.fields if k != "name"}

    def _post_clean(self):
        # Not a ModelForm save: the service builds the Person; skip model validation here.
        pass


class TransferForm(BootstrapMixin, forms.Form):
    to_org = OrgNameField(label="转入工会", help_text="基层工会全称或简称")
    date = forms.DateField(label="转会日期", widget=DateInput())
    note = forms.CharField(label="说明", required=False, max_length=200)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = targets
        self._style()


class LeaveForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(
        label="离会原因",
        choices=[
            (Membership.Status.LEFT.value, "退会"),
            (Membership.Status.DECEASED.value, "去世"),
        ],
    )
    date = forms.DateField(label="离会日期", widget=DateInput())
    note = forms.CharField(label="说明", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
