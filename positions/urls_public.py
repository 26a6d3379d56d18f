"""Public addresses of adopted positions outside the Wagtail page tree: the stored PDF and the verification
page whose address is printed in the PDF."""

document_urlpatterns: list = []
page_urlpatterns: list = []
