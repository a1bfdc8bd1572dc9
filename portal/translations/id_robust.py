# ruff: noqa: E501
"""Indonesian for the API's refusals of hostile input: read by `manage.py fill_translations` (portal/translations/__init__.py)."""

TRANSLATIONS = {
    "The request body is nested more than %(max)s levels deep.": "Isi permintaan bersarang lebih dari %(max)s tingkat.",
    "The request body must be a JSON object.": "Isi permintaan harus berupa objek JSON.",
    "Give a date between the years %(first)s and %(last)s.": "Berikan tanggal antara tahun %(first)s dan %(last)s.",
    "This date is in the future.": "Tanggal ini di masa depan.",
    "Give this as text.": "Berikan nilai ini sebagai teks.",
    "The failure cannot have happened after now.": "Kegagalan tidak mungkin terjadi setelah saat ini.",
    "The services of the %(season)s season began on %(date)s: the failure cannot have happened before.": "Layanan musim %(season)s dimulai pada %(date)s: kegagalan tidak mungkin terjadi sebelumnya.",
    "Invalid input: the messages of each field named.": "Masukan tidak valid: pesan setiap kolom menurut namanya.",
    "Invalid input or a request the rules refuse.": "Masukan tidak valid atau permintaan yang ditolak aturan.",
    "No credentials: sign in and send X-Session-Token.": "Tidak ada kredensial: masuk dan kirim X-Session-Token.",
    "Signed in, but not allowed to do this.": "Anda sudah masuk, tetapi tidak diizinkan melakukan ini.",
    "What the request names does not exist, or is not yours.": "Yang disebut permintaan tidak ada, atau bukan milik Anda.",
    "Too many requests: try again later.": "Terlalu banyak permintaan: coba lagi nanti.",
}
