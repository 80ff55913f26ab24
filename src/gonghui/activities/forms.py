from django import forms

from gonghui.core import idnumber
from gonghui.honors.forms import DATE, BootstrapMixin

from .models import Article, Event, EventEntry, EventPhoto, Outlet, PracticeReturn, Training


class EventForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "org",
            "kind",
            "name",
            "theme",
            "co_organisers",
            "start_date",
            "end_date",
            "place",
            "contestants",
            "audience",
            "audience_approximate",
            "summary",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class EntryForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = EventEntry
        fields = ["name", "org", "members", "rank", "award"]

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class PhotoForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = EventPhoto
        fields = ["image", "caption"]


class ReturnForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PracticeReturn
        fields = ["kind", "quantity", "submitter", "received_on", "note"]
        widgets = {"received_on": DATE}


class TrainingForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Training
        fields = [
            "org",
            "course",
            "organiser",
            "start_date",
            "end_date",
            "place",
            "certificate_name",
            "note",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class TraineeForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="公民身份号码", max_length=20)
    role = forms.CharField(label="职务", max_length=50, required=False)
    certified = forms.BooleanField(label="已取得证书", required=False)
    certificate_no = forms.CharField(label="证书编号", max_length=50, required=False)

    def clean_id_number(self):
        try:
            return idnumber.parse(self.cleaned_data["id_number"]).value
        except idnumber.IdNumberError as exc:
            raise forms.ValidationError(str(exc)) from None


class ArticleForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Article
        fields = ["org", "title", "author", "date", "used", "outlet", "link"]
        widgets = {"date": DATE}

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["outlet"].queryset = Outlet.objects.filter(active=True)

    def clean(self):
        data = super().clean()
        if data.get("used") and not data.get("outlet"):
            self.add_error("outlet", "已采用的稿件请选择用稿媒体")
        return data


class OutletForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Outlet
        fields = ["name", "medium", "level", "position", "active"]
