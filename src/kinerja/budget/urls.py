from django.urls import path

from . import views

app_name = "budget"
urlpatterns = [
    path("u/<slug:unit_code>/<int:year>/anggaran/", views.overview, name="overview"),
    path("u/<slug:unit_code>/<int:year>/anggaran/baris/<int:pk>/", views.line, name="line"),
    path("u/<slug:unit_code>/<int:year>/anggaran/revisi/", views.revision_add, name="revision_add"),
    path("u/<slug:unit_code>/<int:year>/anggaran/pnbp/", views.pnbp, name="pnbp"),
    path("u/<slug:unit_code>/<int:year>/anggaran.xlsx", views.xlsx, name="xlsx"),
    path("u/<slug:unit_code>/<int:year>/anggaran/unggah/", views.upload, name="upload"),
    path(
        "u/<slug:unit_code>/<int:year>/anggaran/periksa/<slug:token>/",
        views.review,
        name="review",
    ),
]
