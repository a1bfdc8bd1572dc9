"""Pilgrim pages: compare packages, read one, order it, follow and cancel contracts."""

from functools import cache

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from consent import selectors as consent_selectors
from portal import calendars
from refunds.errors import RefundError
from refunds.policy import refund_timeline
from refunds.services import contract_policy, exemption_claim_submit

from . import selectors, services
from .api import contract_refund_preview
from .errors import PackageError
from .forms import CompanionFormSet, ExemptionForm, OrderForm, PackageFilterForm, PayForm
from .models import Contract


class PackageListFilterForm(PackageFilterForm):
    """The list page's filters, plus the providers' rating as the SLA app measures it."""

    min_rating = forms.DecimalField(label=gettext_lazy("Minimum provider rating (%)"),
                                    required=False, min_value=0, max_value=100,
                                    decimal_places=2)


def package_list(request):
    # Unfiltered (every first view), the form is built only when the template's copy of the
    # filters is missing: like the rows, it is handed over as a memoised callable.
    form = cache(lambda: PackageListFilterForm(request.GET or None))
    filters = (form().cleaned_data if form().is_valid() else {}) if request.GET else {}
    ratings = selectors.provider_ratings()
    # The rows are read only when the template's copy of the list (per language, packages
    # version and this stamp of what is live in it) is missing.
    return render(request, "packages/package_list.html", {
        "form": form, "filtered": bool(request.GET),
        "list_stamp": selectors.package_list_stamp(filters=filters, ratings=ratings),
        "packages": cache(lambda: selectors.package_list_rated(filters=filters, ratings=ratings))})


def package_compare(request):
    ids = [int(i) for i in request.GET.getlist("ids") if i.isdigit()]
    packages = selectors.packages_rate(selectors.packages_for_comparison(ids=ids))
    return render(request, "packages/package_compare.html", {"packages": packages})


def package_detail(request, pk):
    package = _published(pk)
    return render(request, "packages/package_detail.html", {
        "package": package, "meal_windows": selectors.meal_windows(package=package)})


def _published(pk):
    package = selectors.package_get_published(pk=pk)
    if package is None:
        raise Http404
    return package


@login_required
def package_order(request, pk):
    package = _published(pk)
    form = OrderForm(request.POST or None)
    companions = CompanionFormSet(
        request.POST or None, prefix="companions",
        form_kwargs={"dependants": consent_selectors.dependants_for_owner(owner=request.user)})
    if request.method == "POST" and form.is_valid() and companions.is_valid():
        data = form.cleaned_data
        try:
            contract = services.contract_order(
                acting_user=request.user, package=package,
                holder={"identity_expires_on": data["identity_expires_on"],
                        "last_hajj_year": data["last_hajj_year"]},
                companions=[c for c in companions.cleaned_data if c],
                acknowledged_channels=data["acknowledge_channels"],
                payment_plan=data["payment_plan"],
            )
        except PackageError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your booking %(reference)s is confirmed.")
                             % {"reference": contract.reference})
            if contract.held_places:
                messages.info(request, _("Invited companions join once they accept; their "
                                         "places are held until then, and you can pay once "
                                         "every invitation is answered."))
            return redirect("packages:contract_detail", pk=contract.pk)
    return render(request, "packages/package_order.html",
                  {"package": package, "form": form, "companions": companions})


@login_required
def contract_list(request):
    contracts = selectors.contract_list_for_pilgrim(user=request.user)
    return render(request, "packages/contract_list.html", {"contracts": contracts})


def _own(request, pk):
    contract = selectors.contract_get_for_pilgrim(user=request.user, pk=pk)
    if contract is None:
        raise Http404
    return contract


@login_required
def contract_detail(request, pk):
    contract = _own(request, pk)
    invitations = consent_selectors.invitations_for_objects(
        purpose=services.INVITATION_PURPOSE, object_ids=[contract.pk])[contract.pk]
    return render(request, "packages/contract_detail.html", {
        "contract": contract, "pay_form": PayForm(), "timeline": _timeline(contract),
        "invitations": [consent_selectors.invitation_as_typed(i) for i in invitations],
        "preview": contract_refund_preview(contract),
        "refund": selectors.contract_refund_progress(contract=contract),
        "exemption_form": ExemptionForm(),
        "version_changes": selectors.contract_version_changes(contract=contract),
        "full_refund_until": selectors.contract_full_refund_right_until(
            contract=contract, now=timezone.now()) if contract.is_live else None,
    })


def _timeline(contract):
    """Refund if cancelled today, then from each date that changes it (what was paid)."""
    if not contract.is_live:
        return []
    paid = services.contract_amount_paid(contract)
    steps = refund_timeline(policy=contract_policy(contract), contract_value=contract.value,
                            clients=contract.clients, permit_state=contract.permit_state,
                            today=calendars.local_date(timezone.now()))
    for step in steps:
        step["refund_of_paid"] = max(paid - step["deduction"], 0)
    return steps


@login_required
@require_POST
def contract_pay(request, pk):
    contract = _own(request, pk)
    form = PayForm(request.POST)
    if form.is_valid():
        try:
            services.contract_pay(contract=contract, card_token=form.cleaned_data["card_token"])
            messages.success(request, _("Payment received."))
        except PackageError as error:
            messages.error(request, error.message)
    return redirect("packages:contract_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def contract_cancel(request, pk):
    contract = _own(request, pk)
    if request.method == "POST":
        try:
            refund = services.contract_cancel(contract=contract,
                                              reason=Contract.CancelReason.PILGRIM,
                                              acting_user=request.user)
        except PackageError as error:
            messages.error(request, error.message)
        else:
            # The amount as the page under it writes it (6000,00 in Arabic, 6000.00 in English).
            messages.success(request, _("Your booking is cancelled. Refund: %(amount)s SAR.")
                             % {"amount": formats.localize(refund.amount)})
        return redirect("packages:contract_detail", pk=pk)
    # GET: the shared confirmation page (templates/confirm.html), with what comes back.
    preview = contract_refund_preview(contract)
    return render(request, "packages/contract_cancel.html", {
        "contract": contract, "preview": preview,
        "keep_url": reverse("packages:contract_detail", args=[contract.pk]),
        "refusal": None if preview else _("This contract can no longer be cancelled.")})


@login_required
@require_POST
def contract_exemption(request, pk):
    contract = _own(request, pk)
    form = ExemptionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            claim = exemption_claim_submit(contract=contract, acting_user=request.user,
                                           kind=form.cleaned_data["kind"],
                                           statement=form.cleaned_data["statement"],
                                           documents=[form.cleaned_data["document"]])
            messages.success(request, _("Your claim %(reference)s was sent; staff will review "
                                        "it and tell you their decision by SMS.")
                             % {"reference": claim.reference})
        except RefundError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Attach a report and choose the ground."))
    return redirect("packages:contract_detail", pk=pk)
