"""Converting a dataset file to the current format version, keeping its comments.

Format version 2 is a superset of version 1: every valid version 1 file is a valid
version 2 file with the same meaning (the new parts — unit kinds and words, scales,
targets without a number, semesters, optional goals — are additions). Converting is
therefore checking the file against version 1 and rewriting its version line; the text
is edited, not re-serialised, so a planner's comments and layout survive.
"""

import re

from django.utils.translation import gettext as _

from . import yamlio
from .errors import DatasetInvalid, Problem
from .schema import FORMAT_VERSION, schema_problems
from .values import shown

_VERSION_LINE = re.compile(r"^(kinerja_dataset:[ \t]*)1([ \t]*(#.*)?)$", re.MULTILINE)


def upgrade_text(text: str) -> str:
    """``text`` as format version 2 (unchanged when it already is). ``DatasetInvalid``
    when the file is no valid version 1 file: converting would carry its errors along."""
    data = yamlio.parse(text)
    if not isinstance(data, dict):
        raise DatasetInvalid([Problem("", _("seharusnya pemetaan (mapping) di puncak berkas"))])
    version = data.get("kinerja_dataset")
    if version == FORMAT_VERSION:
        return text
    if version != 1:
        raise DatasetInvalid(
            [
                Problem(
                    "kinerja_dataset",
                    _("seharusnya 1 atau 2, bukan %(value)s") % {"value": shown(version)},
                )
            ]
        )
    problems = schema_problems(data, version=1)
    if problems:
        raise DatasetInvalid(problems)
    upgraded, count = _VERSION_LINE.subn(rf"\g<1>{FORMAT_VERSION}\g<2>", text, count=1)
    if count != 1:  # written in flow style or otherwise unusual: say where it is
        raise DatasetInvalid(
            [
                Problem(
                    "kinerja_dataset",
                    _("tulis pada barisnya sendiri: kinerja_dataset: 1"),
                )
            ]
        )
    return upgraded
