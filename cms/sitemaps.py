"""The sitemap: every live public page in every language, with what routable pages add under them."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class SiteSitemap(Sitemap):
    """Every live public page in every language (Wagtail's own sitemap covers only the default language's
    tree), with each page's `get_sitemap_urls` adding its sub-pages, such as adopted positions."""

    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Q()
        for home in Page.objects.filter(translation_key=root.translation_key):
            trees |= Q(path__startswith=home.path)
        return Page.objects.filter(trees).live().public().order_by("path").defer_streamfields().specific()
