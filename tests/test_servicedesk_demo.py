"""The demo desk holds an answered question and an open one; loading it twice changes
nothing."""

import pytest

from accounts import demo as accounts_demo
from servicedesk import demo
from servicedesk.models import DeskRequest, Message

pytestmark = pytest.mark.django_db


def test_the_demo_desk_loads_twice_without_changing():
    accounts_demo.demo_load()
    demo.demo_load()
    counts = (DeskRequest.objects.count(), Message.objects.count())
    demo.demo_load()
    assert (DeskRequest.objects.count(), Message.objects.count()) == counts == (2, 3)
    answered = DeskRequest.objects.get(user__email="pilgrim@demo.hajj.example")
    assert answered.status == "answered"
    assert answered.messages.filter(from_expert=True).exists()
