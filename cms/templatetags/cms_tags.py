from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, Site

register = template.Library()


def _home(request):
    site = Site.find_for_request(request)
    return site.root_page.localized.specific if site else None


@register.simple_tag(takes_context=True)
def site_home(context):
    request = context.get("request")
    if request is None:
        return None
    if "_site_home" not in context.render_context:
        context.render_context["_site_home"] = _home(request)
    return context.render_context["_site_home"]


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The home page's children shown in menus, each with `aria_current` for the page being viewed."""
    if "_main_menu" in context.render_context:
        return context.render_context["_main_menu"]
    home = site_home(context)
    if home is None:
        return []
    page = context.get("page")
    items = list(home.get_children().live().public().in_menu())
    context.render_context["_main_menu"] = items
    for item in items:
        if isinstance(page, Page) and page.pk == item.pk:
            item.aria_current = "page"
        elif isinstance(page, Page) and page.path.startswith(item.path):
            item.aria_current = "true"
        else:
            item.aria_current = ""
    return items


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language to this same content: the translated page where it exists (with the same
    sub-path for routable pages), else the same address with the other language prefix."""
    request = context["request"]
    page = context.get("page")
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    translations = {}
    suffix = ""
    if isinstance(page, Page) and page.pk:
        page_url = page.get_url(request) or ""
        if request.path.startswith(page_url):
            suffix = request.path[len(page_url) :]
        for translation in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translation.locale.language_code] = translation
    links = []
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = (translations[code].get_url(request) or "/") + suffix
        else:
            url = translate_url(request.path, code)
        links.append({"code": code, "name": name, "url": url, "is_current": code == current})
    return links


@register.filter
def subpoint_label(index: int) -> str:
    """The letter of the sub-point at 0-based `index` (a, b, …), as positions number them."""
    from positions.text import subpoint_label as label

    return label(int(index))


@register.simple_tag(takes_context=True)
def accessibility_statement(context):
    """The accessibility statement in the language being read (else the default language's), for the footer."""
    from cms.models import AccessibilityStatementPage

    if "_accessibility_statement" not in context.render_context:
        home = site_home(context)
        statement = None
        if home is not None:
            statement = AccessibilityStatementPage.objects.live().public().child_of(home).first()
        context.render_context["_accessibility_statement"] = statement
    return context.render_context["_accessibility_statement"]
