# Czech writes a numeric date with a space after each dot (2. 3. 2026, ČSN 01 6910), not Django's 02.03.2026.
# Everything not set here comes from Django's Czech formats.
SHORT_DATE_FORMAT = "j. n. Y"
SHORT_DATETIME_FORMAT = "j. n. Y G:i"
