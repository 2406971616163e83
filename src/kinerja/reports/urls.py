from django.urls import path

from . import views

app_name = "reports"

_unit_year = "u/<slug:unit_code>/<int:year>/laporan/"

urlpatterns = [
    path(_unit_year, views.index, name="index"),
    path(f"{_unit_year}unduh/<slug:document>/<slug:fmt>/", views.download, name="download"),
    path(f"{_unit_year}buat/<slug:document>/<slug:fmt>/", views.render_job, name="render"),
    path(f"{_unit_year}final/terbitkan/", views.finalize, name="finalize"),
    path(f"{_unit_year}final/<int:pk>/", views.final_detail, name="final_detail"),
    path(f"{_unit_year}final/<int:pk>/<slug:fmt>/", views.final_file, name="final_file"),
    path(f"{_unit_year}logo/", views.logo_upload, name="logo_upload"),
    path(f"{_unit_year}gambar/", views.images, name="images"),
    path(f"{_unit_year}gambar/<int:pk>/hapus/", views.image_delete, name="image_delete"),
    path(f"{_unit_year}narasi/", views.narratives, name="narratives"),
    path(f"{_unit_year}narasi/ubah/<slug:kind>/", views.narrative_edit, name="narrative_edit"),
    path(
        f"{_unit_year}narasi/ubah/<slug:kind>/<str:indicator_code>/",
        views.narrative_edit,
        name="indicator_narrative_edit",
    ),
    # Public transparency pages: no login, published data only.
    path("publik/", views.public_index, name="public_index"),
    path("publik/<slug:unit_code>/", views.public_unit, name="public_unit"),
    path(
        "publik/<slug:unit_code>/laporan/<int:pk>/<slug:fmt>/",
        views.public_file,
        name="public_file",
    ),
]
