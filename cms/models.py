"""The public site: editorial pages in Wagtail, showing the federation's records through selectors.

Pages never own a legal record; the members and presidency pages read them from `members.selectors` and
`presidency.selectors`.
"""

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from federation.i18n import TranslatedField
from members import selectors as member_selectors
from members.models import Association
from presidency import selectors as presidency_selectors


@register_setting(icon="site")
class FederationSettings(BaseSiteSetting):
    """The federation's identity and contact details, shown in the header, footer and contact page."""

    name_pl = models.CharField(_("name in Polish"), max_length=255, default="")
    name_cs = models.CharField(_("name in Czech"), max_length=255, blank=True)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    street_address = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)

    name = TranslatedField("name")

    panels = [
        MultiFieldPanel(
            [FieldPanel("name_pl"), FieldPanel("name_cs"), FieldPanel("name_en"), FieldPanel("short_name"), FieldPanel("logo")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("street_address"), FieldPanel("postal_code"), FieldPanel("city"), FieldPanel("email"), FieldPanel("phone")],
            heading=_("Contact"),
        ),
    ]

    class Meta:
        verbose_name = _("federation")


class HomePage(Page):
    mission = models.TextField(_("mission"), help_text=_("One or two sentences under the federation's name."))
    body = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("mission"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("mission"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StandardPage", "cms.NewsIndexPage", "cms.MembersPage", "cms.PresidencyPage", "cms.ContactPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["current_term"] = presidency_selectors.term_on(at=now)
        context["next_term"] = presidency_selectors.term_next(at=now)
        context["associations"] = member_selectors.association_list()
        context["latest_news"] = NewsPage.objects.live().public().filter(locale=self.locale).order_by("-date", "-pk")[:3]
        context["members_page"] = MembersPage.objects.live().filter(locale=self.locale).first()
        context["presidency_page"] = PresidencyPage.objects.live().filter(locale=self.locale).first()
        context["news_index"] = NewsIndexPage.objects.live().filter(locale=self.locale).first()
        return context


class StandardPage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class NewsIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1
    per_page = 10

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        news = NewsPage.objects.live().public().child_of(self).order_by("-date", "-pk")
        context["news_page"] = Paginator(news, self.per_page).get_page(request.GET.get("page"))
        return context


class NewsPage(Page):
    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"))
    body = RichTextField(_("body"))

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body"), index.FilterField("date")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")


class MembersPage(RoutablePageMixin, Page):
    """The member associations, and each association's own page at `<slug>/`."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    local_governments_per_page = 100

    class Meta:
        verbose_name = _("members page")

    @path("")
    def association_index(self, request):
        return self.render(
            request,
            context_overrides={
                "associations": member_selectors.association_list(),
                "former_associations": member_selectors.association_former_list(),
                "topics": member_selectors.topic_list(),
            },
        )

    @path("<slug:slug>/")
    def association_detail(self, request, slug):
        try:
            association = member_selectors.association_get(slug=slug)
        except Association.DoesNotExist:
            raise Http404 from None
        memberships = member_selectors.association_local_governments(association=association)
        context = self.get_context(request)
        context.update(
            association=association,
            local_governments=Paginator(memberships, self.local_governments_per_page).get_page(request.GET.get("page")),
            signatories=member_selectors.association_signatories(association=association),
            terms=association.presidency_terms.order_by("-starts_on"),
        )
        return render(request, "cms/association_detail.html", context)


class PresidencyPage(Page):
    """Who presides today and who follows, past terms and trios."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("presidency page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["current_term"] = presidency_selectors.term_on(at=now)
        context["upcoming_terms"] = presidency_selectors.term_list_upcoming(at=now)
        context["past_terms"] = presidency_selectors.term_list_past(at=now)
        context["trios"] = presidency_selectors.trio_list()
        return context


class ContactPage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contact page")
