"""Every state of every e-service has its SMS (or a stated reason for none): a model with a
status that is neither registered next to its app's messages nor listed as internal fails
here, and so does a state added to a registered model without its message."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from portal import stages


def _registered():
    registered = {}
    for name, module in stages.stage_modules():
        for model in module.STAGES:
            assert model not in registered, f"{model.__name__} is registered twice"
            registered[model] = (name, module)
    return registered


def test_every_model_with_a_status_is_registered_or_internal():
    registered = _registered()
    unaccounted = []
    for model in stages.status_models():
        checked = stages.checked_model(model)
        if checked in registered or checked._meta.label in stages.INTERNAL:
            continue
        unaccounted.append(model._meta.label)
    assert unaccounted == [], (
        "give these states their SMS in the app's STAGES (or list the model in "
        f"portal.stages.INTERNAL with the reason): {unaccounted}")


def test_internal_models_say_why():
    for label, reason in stages.INTERNAL.items():
        assert reason.strip(), label


@pytest.mark.parametrize("name", stages.STAGE_MODULES)
def test_every_state_of_a_registered_model_names_a_message_of_its_app(name):
    module = dict(stages.stage_modules())[name]
    for model, by_status in module.STAGES.items():
        choices = [value for value, _label in model._meta.get_field("status").choices]
        assert sorted(by_status) == sorted(choices), (
            f"{model.__name__}: every state, and only the states, need an entry")
        for status, key in by_status.items():
            assert key is None or key in module.SMS, (
                f"{model.__name__}.{status}: {key!r} is not in {name}.SMS")


def test_silent_states_say_why_in_a_comment():
    """A None is allowed only with the reason beside it: a comment on its line or the lines
    just above."""
    for name, _module in stages.stage_modules():
        path = Path(settings.BASE_DIR, *name.split(".")).with_suffix(".py")
        lines = path.read_text().splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("STAGES = {"))
        end = next(i for i in range(start, len(lines)) if lines[i] == "}")
        for number in range(start, end):
            if re.search(r":\s*None,", lines[number]):
                above = lines[max(start, number - 6):number + 1]
                assert any("#" in line for line in above), f"{name}: line {number + 1}"


def test_the_readme_holds_exactly_the_generated_sms_table():
    out = StringIO()
    call_command("sms_table", stdout=out)
    readme = Path(settings.BASE_DIR, "README.md").read_text()
    section = re.search(r"<!-- sms-table -->\n(.*?)<!-- /sms-table -->", readme, re.S)
    assert section is not None, "README: the SMS table's markers are missing"
    assert section.group(1) == out.getvalue(), "run `python manage.py sms_table` into README"


def test_the_table_has_a_row_per_state_with_its_english_message():
    table = stages.sms_table()
    assert ("| Permits: booking | Not used | Permit %(number)s (%(service)s) for %(when)s was "
            "neither used nor cancelled: no new permit for it can be booked until %(until)s. |"
            ) in table
    assert "| Service centres: ticket | Called | Your number %(number)s is called at " \
           "counter %(counter)s (%(centre)s). |" in table
    assert len(table.strip().splitlines()) == (
        2 + len(stages.stages()) + len(stages.deadline_stages()))


def test_each_deadline_sweeps_message_has_its_row():
    table = stages.sms_table()
    assert ("| E-service desk: desk request | A deadline passed: escalated along the chain | "
            "Your request %(reference)s is taking longer than promised") in table
    assert "| Permits: booking | A Hajj decision overdue: flagged to the ministry |" in table
