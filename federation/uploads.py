"""Checks for files that come in through the site's own forms, by what they hold rather than by their name or
the type the browser claims: a web page renamed `.pdf` is refused. (Wagtail's images and documents are
checked by Wagtail itself: WAGTAILIMAGES_* and WAGTAILDOCS_* in the settings.)"""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

PDF_MAX_SIZE = 20 * 1024 * 1024
IMAGE_MAX_SIZE = 5 * 1024 * 1024
IMAGE_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}


def _check_size(file, limit: int) -> None:
    if file.size > limit:
        raise ValidationError(
            _("The file is too large: it may be at most %(limit)s."), code="file_too_large", params={"limit": filesizeformat(limit)}
        )


def _head(file, length: int) -> bytes:
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head


def validate_pdf(file) -> None:
    """A PDF document (it begins with `%PDF-`) of at most 20 MB."""
    _check_size(file, PDF_MAX_SIZE)
    if _head(file, 5) != b"%PDF-":
        raise ValidationError(_("The file is not a PDF document. Save it as PDF and upload it again."), code="not_pdf")


def validate_image(file) -> None:
    """A PNG, JPEG, WebP or GIF image of at most 5 MB that Pillow can read. SVG is refused: it can carry
    scripts."""
    _check_size(file, IMAGE_MAX_SIZE)
    not_an_image = ValidationError(_("The file is not a PNG, JPEG, WebP or GIF image."), code="not_image")
    file.seek(0)
    try:
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except Exception as error:  # Pillow reports a damaged or foreign file with many kinds of exception.
        raise not_an_image from error
    finally:
        file.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise not_an_image
