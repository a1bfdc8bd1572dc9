"""A centre with services and counters.

    centre, services = centre_create(services=("passport", "hajj"))
    counter = counter_create(centre=centre, services=services, operator=user)
    device, token = kiosk_create(centre=centre)
"""

from centres.models import Centre, CentreService, Counter


def centre_create(*, code="riyadh-1", services=("hajj",), **fields):
    centre = Centre.objects.create(code=code, **fields)
    centre.set_current_language("en")
    centre.name = f"Centre {code}"
    centre.save()
    created = []
    for service_code in services:
        service = CentreService(centre=centre, code=service_code, fee=25, eservice_code="hajj")
        service.set_current_language("en")
        service.name = f"Service {service_code}"
        service.required_documents = "Identity card\nPhoto"
        service.save()
        created.append(service)
    return centre, created


def counter_create(*, centre, services, operator=None, label=None):
    counter = Counter.objects.create(centre=centre, label=label or str(centre.counters.count() + 1))
    counter.services.set(services)
    if operator is not None:
        counter.operators.add(operator)
    return counter


def kiosk_create(*, centre, label="Entrance"):
    """A registered kiosk of `centre`: (device, token); a test client becomes it with
    client.cookies[centres.tokens.COOKIE] = token."""
    from centres.services import kiosk_device_register

    return kiosk_device_register(centre=centre, label=label, acting_user=None)
