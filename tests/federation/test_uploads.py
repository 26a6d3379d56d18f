"""Uploads are judged by what they hold and by their size, not by their name or claimed type."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from federation.uploads import IMAGE_MAX_SIZE, PDF_MAX_SIZE, validate_image, validate_pdf

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def image_bytes(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "navy").save(buffer, format=image_format)
    return buffer.getvalue()


def messages(validator, upload) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        validator(upload)
    return refused.value.messages


def test_validate_pdf_accepts_a_pdf_and_leaves_it_readable_from_the_start():
    upload = SimpleUploadedFile("uchwala.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", content_type="application/pdf")

    validate_pdf(upload)

    assert upload.read(8) == b"%PDF-1.7"


@pytest.mark.parametrize("content", [HTML, SVG, b"", b"PK\x03\x04 a .docx", b" %PDF-1.4"])
def test_validate_pdf_refuses_what_is_not_a_pdf_whatever_its_name(content):
    upload = SimpleUploadedFile("uchwala.pdf", content, content_type="application/pdf")

    assert messages(validate_pdf, upload) == ["The file is not a PDF document. Save it as PDF and upload it again."]


def test_validate_pdf_accepts_exactly_20_mb_and_refuses_a_byte_more():
    validate_pdf(SimpleUploadedFile("limit.pdf", b"%PDF-" + b"0" * (PDF_MAX_SIZE - 5)))

    oversized = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (PDF_MAX_SIZE - 4))

    assert messages(validate_pdf, oversized) == ["The file is too large: it may be at most 20.0\xa0MB."]


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP", "GIF"])
def test_validate_image_accepts_png_jpeg_webp_and_gif(image_format):
    upload = SimpleUploadedFile("logo", image_bytes(image_format))

    validate_image(upload)

    assert upload.tell() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", SVG),
        ("logo.png", HTML),
        ("logo.png", image_bytes("PNG")[:40]),
        ("logo.bmp", image_bytes("BMP")),
        ("logo.tiff", image_bytes("TIFF")),
    ],
)
def test_validate_image_refuses_svg_damaged_and_other_formats(name, content):
    assert messages(validate_image, SimpleUploadedFile(name, content)) == ["The file is not a PNG, JPEG, WebP or GIF image."]


def test_validate_image_refuses_more_than_5_mb():
    oversized = SimpleUploadedFile("photo.png", image_bytes("PNG") + b"\0" * IMAGE_MAX_SIZE)

    assert messages(validate_image, oversized) == ["The file is too large: it may be at most 5.0\xa0MB."]
