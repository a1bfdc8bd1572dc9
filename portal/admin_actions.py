"""Admin actions that need a note (resolve, ask the pilgrim, uphold...): an intermediate page
with a small form, then one service call per selected row (complaints, compensation)."""

from django import forms
from django.contrib import messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=5000)


class AmountForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (SAR)"), max_digits=12, decimal_places=2,
                                min_value=0)


def service_action(*, name, description, call, errors, form_class=None):
    """An admin action calling `call(obj, user, data)` for each selected row.

    `errors` are the domain error types shown to staff as messages (one per refused row).
    """

    def action(modeladmin, request, queryset):
        form = None
        if form_class is not None:
            form = form_class(request.POST if "apply" in request.POST else None)
            if not form.is_bound or not form.is_valid():
                return TemplateResponse(request, "complaints/admin/action_form.html", {
                    **modeladmin.admin_site.each_context(request), "title": description,
                    "objects": queryset, "form": form, "action": name,
                    "opts": modeladmin.model._meta,
                })
        done = 0
        for obj in queryset:
            try:
                call(obj, request.user, form.cleaned_data if form else {})
                done += 1
            except errors as error:
                messages.error(request, f"{obj}: {error.message}")
        if done:
            messages.success(request, _("%(count)s done.") % {"count": done})
        return None

    action.__name__ = name
    action.short_description = description
    return action
