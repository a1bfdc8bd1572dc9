"""The filters that show dates, references and amounts make each run an isolated element,
so that every page using them is right without a <bdi> of its own."""

from datetime import UTC, date, datetime
from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from tests.bidi_runs import runs_not_isolated

TODAY = date(2026, 11, 21)


def render(source, **context):
    return Template("{% load dates text %}" + source).render(Context(context))


def test_each_calendar_date_is_its_own_isolated_run():
    with translation.override("ar"):
        html = render("<p>{{ d|dual_date }}</p>", d=TODAY)

    assert html == ('<p><span class="dual-date"><bdi class="date">11 جمادى الآخرة 1448 هـ</bdi>'
                    ' · <bdi class="date">21 نوفمبر 2026</bdi></span></p>')


def test_a_moment_isolates_its_time_of_day_too():
    with translation.override("ar"):
        html = render('<p dir="rtl">موعدك {{ d|dual_datetime }}</p>',
                      d=datetime(2026, 11, 21, 11, 30, tzinfo=UTC))

    assert '<bdi class="time">14:30</bdi>' in html
    assert runs_not_isolated(html, language="ar") == ([], 3)


def test_a_date_inside_a_translated_sentence_stays_isolated():
    with translation.override("ar"):
        html = render("{% load i18n %}<p>{% blocktranslate with first=a|dual_date "
                      "last=b|dual_date %}From {{ first }} to {{ last }}{% endblocktranslate %}"
                      "</p>", a=TODAY, b=date(2026, 11, 26))

    loose, runs = runs_not_isolated(html, language="ar")
    assert (loose, runs) == ([], 4)


def test_the_hijri_date_alone_is_isolated():
    with translation.override("en"):
        html = render("{{ d|hijri_date }}", d=TODAY)

    assert html == ('<span class="dual-date"><bdi class="date">11 Jumada al-Akhirah 1448 AH'
                    '</bdi></span>')


def test_a_reference_reads_left_to_right_as_one_token():
    html = render("{{ number|token }}", number="UM-K7P2Q9XA")

    assert html == '<bdi dir="ltr" class="token">UM-K7P2Q9XA</bdi>'


def test_a_token_escapes_what_it_is_given_and_nothing_shows_for_no_value():
    assert render("{{ v|token }}", v="<b>1</b>") == (
        '<bdi dir="ltr" class="token">&lt;b&gt;1&lt;/b&gt;</bdi>')
    assert render("[{{ v|token }}][{{ w|amount }}]", v=None, w="") == "[][]"


def test_an_amount_keeps_its_currency_beside_it_in_the_readers_language():
    with translation.override("ar"):
        arabic = render("{{ v|amount }}", v=Decimal("6000.00"))
    with translation.override("en"):
        english = render("{{ v|amount }}", v=Decimal("6000.00"))

    assert arabic == '<bdi class="amount">6000,00 ريال</bdi>'
    assert english == '<bdi class="amount">6000.00 SAR</bdi>'


def test_a_name_in_a_sentence_is_isolated():
    assert render("{{ name|isolated }}", name="Ahmed") == "<bdi>Ahmed</bdi>"
