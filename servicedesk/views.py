"""Pilgrim pages of the service desk, the public inquiry, and attachment downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import profile_required
from accounts.limits import client_ip

from . import selectors, services
from .errors import DeskError
from .forms import DeskRequestForm, InquiryForm, ReplyForm, SuggestionForm
from .models import Attachment


@profile_required
def request_list(request):
    return render(request, "servicedesk/list.html",
                  {"desk_requests": selectors.desk_request_list_for_user(user=request.user)})


@profile_required
def suggestion_new(request):
    """The charter's suggestions: filed as a desk request of the suggestion type."""
    request_type = selectors.suggestion_type()
    if request_type is None:
        raise Http404
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            desk_request = services.desk_request_submit(
                acting_user=request.user, request_type=request_type, topic=data["topic"],
                subject=data["subject"], text=data["text"])
        except DeskError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you: your suggestion %(reference)s is received.")
                             % {"reference": desk_request.reference})
            return redirect("servicedesk:detail", reference=desk_request.reference)
    return render(request, "servicedesk/suggest.html",
                  {"form": form, "request_type": request_type})


@profile_required
def request_new(request):
    form = DeskRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            desk_request = services.desk_request_submit(
                acting_user=request.user, request_type=data["request_type"], topic=data["topic"],
                subject=data["subject"], text=data["text"], files=data["files"])
        except DeskError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your request %(reference)s is received.")
                             % {"reference": desk_request.reference})
            return redirect("servicedesk:detail", reference=desk_request.reference)
    return render(request, "servicedesk/new.html",
                  {"form": form, "request_types": selectors.request_type_list()})


@profile_required
def request_detail(request, reference):
    desk_request = selectors.desk_request_for_owner(user=request.user, reference=reference)
    if desk_request is None:
        raise Http404
    form = ReplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.desk_reply_add(request=desk_request, acting_user=request.user,
                                    body=form.cleaned_data["body"],
                                    files=form.cleaned_data["files"])
        except DeskError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your reply is sent to the experts."))
            return redirect("servicedesk:detail", reference=reference)
    return render(request, "servicedesk/detail.html", {
        "desk_request": desk_request, "form": form,
        "thread": selectors.message_list(request=desk_request)})


@login_required
def attachment_download(request, token):
    """Only the pilgrim who filed the request and its expert team may read an attachment."""
    attachment = get_object_or_404(Attachment.objects.select_related("message__request__team"),
                                   token=token)
    desk_request = attachment.message.request
    if desk_request.user_id != request.user.pk and not services.staff_may_handle(
            user=request.user, request=desk_request):
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type,
                            as_attachment=True, filename=attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def inquiry(request):
    """The state of any reference (a permit, a contract, a complaint, a desk request, a
    transfer match) without logging in; reveals nothing but its state and next step."""
    form = InquiryForm(request.POST or None)
    result, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            result = services.reference_inquire(
                reference=form.cleaned_data["reference"],
                identity_or_phone=form.cleaned_data["identity_or_phone"],
                ip=client_ip(request))
        except DeskError as error:
            form.add_error(None, error.message)
            status = error.status
    return render(request, "servicedesk/inquiry.html", {"form": form, "result": result},
                  status=status)
