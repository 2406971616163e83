from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("u/<slug:unit_code>/perencanaan/", views.overview, name="overview"),
    path("u/<slug:unit_code>/renstra/<int:version_id>/", views.plan_version, name="plan_version"),
    path(
        "u/<slug:unit_code>/renstra/<int:version_id>/target.xlsx",
        views.targets_xlsx,
        name="targets_xlsx",
    ),
    path(
        "u/<slug:unit_code>/renstra/<int:version_id>/target/unggah/",
        views.targets_upload,
        name="targets_upload",
    ),
    path(
        "u/<slug:unit_code>/renstra/<int:version_id>/target/periksa/<slug:token>/",
        views.targets_review,
        name="targets_review",
    ),
    path("u/<slug:unit_code>/renstra/indikator/<int:pk>/", views.indicator, name="indicator"),
    path("u/<slug:unit_code>/<int:year>/perkin/", views.agreement, name="agreement"),
    path(
        "u/<slug:unit_code>/<int:year>/perkin/revisi/",
        views.agreement_revise,
        name="agreement_revise",
    ),
    path(
        "u/<slug:unit_code>/<int:year>/perkin/draf/", views.agreement_draft, name="agreement_draft"
    ),
    path(
        "u/<slug:unit_code>/<int:year>/perkin/draf/tanda-tangan/",
        views.agreement_sign,
        name="agreement_sign",
    ),
    path("u/<slug:unit_code>/<int:year>/rencana-aksi/", views.action_plan, name="action_plan"),
    path(
        "u/<slug:unit_code>/<int:year>/realisasi.xlsx",
        views.realizations_xlsx,
        name="realizations_xlsx",
    ),
    path(
        "u/<slug:unit_code>/<int:year>/realisasi/unggah/",
        views.realizations_upload,
        name="realizations_upload",
    ),
    path(
        "u/<slug:unit_code>/<int:year>/realisasi/periksa/<slug:token>/",
        views.realizations_review,
        name="realizations_review",
    ),
]
