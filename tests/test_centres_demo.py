import pytest

from centres import demo
from centres.models import Centre, Counter

pytestmark = pytest.mark.django_db


def test_the_demo_centre_loads_twice_without_changing():
    demo.demo_load()
    demo.demo_load()
    assert Centre.objects.get().services.count() == 2
    assert Counter.objects.count() == 2
