from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("pekerjaan/", views.job_list, name="list"),
    path("pekerjaan/u/<slug:unit_code>/", views.job_list, name="unit_list"),
    path("pekerjaan/<int:pk>/", views.job_detail, name="detail"),
    path("pekerjaan/<int:pk>/unduh/", views.job_download, name="download"),
    path("pekerjaan/<int:pk>/batalkan/", views.job_cancel, name="cancel"),
    path(
        "u/<slug:unit_code>/<int:year>/unit-bawahan/laporan-massal/",
        views.batch,
        name="batch",
    ),
]
