from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Country(models.TextChoices):
    POLAND = "PL", _("Poland")
    CZECHIA = "CZ", _("Czechia")


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("association (stowarzyszenie, spolek)")
    UNION_OF_MUNICIPALITIES = "union", _("union of municipalities (związek, svazek obcí)")
    INTEREST_ASSOCIATION = "interest_association", _("interest association of legal persons")
    OTHER = "other", _("other legal form")


class LocalGovernmentKind(models.TextChoices):
    # Poland (TERYT TERC)
    VOIVODESHIP = "wojewodztwo", _("voivodeship (województwo)")
    POWIAT = "powiat", _("county (powiat)")
    CITY_WITH_POWIAT_RIGHTS = "miasto_na_prawach_powiatu", _("city with county rights")
    URBAN_GMINA = "gmina_miejska", _("urban municipality (gmina miejska)")
    RURAL_GMINA = "gmina_wiejska", _("rural municipality (gmina wiejska)")
    URBAN_RURAL_GMINA = "gmina_miejsko_wiejska", _("urban-rural municipality (gmina miejsko-wiejska)")
    # Czechia (kód obce)
    OBEC = "obec", _("municipality (obec)")
    MESTYS = "mestys", _("market town (městys)")
    MESTO = "mesto", _("town (město)")
    STATUTORY_CITY = "statutarni_mesto", _("statutory city (statutární město)")


POLISH_KINDS = {
    LocalGovernmentKind.VOIVODESHIP,
    LocalGovernmentKind.POWIAT,
    LocalGovernmentKind.CITY_WITH_POWIAT_RIGHTS,
    LocalGovernmentKind.URBAN_GMINA,
    LocalGovernmentKind.RURAL_GMINA,
    LocalGovernmentKind.URBAN_RURAL_GMINA,
}
CZECH_KINDS = {
    LocalGovernmentKind.OBEC,
    LocalGovernmentKind.MESTYS,
    LocalGovernmentKind.MESTO,
    LocalGovernmentKind.STATUTORY_CITY,
}


class RoleKind(models.TextChoices):
    STAFF = "staff", pgettext_lazy("role in an association", "staff")
    EDITOR = "editor", pgettext_lazy("role in an association", "editor")
    SIGNATORY = "signatory", pgettext_lazy("role in an association", "signatory")
    ADMINISTRATOR = "administrator", pgettext_lazy("role in an association", "administrator")
