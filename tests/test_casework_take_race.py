"""Two agents take the same unassigned case at the same instant, each in their own thread on
their own database connection, released together by a barrier: exactly one gets it, one
Assignment row is written, and the other is told who took it."""

import threading

import pytest
from django.db import connection

from casework import services
from casework.errors import CaseworkError
from casework.models import Assignment
from tests.factories.casework import complaint_agent, complaint_case, desk_agent, desk_case

pytestmark = pytest.mark.django_db(transaction=True)


def take_at_once(case, agents):
    barrier = threading.Barrier(len(agents))
    outcomes = []

    def take(agent):
        try:
            barrier.wait(timeout=30)
            services.case_take(case, acting_user=agent)
            outcomes.append(("won", agent))
        except CaseworkError as error:
            outcomes.append((error.code, agent))
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=take, args=(agent,)) for agent in agents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_of_two_agents_taking_a_desk_request_at_once_one_wins():
    from tests.factories.servicedesk import desk_seed

    desk_seed()
    case = desk_case()
    agents = [desk_agent(case), desk_agent(case)]

    outcomes = take_at_once(case, agents)

    assert sorted(code for code, _agent in outcomes) == ["taken", "won"]
    [winner] = [agent for code, agent in outcomes if code == "won"]
    case.refresh_from_db()
    assert case.assigned_to == winner
    assert Assignment.objects.filter(kind="desk", object_id=case.pk).count() == 1


def test_of_two_agents_taking_a_complaint_at_once_one_wins():
    case = complaint_case()
    agents = [complaint_agent(case), complaint_agent(case)]  # the same company's staff

    outcomes = take_at_once(case, agents)

    assert sorted(code for code, _agent in outcomes) == ["taken", "won"]
    assert Assignment.objects.filter(kind="complaint", object_id=case.pk).count() == 1
