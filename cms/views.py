"""Public views of the site that are not pages of the tree: the site-wide search."""

from django.shortcuts import render
from wagtail.models import Site

from cms import selectors
from cms.forms import SiteSearchForm


def search(request):
    """One search box over positions, draft acts, good practices, news, events and member associations,
    with the results grouped by kind; `kind` narrows to one kind, paginated."""
    form = SiteSearchForm(request.GET if "q" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        site = Site.find_for_request(request)
        home = site.root_page.localized.specific if site else None
        result = selectors.site_search(
            query=form.cleaned_data["q"],
            kind=form.cleaned_data["kind"] or None,
            request=request,
            home=home,
            page_number=request.GET.get("page"),
        )
    return render(
        request,
        "cms/search.html",
        {"form": form, "result": result, "search_query": request.GET.get("q", ""), "kind_choices": selectors.KIND_CHOICES},
    )
