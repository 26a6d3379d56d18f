"""Writes for the public site's page tree."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from cms import practices
from cms.models import (
    AccessibilityStatementPage,
    ContactPage,
    EventIndexPage,
    FederationSettings,
    GoodPracticeIndexPage,
    HomePage,
    MembersPage,
    NewsIndexPage,
    NewsPage,
    PositionIndexPage,
    PresidencyPage,
    StandardPage,
)

# The home page's sections, in menu order: key -> page class. A section's content may set "show_in_menus"
# (the accessibility statement is linked from the footer, not from the main menu).
SECTIONS = {
    "members": MembersPage,
    "presidency": PresidencyPage,
    "positions": PositionIndexPage,
    "events": EventIndexPage,
    "practices": GoodPracticeIndexPage,
    "news": NewsIndexPage,
    "about": StandardPage,
    "contact": ContactPage,
    "accessibility": AccessibilityStatementPage,
}


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def site_setup(*, content: dict[str, dict[str, dict]], federation: dict | None = None) -> dict[str, dict[str, Page]]:
    """Build the site's page tree in every language of `content` and make it the default site.

    `content` maps a language code (the default language first) to the fields of "home" and of each key
    of SECTIONS (title, slug, intro…). Other languages are translations of the default-language pages
    (with their own slugs where given). Side effects: replaces Wagtail's placeholder welcome page; fills FederationSettings
    from `federation`; sets up who writes and who publishes good practices (`cms.practices`). Returns the
    pages by language and key.
    """
    default = settings.LANGUAGE_CODE
    languages = [default] + [code for code in content if code != default]
    with transaction.atomic():
        locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in languages}
        # Wagtail's migrations create the tree root; a flushed database (as in transactional tests) has none.
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=locales[default]))
        site = Site.objects.filter(is_default_site=True).first()
        hostname, port = "localhost", 80
        if site is not None and site.root_page.specific_class is Page:
            # Wagtail's placeholder welcome page; deleting it removes its Site record too.
            hostname, port = site.hostname, site.port
            site.root_page.delete()
            site = None
        home = HomePage(locale=locales[default], slug="home", **content[default]["home"])
        root.add_child(instance=home)
        _publish(home)
        if site is None:
            site = Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=home.title)
        else:
            site.root_page, site.site_name = home, home.title
            site.save()
        pages = {default: {"home": home}}
        for key, page_class in SECTIONS.items():
            if key not in content[default]:
                continue
            fields = dict(content[default][key])
            page = page_class(locale=locales[default], **{"show_in_menus": True, **fields})
            home.add_child(instance=page)
            pages[default][key] = _publish(page)
        for code in languages[1:]:
            pages[code] = {}
            for key, page in pages[default].items():
                translation = page.copy_for_translation(locales[code])
                for field, value in content[code].get(key, {}).items():
                    setattr(translation, field, value)
                pages[code][key] = _publish(translation)
        if federation:
            FederationSettings.objects.update_or_create(site=site, defaults=federation)
        practices.practice_publishing_ensure()
    return pages


def site_sections_ensure(*, content: dict[str, dict[str, dict]]) -> list[Page]:
    """Add the sections of SECTIONS that an existing site lacks (e.g. a section introduced by an upgrade),
    in every language of `content`, in its place in the menu (before the next section of SECTIONS that the
    site has), and completes the rights to write and publish good practices (`cms.practices`). Returns the
    pages added."""
    default = settings.LANGUAGE_CODE
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or not isinstance(site.root_page.specific, HomePage):
        return []
    home = site.root_page.specific
    added = []
    with transaction.atomic():
        for key, page_class in SECTIONS.items():
            if key not in content[default] or page_class.objects.child_of(home).exists():
                continue
            page = page_class(locale=home.locale, **{"show_in_menus": True, **content[default][key]})
            home.add_child(instance=page)
            added.append(_move_before_following(_publish(page), parent=home, key=key))
            for code, fields in content.items():
                if code == default:
                    continue
                locale = Locale.objects.filter(language_code=code).first()
                if locale is None or not HomePage.objects.filter(translation_key=home.translation_key, locale=locale).exists():
                    continue
                translation = page.copy_for_translation(locale)
                for field, value in fields.get(key, {}).items():
                    setattr(translation, field, value)
                added.append(_move_before_following(_publish(translation), parent=translation.get_parent(), key=key))
        practices.practice_publishing_ensure()
    return added


def _move_before_following(page: Page, *, parent: Page, key: str) -> Page:
    """Move a newly published section before the first later section of SECTIONS under `parent`, if any."""
    keys = list(SECTIONS)
    for later in keys[keys.index(key) + 1 :]:
        following = SECTIONS[later].objects.child_of(parent).first()
        if following is not None:
            page.move(following, pos="left")
            page.refresh_from_db()
            break
    return page


def news_publish(*, index: NewsIndexPage, title: str, date, summary: str, body: str, slug: str | None = None) -> NewsPage:
    """Publish a news item under `index` (in the index's language)."""
    page = NewsPage(title=title, date=date, summary=summary, body=body, locale=index.locale)
    if slug:
        page.slug = slug
    index.add_child(instance=page)
    return _publish(page)
