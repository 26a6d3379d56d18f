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


# --- Discovery: sections, Open Graph --------------------------------------------------------------------

# Open Graph names locales language_TERRITORY; each of the site's languages has one territory here.
OPEN_GRAPH_LOCALES = {"pl": "pl_PL", "cs": "cs_CZ", "en": "en_GB"}
OPEN_GRAPH_DESCRIPTION_LENGTH = 300


@register.simple_tag(takes_context=True)
def section_page(context, model_name: str):
    """The live public section page of the given cms model ("PositionIndexPage", "NewsIndexPage"…) under
    the home page in the language being read, or None; one query per model and rendering."""
    from django.apps import apps

    cache = context.render_context.setdefault("_section_pages", {})
    if model_name not in cache:
        home = site_home(context)
        model = apps.get_model("cms", model_name)
        cache[model_name] = model.objects.live().public().child_of(home).first() if home is not None else None
    return cache[model_name]


def _plain_text(value) -> str:
    """Text for a meta attribute: tags removed, entities decoded, whitespace collapsed."""
    import html

    from django.utils.html import strip_tags

    return " ".join(html.unescape(strip_tags(str(value))).split())


def _canonical_url(request) -> str:
    """This address without its query, except a page number past the first (each page of a list is its own
    document; filters and search are not)."""
    url = request.build_absolute_uri(request.path)
    number = request.GET.get("page", "")
    # ASCII digits only, and few: "²" counts as a digit for str.isdigit() but not for int(), and Python
    # refuses to read a number of thousands of digits.
    if number.isascii() and number.isdigit() and len(number) <= 9 and int(number) > 1:
        url += f"?page={int(number)}"
    return url


@register.inclusion_tag("cms/includes/open_graph.html", takes_context=True)
def open_graph(context, title="", description="", type="website"):
    """`<link rel="canonical">` and the Open Graph properties of the Wagtail page being read (nothing on
    other views). Title and description default to the page's SEO title or title and its search
    description, introduction, mission or summary; og:locale:alternate lists the languages the page is
    translated into (one query)."""
    from django.utils.safestring import SafeData
    from django.utils.text import Truncator

    from cms.models import FederationSettings

    request = context.get("request")
    page = context.get("page")
    if request is None or not isinstance(page, Page):
        return {"og": None}
    if title and isinstance(title, SafeData):
        title = _plain_text(title)
    title = title or page.seo_title or page.title
    if not description:
        for field in ("search_description", "intro", "mission", "summary"):
            if getattr(page, field, ""):
                description = getattr(page, field)
                break
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    translated = set(page.get_translations().live().values_list("locale__language_code", flat=True))
    url = _canonical_url(request)
    return {
        "og": {
            "type": type,
            "title": title,
            "description": Truncator(_plain_text(description)).chars(OPEN_GRAPH_DESCRIPTION_LENGTH) if description else "",
            "url": url,
            "site_name": FederationSettings.for_request(request).name,
            "locale": OPEN_GRAPH_LOCALES.get(current, current),
            "alternates": [
                OPEN_GRAPH_LOCALES.get(code, code) for code, _name in settings.LANGUAGES if code != current and code in translated
            ],
        }
    }


@register.simple_tag(takes_context=True)
def feed_topics(context):
    """Every policy topic, for one positions feed per topic (a topic without positions yet can still be
    followed); one query per rendering."""
    from members import selectors as member_selectors

    if "_feed_topics" not in context.render_context:
        context.render_context["_feed_topics"] = list(member_selectors.topic_list())
    return context.render_context["_feed_topics"]
