import datetime as dt

from django import forms

from gonghui.core import idnumber
from gonghui.orgs.models import Employer, Organization

from .models import CareRecord, Honour, HonourCheck, Level, ModelWorker, RetirementCategory


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = "（请选择）"
            elif isinstance(field, forms.ChoiceField):
                field.choices = [
                    ("", "（请选择）") if value == "" else (value, label)
                    for value, label in field.choices
                ]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ModelWorkerCreateForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="公民身份号码", max_length=20)
    category = forms.ChoiceField(
        label="退休类别",
        choices=RetirementCategory.choices,
        help_text="按岗位确定：女干部、管理技术岗为原55周岁，女工人为原50周岁",
    )
    org = forms.ModelChoiceField(label="管理工会", queryset=Organization.objects.none())
    employer = forms.ModelChoiceField(
        label="工作单位", queryset=Employer.objects.none(), required=False
    )
    level = forms.ChoiceField(label="劳模级别", choices=Level.choices)
    title = forms.CharField(label="荣誉称号", max_length=60, initial="劳动模范")
    year = forms.IntegerField(label="授予年份", min_value=1950, max_value=2100)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, orgs, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["employer"].queryset = employers

    def clean_id_number(self):
        try:
            return idnumber.parse(self.cleaned_data["id_number"]).value
        except idnumber.IdNumberError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self):
        data = super().clean()
        if (
            data.get("id_number")
            and ModelWorker.objects.filter(person__id_number=data["id_number"]).exists()
        ):
            self.add_error("id_number", "该职工已在劳模台账中")
        return data


class ModelWorkerEditForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ModelWorker
        fields = ["category", "org", "employer", "retired_on", "note"]
        widgets = {"retired_on": DATE}

    def __init__(self, *args, orgs, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["employer"].queryset = employers


class HonourForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Honour
        fields = ["level", "title", "year"]


class HonourCheckForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = HonourCheck
        fields = ["year", "still_held", "checked_on", "checked_by", "note"]
        widgets = {"checked_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = dt.date.today()
        self.fields["year"].initial = today.year
        self.fields["checked_on"].initial = today
        self.fields["still_held"].initial = True

    def validate_unique(self):
        # A second check in the same year updates the first (honour_check_record).
        pass


class ChecklistForm(BootstrapMixin, forms.Form):
    has_certificate = forms.BooleanField(label="荣誉证书", required=False)
    has_retirement_approval = forms.BooleanField(label="退休审批表", required=False)
    has_honour_proof = forms.BooleanField(label="保持荣誉证明（未被撤销）", required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class SubmitForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label="上报日期", widget=DATE)
    to = forms.CharField(label="报送单位", max_length=60, initial="总工会劳模办")


class ApproveForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label="批准日期", widget=DATE)
    allowance_from = forms.DateField(
        label="津贴起发月份", widget=DATE, required=False, help_text="不填则从法定退休月份起发"
    )


class ReturnForm(BootstrapMixin, forms.Form):
    note = forms.CharField(label="退回原因", max_length=200)


class CareRecordForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CareRecord
        fields = ["kind", "date", "end_date", "place", "amount", "note"]
        widgets = {"date": DATE, "end_date": DATE}


class RevokeForm(BootstrapMixin, forms.Form):
    on = forms.DateField(label="撤销日期", widget=DATE)
