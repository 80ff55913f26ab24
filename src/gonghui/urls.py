from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path


def home(request):
    return redirect("reports:dashboard")


urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("gonghui.accounts.urls")),
    path("audit/", include("gonghui.core.urls")),
    path("orgs/", include("gonghui.orgs.urls")),
    path("members/", include("gonghui.members.urls")),
    path("assistance/", include("gonghui.assistance.urls")),
    path("public/aid/", include("gonghui.assistance.public_urls")),
    path("bargaining/", include("gonghui.bargaining.urls")),
    path("competitions/", include("gonghui.competitions.urls")),
    path("honors/", include("gonghui.honors.urls")),
    path("activities/", include("gonghui.activities.urls")),
    path("reports/", include("gonghui.reports.urls")),
    path("api/v1/", include("gonghui.api.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "工会台账 系统管理"
admin.site.site_title = "工会台账"
