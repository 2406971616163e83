"""SKM (PermenPANRB 14/2017): the nine elements, their questions and answer labels,
the grades and where a response came from.

Elements are stored by code, never by number: units number their questionnaires
differently (BSPJI Palembang asks about facilities 8th and complaints 9th, the regulation
lists them the other way round).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Element(models.TextChoices):
    """Unsur pelayanan, in the order of PermenPANRB 14/2017."""

    PERSYARATAN = "persyaratan", _("Persyaratan")
    SISTEM_MEKANISME_PROSEDUR = "sistem_mekanisme_prosedur", _("Sistem, mekanisme dan prosedur")
    WAKTU_PENYELESAIAN = "waktu_penyelesaian", _("Waktu penyelesaian")
    BIAYA_TARIF = "biaya_tarif", _("Biaya/tarif")
    PRODUK_SPESIFIKASI = "produk_spesifikasi", _("Produk spesifikasi jenis pelayanan")
    KOMPETENSI_PELAKSANA = "kompetensi_pelaksana", _("Kompetensi pelaksana")
    PERILAKU_PELAKSANA = "perilaku_pelaksana", _("Perilaku pelaksana")
    PENANGANAN_PENGADUAN = "penanganan_pengaduan", _("Penanganan pengaduan, saran dan masukan")
    SARANA_PRASARANA = "sarana_prasarana", _("Sarana dan prasarana")


# A new survey asks the elements in this order unless the unit has its own.
DEFAULT_ELEMENTS: tuple[str, ...] = tuple(Element.values)

# The questions of the regulation's sample questionnaire (Lampiran, contoh kuesioner).
QUESTIONS = {
    Element.PERSYARATAN: _(
        "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
        "pelayanannya?"
    ),
    Element.SISTEM_MEKANISME_PROSEDUR: _(
        "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"
    ),
    Element.WAKTU_PENYELESAIAN: _(
        "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"
    ),
    Element.BIAYA_TARIF: _(
        "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"
    ),
    Element.PRODUK_SPESIFIKASI: _(
        "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
        "dalam standar pelayanan dengan hasil yang diberikan?"
    ),
    Element.KOMPETENSI_PELAKSANA: _(
        "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"
    ),
    Element.PERILAKU_PELAKSANA: _(
        "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
        "kesopanan dan keramahan?"
    ),
    Element.PENANGANAN_PENGADUAN: _(
        "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"
    ),
    Element.SARANA_PRASARANA: _(
        "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"
    ),
}

# The four answers of each question, for scores 1, 2, 3 and 4.
ANSWERS = {
    Element.PERSYARATAN: (
        _("Tidak sesuai"),
        _("Kurang sesuai"),
        _("Sesuai"),
        _("Sangat sesuai"),
    ),
    Element.SISTEM_MEKANISME_PROSEDUR: (
        _("Tidak mudah"),
        _("Kurang mudah"),
        _("Mudah"),
        _("Sangat mudah"),
    ),
    Element.WAKTU_PENYELESAIAN: (
        _("Tidak cepat"),
        _("Kurang cepat"),
        _("Cepat"),
        _("Sangat cepat"),
    ),
    Element.BIAYA_TARIF: (
        _("Sangat mahal"),
        _("Cukup mahal"),
        _("Murah"),
        _("Gratis"),
    ),
    Element.PRODUK_SPESIFIKASI: (
        _("Tidak sesuai"),
        _("Kurang sesuai"),
        _("Sesuai"),
        _("Sangat sesuai"),
    ),
    Element.KOMPETENSI_PELAKSANA: (
        _("Tidak kompeten"),
        _("Kurang kompeten"),
        _("Kompeten"),
        _("Sangat kompeten"),
    ),
    Element.PERILAKU_PELAKSANA: (
        _("Tidak sopan dan ramah"),
        _("Kurang sopan dan ramah"),
        _("Sopan dan ramah"),
        _("Sangat sopan dan ramah"),
    ),
    Element.PENANGANAN_PENGADUAN: (
        _("Tidak ada"),
        _("Ada tetapi tidak berfungsi"),
        _("Berfungsi kurang maksimal"),
        _("Dikelola dengan baik"),
    ),
    Element.SARANA_PRASARANA: (
        _("Buruk"),
        _("Cukup"),
        _("Baik"),
        _("Sangat baik"),
    ),
}

SCORES = (1, 2, 3, 4)


class Grade(models.TextChoices):
    """Mutu pelayanan (Tabel 3.43 of the seed; PermenPANRB 14/2017)."""

    A = "A", _("Sangat baik")
    B = "B", _("Baik")
    C = "C", _("Kurang baik")
    D = "D", _("Tidak baik")


class Channel(models.TextChoices):
    """Where a response came from. Web responses are never replaced by a load or an
    import; imported and generated ones are the file's to state."""

    WEB = "web", _("Formulir web")
    IMPORT = "import", _("Impor")
    GENERATED = "generated", _("Sintetis (dibangkitkan dari nilai terbit)")


OFFLINE_CHANNELS = (Channel.IMPORT, Channel.GENERATED)
