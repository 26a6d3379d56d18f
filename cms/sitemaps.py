"""The sitemap: every live public page in every language, with what routable pages add under them."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page


class SiteSitemap(Sitemap):
    """Every live public page in every language (Wagtail's own sitemap covers only the default language's
    tree), with each page's `get_sitemap_urls` adding its sub-pages, such as adopted positions.

    Each address names its versions in the other languages (`<xhtml:link rel="alternate" hreflang>`, with
    `x-default` for the default language): the translations of its page, with the same sub-path for the
    sub-pages of a routable page (a position's or an association's address differs only in the language's
    page). Pages that are drafts, unpublished or restricted to some visitors are left out, and so is all
    that their `get_sitemap_urls` would have added."""

    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Q()
        for home in Page.objects.filter(translation_key=root.translation_key):
            trees |= Q(path__startswith=home.path)
        return Page.objects.filter(trees).live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        language_codes = dict(Locale.objects.values_list("pk", "language_code"))
        order = {code: number for number, (code, _name) in enumerate(settings.LANGUAGES)}
        page_urls = {item.pk: item.get_full_url(self.request) for item in pages}
        versions = defaultdict(list)
        for item in sorted(pages, key=lambda item: order.get(language_codes.get(item.locale_id), len(order))):
            versions[item.translation_key].append(item)

        urls, last_mods = [], set()
        for item in pages:
            page_url = page_urls[item.pk]
            translations = versions[item.translation_key]
            for url_info in item.get_sitemap_urls(self.request):
                location = url_info["location"]
                if len(translations) > 1 and page_url and location.startswith(page_url):
                    url_info = {**url_info, "alternates": _alternates(translations, location[len(page_url) :], page_urls, language_codes)}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        # As Wagtail's sitemap does: the sitemap's Last-Modified only when every entry has a date.
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def _alternates(translations: list[Page], suffix: str, page_urls: dict, language_codes: dict) -> list[dict]:
    alternates = [
        {"lang_code": language_codes[translation.locale_id], "location": page_urls[translation.pk] + suffix}
        for translation in translations
        if page_urls[translation.pk]
    ]
    default = next((alternate for alternate in alternates if alternate["lang_code"] == settings.LANGUAGE_CODE), None)
    if default is not None:
        alternates.append({"lang_code": "x-default", "location": default["location"]})
    return alternates
