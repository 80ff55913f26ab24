import datetime as dt

from django import forms

from gonghui.core.dates import Period

from .registry import KINDS

PERIOD_CHOICES = [
    ("year", "全年"),
    ("h1", "上半年"),
    ("h2", "下半年"),
    ("q1", "第一季度"),
    ("q2", "第二季度"),
    ("q3", "第三季度"),
    ("q4", "第四季度"),
    ("custom", "自定义"),
]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label="总结类型", choices=[(k, v.label) for k, v in KINDS.items()])
    org = forms.CharField(
        label="组织", max_length=100, help_text="组织全称或简称，须在您的管辖范围内"
    )
    year = forms.IntegerField(
        label="年度", min_value=2000, max_value=2100, initial=lambda: dt.date.today().year
    )
    period = forms.ChoiceField(label="期间", choices=PERIOD_CHOICES, initial="year")
    start = forms.DateField(
        label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    subject = forms.CharField(
        label="慰问活动或竞赛名称",
        max_length=150,
        required=False,
        help_text="节日慰问、结对帮扶总结填慰问活动名称；竞赛总结、安康杯通报填竞赛名称",
    )
    rounded = forms.BooleanField(label="使用约数（2.4万元、八百余人）", required=False)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_org(self):
        from gonghui.orgs.access import find_org_by_name

        org = find_org_by_name(self.user, self.cleaned_data["org"])
        if org is None:
            raise forms.ValidationError("在您的管辖范围内没有找到这个组织")
        return org

    def clean(self):
        data = super().clean()
        year, period = data.get("year"), data.get("period")
        if not year or not period:
            return data
        if period == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError("自定义期间须填写开始日期和结束日期")
            if end < start:
                raise forms.ValidationError("结束日期早于开始日期")
            data["period_obj"] = Period.inclusive(start, end)
        elif period == "year":
            data["period_obj"] = Period.year(year)
        elif period in ("h1", "h2"):
            data["period_obj"] = Period.half(year, int(period[1]))
        else:
            data["period_obj"] = Period.quarter(year, int(period[1]))
        scope = KINDS[data["kind"]].scope if data.get("kind") in KINDS else "period"
        if scope in ("campaign", "competition") and not data.get("subject"):
            self.add_error("subject", "这种总结须填写慰问活动或竞赛的名称")
        return data
