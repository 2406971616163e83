from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.org.models import ImagePlacement

from .finals import FinalizeError, require_signed
from .models import ReportKind
from .selectors import DOCUMENTS, document_spec, has_final

FINALIZE_MESSAGES = {
    "reason_required": _("Dokumen ini sudah memiliki versi final; versi baru memerlukan alasan."),
    "draft_agreement": _(
        "Perjanjian Kinerja tahun ini belum ditandatangani; draf tidak dapat diterbitkan "
        "sebagai versi final."
    ),
    "no_agreement": _("Unit ini tidak memiliki Perjanjian Kinerja untuk tahun ini."),
    "concurrent": _(
        "Versi final lain dari dokumen ini baru saja diterbitkan oleh permintaan lain; "
        "muat ulang halaman dan periksa versinya sebelum menerbitkan lagi."
    ),
    "storage": _(
        "Berkas laporan tidak dapat disimpan: penyimpanan berkas tidak tersedia. Tidak ada "
        "versi final yang diterbitkan; coba lagi nanti atau hubungi pengelola sistem."
    ),
}


class LogoForm(forms.Form):
    file = forms.FileField(
        label=_("Logo unit"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_(
            "Gambar PNG atau JPEG, paling besar 2 MB; dicetak di sampul laporan. Logo baru "
            "menggantikan yang lama."
        ),
    )


class ImageForm(forms.Form):
    placement = forms.ChoiceField(
        label=_("Letak dalam laporan"),
        choices=ImagePlacement.choices,
        help_text=_("Bab dan bagian LAKIN tempat gambar dicetak, bernomor sebagai Gambar."),
    )
    indicator_code = forms.CharField(
        label=_("Kode indikator"),
        required=False,
        max_length=32,
        help_text=_("Hanya untuk letak “Analisis indikator”, misalnya SK1.1."),
    )
    caption = forms.CharField(
        label=_("Keterangan gambar"),
        max_length=255,
        help_text=_("Dicetak di bawah gambar, misalnya “Sertifikat Akreditasi Laboratorium”."),
    )
    file = forms.FileField(
        label=_("Berkas gambar"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_(
            "Gambar PNG atau JPEG, paling besar 5 MB (sertifikat, foto kegiatan, tangkapan layar)."
        ),
    )


class NarrativeForm(forms.Form):
    text = forms.CharField(
        label=_("Teks narasi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Teks Anda dimuat apa adanya dalam LAKIN dan tidak pernah diganti oleh kinerja. "
            "Kosongkan untuk kembali ke kalimat yang dibuat kinerja dari data."
        ),
    )


class FinalizeForm(forms.Form):
    document = forms.ChoiceField(label=_("Dokumen"), choices=[(d.slug, d.label) for d in DOCUMENTS])
    reason = forms.CharField(
        label=_("Alasan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Wajib bila dokumen ini sudah memiliki versi final: versi baru menggantikan "
            "laporan yang mungkin sudah dibaca orang."
        ),
    )

    show_findings = forms.BooleanField(
        label=_("Tampilkan temuan uji konsistensi"),
        required=False,
        help_text=_(
            "Bila dicentang, lampiran LAKIN dan halaman publik memuat temuan uji konsistensi "
            "yang masih terbuka. Tanpa centang, temuan hanya terlihat di aplikasi."
        ),
    )

    def __init__(self, *args, unit, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit, self.year = unit, year

    @property
    def spec(self):
        return document_spec(self.cleaned_data.get("document", ""))

    def clean(self):
        cleaned = super().clean()
        spec = document_spec(cleaned.get("document", ""))
        reason = cleaned.get("reason", "").strip()
        if spec is not None and not reason and has_final(self.unit, self.year, spec):
            self.add_error("reason", FINALIZE_MESSAGES["reason_required"])
        if spec is not None and spec.kind == ReportKind.PERKIN:
            # Asked here, before the job is queued: the page says it at once.
            try:
                require_signed(self.unit, self.year)
            except FinalizeError as exc:
                self.add_finalize_error(exc)
        return cleaned

    def add_finalize_error(self, exc: FinalizeError) -> None:
        """The service refused: say why in the user's language, next to the field."""
        message = FINALIZE_MESSAGES.get(exc.code)
        if exc.code == "reason_required":
            self.add_error("reason", message)
        else:
            self.add_error(None, message or _("Versi final tidak dapat diterbitkan."))
