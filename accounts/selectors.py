"""Reads for accounts, including who may see a full identity number."""

from functools import cache

from django.db import connection

from hajjportal.db.prepared import prepared_cursor

from .masking import mask_identity_number
from .models import MobileChange, PilgrimProfile, User

FULL_IDENTITY_PERMISSION = "accounts.view_full_identity"


def _row_by_sql(model, column: str) -> tuple[str, tuple[str, ...]]:
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    sql = f"SELECT {columns} FROM {quote(model._meta.db_table)} WHERE {quote(column)} = %s"
    return sql, tuple(field.attname for field in fields)


@cache
def _user_by_pk_sql() -> tuple[str, tuple[str, ...]]:
    return _row_by_sql(User, User._meta.pk.column)


@cache
def _profile_by_user_sql() -> tuple[str, tuple[str, ...]]:
    return _row_by_sql(PilgrimProfile, PilgrimProfile._meta.get_field("user").column)


def user_by_pk(user_id) -> User | None:
    """The user with this primary key (as a session stores it, a string), or None."""
    try:
        pk = int(user_id)
    except (TypeError, ValueError):
        return None
    sql, attnames = _user_by_pk_sql()
    with prepared_cursor() as cursor:  # every authenticated request: prepared once
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    return User.from_db(connection.alias, attnames, row) if row is not None else None


def profile_for_user(user) -> PilgrimProfile | None:
    if user is None or not user.is_authenticated:
        return None
    # Every signed-in e-service page asks (accounts.decorators.profile_required): one
    # statement prepared once, as the user's own (at most one row: the column is unique).
    sql, attnames = _profile_by_user_sql()
    with prepared_cursor() as cursor:
        cursor.execute(sql, [user.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    # What the ORM would do to each value on its way in (the mobile number's parsing).
    fields = PilgrimProfile._meta.concrete_fields
    values = list(row)
    for index, field in enumerate(fields):
        for converter in field.get_db_converters(connection):
            values[index] = converter(values[index], field, connection)
    return PilgrimProfile.from_db(connection.alias, attnames, values)


def display_name(user) -> str:
    """What a person is called on pages and in messages: the full name of their pilgrim
    profile, then the name on the account, and only when no name is known the username
    (allauth's "signed in as", ACCOUNT_USER_DISPLAY)."""
    # A user without a profile raises RelatedObjectDoesNotExist, an AttributeError.
    profile = getattr(user, "profile", None)
    name = profile.full_name if profile is not None else ""
    return (name or user.get_full_name() or user.get_username()).strip()


def profile_is_complete(user) -> bool:
    """Every profile field is required, so a saved profile is a complete one."""
    return profile_for_user(user) is not None


def may_see_full_identity(viewer, owner) -> bool:
    if viewer is None or not viewer.is_authenticated:
        return False
    owner_pk = getattr(owner, "pk", owner)
    is_owner = owner_pk is not None and viewer.pk == owner_pk
    return is_owner or viewer.has_perm(FULL_IDENTITY_PERMISSION)


def identity_number_for(profile_or_number, viewer, owner=None) -> str:
    """The identity number as `viewer` may see it: in full for its owner and for staff with
    the view_full_identity permission, masked for everyone else.

    Pass a profile, or a bare number (a companion's, say) with its `owner` user.
    """
    if isinstance(profile_or_number, PilgrimProfile):
        number, owner = profile_or_number.id_number, profile_or_number.user_id
    else:
        number = profile_or_number
    if may_see_full_identity(viewer, owner):
        return number
    return mask_identity_number(number)


def mobile_change_pending(user) -> MobileChange | None:
    """The new mobile number waiting for its code, if any."""
    return MobileChange.objects.filter(user=user).first()
