"""Short (all-numeric) dates are ISO 8601 in both languages: 2027-02-03 reads one way only.

Django's own writes 03/02/2027 in French and 02/03/2027 in English for the same day.
Decision 0009; the input formats stay Django's (ISO is always accepted as well).
"""

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
