from django.contrib import admin
from django.urls import include, path

from kinerja.api.api import api

# The admin login is throttled like ours: django-axes watches every authenticate().
urlpatterns = [
    path("", include("kinerja.org.urls")),
    path("", include("kinerja.accounts.urls")),
    path("", include("kinerja.dashboard.urls")),
    path("", include("kinerja.measurement.urls")),
    path("", include("kinerja.planning.urls")),
    path("", include("kinerja.budget.urls")),
    path("", include("kinerja.reports.urls")),
    path("", include("kinerja.review.urls")),
    path("", include("kinerja.audit.urls")),
    path("", include("kinerja.jobs.urls")),
    path("", include("kinerja.api.urls")),
    path("api/v1/", api.urls),
    path("", include("kinerja.evaluation.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("survei/", include("kinerja.survey.urls")),
]
