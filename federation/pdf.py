"""Rendering HTML to PDF with WeasyPrint, reading only our own static and media files.

A document is rendered against a base URL on a reserved host, so `{% static %}` and media URLs in the
template resolve to it; the fetcher maps those paths to files on disk and refuses everything else (http,
https, ftp, file outside our folders). A hostile URL in a text therefore fetches nothing from the network.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.utils._os import safe_join
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE_URL = "https://federation.invalid/"
_HOST = urlsplit(BASE_URL).netloc


class LocalFilesFetcher(URLFetcher):
    """Serves /static/… and /media/… of the reserved host from disk, and data: URIs; refuses the rest."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if parts.scheme != "https" or parts.netloc != _HOST:
            raise ValueError(f"PDF rendering reads no external resource: {url}")
        path = self._local_path(unquote(parts.path))
        if path is None:
            raise ValueError(f"Not one of our static or media files: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    @staticmethod
    def _local_path(path: str) -> Path | None:
        try:
            if path.startswith(settings.STATIC_URL):
                found = finders.find(path.removeprefix(settings.STATIC_URL))
                if found:
                    return Path(found)
                candidate = Path(safe_join(settings.STATIC_ROOT, path.removeprefix(settings.STATIC_URL)))
            elif path.startswith(settings.MEDIA_URL):
                candidate = Path(safe_join(settings.MEDIA_ROOT, path.removeprefix(settings.MEDIA_URL)))
            else:
                return None
        except (ValueError, SuspiciousFileOperation):  # "../" out of our folders
            return None
        return candidate if candidate.is_file() else None


def render_pdf(html: str, *, accessible: bool = True) -> bytes:
    """The PDF of `html`: tagged PDF/UA-1 (accessible) by default."""
    options = {"pdf_variant": "pdf/ua-1"} if accessible else {}
    return HTML(string=html, base_url=BASE_URL, url_fetcher=LocalFilesFetcher(fail_on_errors=False)).write_pdf(**options)
