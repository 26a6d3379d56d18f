"""Public views of the site that are not pages of the tree: the site-wide search."""

from django.shortcuts import render


def search(request):
    return render(request, "cms/search.html", {"search_query": request.GET.get("q", "")})
