from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .errors import LegalError
from .figures import agreement_figures
from .forms import TermsAcceptForm
from .models import LegalDocument, TermsAcceptance
from .selectors import document_in_force, documents_in_force
from .services import terms_accept
from .text import body_html

# Which pages add the figures read from the rules' data under the text.
WITH_FIGURES = {LegalDocument.Kind.SLA, LegalDocument.Kind.COMPLAINTS}


def index(request):
    return render(request, "legal/index.html",
                  {"documents": documents_in_force(now=timezone.now())})


def document(request, kind):
    if kind not in LegalDocument.Kind.values:
        raise Http404
    now = timezone.now()
    shown = document_in_force(kind=kind, now=now)
    if shown is None:
        raise Http404
    context = {"document": shown, "body": body_html(shown.body), "kind": kind,
               "Kind": LegalDocument.Kind, "others": documents_in_force(now=now)}
    if kind in WITH_FIGURES:
        context.update(agreement_figures(now=now))
    return render(request, "legal/document.html", context)


@login_required
@require_POST
def terms_accept_view(request):
    form = TermsAcceptForm(request.POST)
    back = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = "/"
    if not form.is_valid():
        messages.error(request, _("Read the terms of use and accept them with the button."))
        return redirect(back)
    try:
        terms_accept(acting_user=request.user, version=form.cleaned_data["terms_version"],
                     now=timezone.now(), via=TermsAcceptance.Via.RENEWAL)
    except LegalError as error:
        messages.error(request, error.message)
        return redirect("legal:document", kind=LegalDocument.Kind.TERMS)
    messages.success(request, _("Thank you: your acceptance of the terms of use is recorded."))
    return redirect(back)
