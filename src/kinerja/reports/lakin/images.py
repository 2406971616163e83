"""The images a unit attached to its report (certificates, activity photos, screenshots):
each a numbered Gambar with its caption, where its placement says.

A photograph enters the document as it was uploaded: the DOCX embeds the PNG or JPEG,
the PDF an SVG that holds the same bytes (``<image href="data:…">``), so both print the
same picture. Its printed width keeps the picture's proportions and its height within
``MAX_HEIGHT_MM`` (a portrait certificate stays on its page)."""

from __future__ import annotations

import base64
import io

from kinerja.org.models import ImagePlacement, UnitImage
from kinerja.org.services import image_bytes

from ..document import Figure
from ..render.layout import FIGURE_WIDTH_MM
from .data import LakinData

MAX_HEIGHT_MM = 170
IMAGE_KEY_PREFIX = "image-"  # figure keys of attached images ("image-<pk>")


def image_figure(image: UnitImage, content: bytes) -> Figure | None:
    """The attached image as a figure, or None when Pillow cannot read it any more."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as picture:
            width, height = picture.size
    except Exception:  # noqa: BLE001 - a file changed in storage since it was checked
        return None
    if not width or not height:
        return None
    width_mm = min(float(FIGURE_WIDTH_MM), MAX_HEIGHT_MM * width / height)
    data = base64.b64encode(content).decode("ascii")
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f'<image width="{width}" height="{height}"'
        f' xlink:href="data:{image.content_type};base64,{data}"/></svg>'
    )
    return Figure(
        key=f"{IMAGE_KEY_PREFIX}{image.pk}",
        caption=image.caption,
        svg=svg,
        png=content,
        width_mm=round(width_mm, 1),
    )


def placed_images(
    data: LakinData, placement: ImagePlacement, indicator_code: str = ""
) -> list[Figure]:
    """The figures of the images placed here, in the order they were attached; an image
    whose file cannot be read is left out (the report is still built)."""
    figures = []
    for image in data.images:
        if image.placement != placement:
            continue
        if placement == ImagePlacement.INDICATOR and image.indicator_code != indicator_code:
            continue
        content = image_bytes(image)
        figure = image_figure(image, content) if content else None
        if figure is not None:
            figures.append(figure)
    return figures
