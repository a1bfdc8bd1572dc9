"""Translation tables the `fill_translations` command writes into locale/*/django.po.

Each module maps an English msgid (or "context\x04msgid") to its translation. Keeping them
as Python lets the catalogue be rebuilt after every makemessages without hand-editing .po.
"""
