from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .extract import sniff

OUTPUTS = [
    ("page", _("Tampilkan di halaman ini")),
    ("docx", _("Unduh hasil reviu (DOCX)")),
    ("pdf", _("Unduh hasil reviu (PDF)")),
]


class ReviewForm(forms.Form):
    """A report to review: checked by its content and size like evidence (the type from
    the first bytes, never from the name), read in memory and never stored."""

    file = forms.FileField(
        label=_("Berkas laporan"),
        help_text=_("LAKIN/LKjIP sebagai DOCX atau PDF berteks (bukan hasil pindai)."),
    )
    compare = forms.BooleanField(
        label=_("Bandingkan juga dengan data kinerja unit ini untuk tahun ini"),
        required=False,
        initial=True,
    )
    output = forms.ChoiceField(label=_("Hasil"), choices=OUTPUTS, initial="page")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.KINERJA_REVIEW_MAX_BYTES
        name = upload.name
        if getattr(upload, "oversize", False) or (upload.size or 0) > limit:
            raise forms.ValidationError(
                _("Berkas “%(name)s” berukuran %(size)s; batasnya %(limit)s.")
                % {
                    "name": name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(limit),
                }
            )
        if not upload.size:
            raise forms.ValidationError(_("Berkas “%(name)s” kosong.") % {"name": name})
        upload.seek(0)
        data = upload.read()
        if sniff(data) is None:
            raise forms.ValidationError(
                _(
                    "Berkas “%(name)s” ditolak: isinya bukan DOCX atau PDF. Jenis berkas "
                    "diperiksa dari isinya, bukan dari namanya."
                )
                % {"name": name}
            )
        return name, data
