from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [
    path("u/<slug:unit_code>/<int:year>/lke/", views.worksheet, name="worksheet"),
    path("u/<slug:unit_code>/<int:year>/lke/peringkat/", views.ranking, name="ranking"),
    path("u/<slug:unit_code>/<int:year>/lke/lke.<str:fmt>", views.download, name="download"),
    path(
        "u/<slug:unit_code>/<int:year>/lke/berkas/<int:pk>/",
        views.evidence_file,
        name="evidence_file",
    ),
]
