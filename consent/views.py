"""Pages of consent: the invitation an SMS links to, the answers from the dashboard, and the
profile's "My dependants" and "Who may add me" forms. Views stay thin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import profile_required

from . import hooks, selectors, services
from .errors import ConsentError
from .forms import DependantForm, StandingConsentForm
from .models import Invitation


def _own_invitation(request, token):
    invitation = selectors.invitation_for_invitee(user=request.user, token=token)
    if invitation is None:  # someone else's link, or a made-up one: the same answer
        raise Http404
    return invitation


@login_required
def invitation(request, token):
    """The SMS link: only the invited account, signed in, sees what it is about."""
    invitation = _own_invitation(request, token)
    form = hooks.handlers(invitation.purpose).details_form
    return _invitation_page(request, invitation, form() if form else None)


def _invitation_page(request, invitation, details_form, status=200):
    language = translation.get_language()
    return render(request, "consent/invitation.html", {
        "invitation": invitation, "details_form": details_form,
        "what": hooks.handlers(invitation.purpose).describe(invitation, language=language),
        "open": invitation.status == Invitation.Status.PENDING}, status=status)


@require_POST
@profile_required
def answer(request, token, decision):
    invitation = _own_invitation(request, token)
    options = {}
    form_class = hooks.handlers(invitation.purpose).details_form
    if decision == "accept" and form_class is not None:
        # What the purpose asks the person themself (their document's expiry...).
        form = form_class(request.POST)
        if not form.is_valid():
            return _invitation_page(request, invitation, form, status=400)
        options["details"] = form.cleaned_data
    call = services.accept if decision == "accept" else services.decline
    try:
        invitation = call(invitation=invitation, acting_user=request.user, **options)
    except ConsentError as error:
        messages.error(request, error.message)
    else:
        if invitation.status == Invitation.Status.ACCEPTED:
            messages.success(request, translation.gettext("You have joined the booking."))
        elif invitation.status == Invitation.Status.REFUSED:
            messages.error(request, invitation.refusal.message)
        else:
            messages.success(request, translation.gettext("You have declined the invitation."))
    return redirect(_next(request, "portal:dashboard"))


@require_http_methods(["GET", "POST"])
@profile_required
def decline(request, token):
    """GET: what declining gives up (templates/confirm.html); POST: decline."""
    invitation = _own_invitation(request, token)
    if request.method == "POST":
        return answer(request, token, decision="decline")
    refusal = services.decline_refusal(invitation=invitation)
    return render(request, "consent/decline_confirm.html", {
        "invitation": invitation, "keep_url": reverse("consent:invitation", args=[token]),
        "what": hooks.handlers(invitation.purpose).describe(
            invitation, language=translation.get_language()),
        "refusal": refusal.message if refusal else None})


def _next(request, default):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@require_POST
@profile_required
def dependant_add(request):
    form = DependantForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.dependant_add(acting_user=request.user, **form.cleaned_data)
        except ConsentError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, translation.gettext(
                "The dependant is added; staff will check the document."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("accounts:profile")


@require_http_methods(["GET", "POST"])
@profile_required
def dependant_remove(request, pk):
    """GET: what removing the dependant does (templates/confirm.html); POST: remove."""
    dependant = selectors.dependant_for_owner(owner=request.user, pk=pk)
    if dependant is None:
        raise Http404
    if request.method == "GET":
        return render(request, "consent/dependant_remove_confirm.html", {
            "dependant": dependant, "keep_url": reverse("accounts:profile")})
    services.dependant_remove(dependant=dependant, acting_user=request.user)
    messages.success(request, translation.gettext("The dependant is removed."))
    return redirect("accounts:profile")


@require_POST
@profile_required
def consent_grant(request):
    form = StandingConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_grant(acting_user=request.user, **form.cleaned_data)
        except ConsentError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, translation.gettext(
                "This person may now add you to their bookings without asking."))
    return redirect("accounts:profile")


@require_http_methods(["GET", "POST"])
@profile_required
def consent_revoke(request, pk):
    """GET: what withdrawing the permission does (templates/confirm.html); POST: withdraw."""
    consent = selectors.consents_granted(grantor=request.user).filter(pk=pk).first()
    if consent is None:
        raise Http404
    if request.method == "GET":
        return render(request, "consent/consent_revoke_confirm.html", {
            "consent": consent, "keep_url": reverse("accounts:profile")})
    services.consent_revoke(consent=consent, acting_user=request.user)
    messages.success(request, translation.gettext("The permission is withdrawn."))
    return redirect("accounts:profile")
