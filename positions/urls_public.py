"""Public addresses of adopted positions outside the Wagtail page tree: the stored PDF and the verification
page whose address is printed in the PDF."""

from django.urls import path

from positions import views_public

# /pdf/positions/<slug>.pdf — language-neutral: there is one stored file per adopted text.
document_urlpatterns: list = [
    path("positions/<slug:slug>.pdf", views_public.position_pdf, name="pdf"),
]

# /verify/… (and /cs/verify/…, /en/verify/…): confirm a text by the code printed in its PDF.
page_urlpatterns: list = [
    path("", views_public.verify_lookup, name="lookup"),
    path("<str:sha256>/", views_public.verify, name="verify"),
]
