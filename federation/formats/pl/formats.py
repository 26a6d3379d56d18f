# Polish official writing uses dots in short dates (12.03.2026), not Django's default dashes.
# Everything not set here comes from Django's Polish formats.
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
