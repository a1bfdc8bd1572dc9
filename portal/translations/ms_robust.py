# ruff: noqa: E501
"""Malay for the API's refusals of hostile input: read by `manage.py fill_translations` (portal/translations/__init__.py)."""

TRANSLATIONS = {
    "The request body is nested more than %(max)s levels deep.": "Badan permintaan bersarang lebih daripada %(max)s tahap.",
    "The request body must be a JSON object.": "Badan permintaan mestilah objek JSON.",
    "Give a date between the years %(first)s and %(last)s.": "Berikan tarikh antara tahun %(first)s dan %(last)s.",
    "This date is in the future.": "Tarikh ini pada masa hadapan.",
    "Give this as text.": "Berikan nilai ini sebagai teks.",
    "The failure cannot have happened after now.": "Kegagalan itu tidak mungkin berlaku selepas sekarang.",
    "The services of the %(season)s season began on %(date)s: the failure cannot have happened before.": "Perkhidmatan musim %(season)s bermula pada %(date)s: kegagalan itu tidak mungkin berlaku sebelumnya.",
    "Invalid input: the messages of each field named.": "Input tidak sah: mesej setiap medan mengikut namanya.",
    "Invalid input or a request the rules refuse.": "Input tidak sah atau permintaan yang ditolak oleh peraturan.",
    "No credentials: sign in and send X-Session-Token.": "Tiada kelayakan: log masuk dan hantar X-Session-Token.",
    "Signed in, but not allowed to do this.": "Anda telah log masuk, tetapi tidak dibenarkan melakukan ini.",
    "What the request names does not exist, or is not yours.": "Apa yang dinamakan oleh permintaan tidak wujud, atau bukan milik anda.",
    "Too many requests: try again later.": "Terlalu banyak permintaan: cuba lagi kemudian.",
}
