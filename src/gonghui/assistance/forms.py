from decimal import Decimal

from django import forms

from gonghui.core import idnumber

from .models import Campaign, Disbursement, HardshipFile, HouseholdMember, Visit
from .rules import Category

# An <input type=date> needs ISO values, whatever the locale's date format is.
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name",
            "kind",
            "start",
            "end",
            "deadline",
            "budget",
            "recipients",
            "approval",
            "yearly_cap",
            "bar_months",
            "notice_days",
            "excludes",
        ]
        widgets = {"start": DATE, "end": DATE, "deadline": DATE}

    def __init__(self, *args, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["excludes"].queryset = (
            campaigns if campaigns is not None else Campaign.objects.none()
        )
        self.fields["excludes"].required = False

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "结束日期不能早于开始日期")
        return data


class StandardForm(forms.Form):
    category = forms.ChoiceField(label="类别", choices=Category.choices)
    cash = forms.DecimalField(label="慰问金（元/户）", min_value=Decimal("0"), decimal_places=2)
    goods = forms.CharField(label="慰问物资", required=False)
    goods_value = forms.DecimalField(
        label="物资折价（元/户）", min_value=Decimal("0"), decimal_places=2, required=False
    )


class ApplicationForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="公民身份号码", max_length=20)
    org = forms.ModelChoiceField(label="所在工会/社区", queryset=None, empty_label="请选择")
    category = forms.ChoiceField(label="慰问对象类别", choices=Category.choices)
    household_size = forms.IntegerField(label="家庭人口", min_value=1, initial=1)
    cash = forms.DecimalField(
        label="慰问金（元）", min_value=Decimal("0"), required=False, help_text="空则按活动标准"
    )
    goods = forms.CharField(label="慰问物资", required=False, help_text="空则按活动标准")
    goods_value = forms.DecimalField(label="物资折价（元）", min_value=Decimal("0"), required=False)
    reason = forms.CharField(
        label="申请理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="病情、收入等情况，仅内部可见，不会公示",
    )
    draft = forms.BooleanField(label="先存为草稿", required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs

    def clean_id_number(self):
        try:
            return idnumber.parse(self.cleaned_data["id_number"]).value
        except idnumber.IdNumberError as exc:
            raise forms.ValidationError(str(exc)) from None


class ReviewForm(forms.Form):
    visit_date = forms.DateField(label="入户走访日期", widget=DATE)
    visitors = forms.CharField(label="走访人", max_length=100)
    findings = forms.CharField(label="核实情况", widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", max_length=300)


class NoticeForm(forms.Form):
    starts = forms.DateField(label="公示开始日期", widget=DATE)
    days = forms.IntegerField(label="公示天数", min_value=1, max_value=60, required=False)

    def __init__(self, *args, default_days: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if default_days:  # what an empty field means: the campaign's or the setting's period
            self.fields["days"].help_text = f"空则按默认 {default_days} 天"
            self.fields["days"].widget.attrs.update(
                placeholder=f"默认 {default_days} 天", title=f"空则按默认 {default_days} 天"
            )


class DisbursementForm(forms.Form):
    date = forms.DateField(label="发放日期", widget=DATE)
    method = forms.ChoiceField(label="发放方式", choices=Disbursement.Method.choices)
    cash = forms.DecimalField(label="现金（元）", min_value=Decimal("0"), initial=Decimal("0"))
    item = forms.CharField(label="物品", required=False)
    quantity = forms.DecimalField(label="数量", min_value=Decimal("0"), required=False)
    unit = forms.CharField(label="单位", required=False)
    value = forms.DecimalField(label="折价（元）", min_value=Decimal("0"), required=False)
    handled_by = forms.CharField(label="经办人", required=False)
    receipt_signed = forms.BooleanField(label="已签收", required=False)
    receipt_scan = forms.FileField(label="签收单扫描件", required=False)

    def goods_lines(self) -> list[dict]:
        data = self.cleaned_data
        if not data.get("item"):
            return []
        return [
            {
                "item": data["item"],
                "quantity": data.get("quantity") or 0,
                "unit": data.get("unit") or "份",
                "value": data.get("value") or 0,
            }
        ]


class VisitForm(forms.ModelForm):
    class Meta:
        model = Visit
        fields = [
            "date",
            "kind",
            "place",
            "leaders",
            "people_reached",
            "cash",
            "goods",
            "goods_value",
        ]
        widgets = {"date": DATE}


class HardshipFileForm(forms.ModelForm):
    name = forms.CharField(label="户主姓名", max_length=50)
    id_number = forms.CharField(label="户主公民身份号码", max_length=20)
    org = forms.ModelChoiceField(label="建档工会", queryset=None, empty_label="请选择")
    spouse = forms.CharField(label="配偶姓名", required=False)
    children = forms.CharField(label="子女姓名", required=False, help_text="多个用顿号分隔")

    class Meta:
        model = HardshipFile
        fields = [
            "cause",
            "cause_detail",
            "annual_income",
            "rigid_spending",
            "household_size",
            "sudden_event",
            "sudden_costs",
            "address",
            "bank_account",
            "opened",
        ]
        widgets = {"opened": DATE, "cause_detail": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs

    def clean_id_number(self):
        try:
            return idnumber.parse(self.cleaned_data["id_number"]).value
        except idnumber.IdNumberError as exc:
            raise forms.ValidationError(str(exc)) from None

    def members(self) -> list[dict]:
        result = []
        if self.cleaned_data.get("spouse"):
            result.append(
                {"name": self.cleaned_data["spouse"], "relation": HouseholdMember.Relation.SPOUSE}
            )
        for name in (self.cleaned_data.get("children") or "").replace(",", "、").split("、"):
            if name.strip():
                result.append({"name": name.strip(), "relation": HouseholdMember.Relation.CHILD})
        return result


class FileReviewForm(forms.Form):
    date = forms.DateField(label="复核日期", widget=DATE)
    reviewer = forms.CharField(label="复核人")
    annual_income = forms.DecimalField(label="家庭年收入（元）", min_value=Decimal("0"))
    rigid_spending = forms.DecimalField(
        label="刚性支出（元/年）", min_value=Decimal("0"), initial=0
    )
    household_size = forms.IntegerField(label="家庭人口", min_value=1)
    note = forms.CharField(label="复核意见", required=False)


class FileCloseForm(forms.Form):
    date = forms.DateField(label="撤档日期", widget=DATE)
    reason = forms.ChoiceField(label="撤档原因", choices=HardshipFile.ExitReason.choices)
    note = forms.CharField(label="说明", required=False)


class ObjectionForm(forms.Form):
    application = forms.TypedChoiceField(
        label="针对的对象", coerce=int, required=False, empty_value=None
    )
    text = forms.CharField(
        label="异议内容", min_length=5, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    contact = forms.CharField(label="联系方式（可不填）", max_length=100, required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [("", "（整份名单）"), *choices]


class ScheduleForm(forms.Form):
    """常年帮扶计划: the same cash and goods every month for a number of months."""

    description = forms.CharField(
        label="帮扶内容", max_length=200, help_text="如：一年的米、油、水电"
    )
    months = forms.IntegerField(label="期数（月）", min_value=1, max_value=120, initial=12)
    first = forms.DateField(label="首次发放日期", widget=DATE)
    cash = forms.DecimalField(
        label="每期现金（元）", min_value=Decimal("0"), decimal_places=2, initial=Decimal("0")
    )
    method = forms.ChoiceField(
        label="发放方式", choices=Disbursement.Method.choices, initial="in_person"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if select else "form-control form-control-sm"
            )


class ScheduleGoodsForm(forms.Form):
    item = forms.CharField(label="物品", max_length=50, required=False)
    quantity = forms.DecimalField(
        label="数量", min_value=Decimal("0"), decimal_places=2, required=False
    )
    unit = forms.CharField(label="单位", max_length=10, required=False)
    value = forms.DecimalField(
        label="折价（元）", min_value=Decimal("0"), decimal_places=2, required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("item") and (data.get("quantity") or data.get("value")):
            raise forms.ValidationError("填写了数量或折价的物资行须写明物品")
        return data


ScheduleGoodsFormSet = forms.formset_factory(ScheduleGoodsForm, extra=4, max_num=10)
