"""The admin change form of a rule: "Preview the change" before saving, a reason to save.

`RuleChangeAdmin` goes first in the bases of a rule model's ModelAdmin (the model is declared
in portal.rule_changes by its app). Its change form gets two fields and a second submit
button:

- "Preview the change" (name="_preview") validates the form and shows, under it, what the
  app's impact selector says the edited values would reach; nothing is saved;
- "reason" is required to save an edit, and goes with the acting user into the history
  context of the change;
- "takes effect on" (optional) keeps the edit as a ScheduledRuleChange applied on that day
  by the beat, instead of now.
"""

from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import rule_changes

PREVIEW = "_preview"
CHANGE_FIELDS = ("reason", "effective_on", "to_signed_contracts")


class RuleChangeAdmin:
    """Mixin for the ModelAdmin of a declared rule model (before admin.ModelAdmin)."""

    rule_change_fieldset = _("The change")
    # A rule that signed contracts keep a copy of (the refund windows): the change reaches
    # them only when staff say so, as the ministry decided it (the preview shows the effect).
    reaches_signed_contracts = False

    @property
    def change_form_template(self):
        return "admin/rule_change_form.html"

    def _rule_change_base(self) -> str:
        parent = super().change_form_template
        return parent or "admin/change_form.html"

    def get_fieldsets(self, request, obj=None):
        # An admin without fieldsets lists the form's fields, ours among them: they go last.
        fieldsets = [(name, {**options, "fields": [field for field in options["fields"]
                                                    if field not in CHANGE_FIELDS]})
                     for name, options in super().get_fieldsets(request, obj)]
        if obj is not None and obj.pk:
            fields = ["reason", "effective_on"]
            if self.reaches_signed_contracts:
                fields.append("to_signed_contracts")
            fieldsets.append((self.rule_change_fieldset, {"fields": fields}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None or not obj.pk:
            return super().get_form(request, obj, change=change, **kwargs)
        fields = kwargs.get("fields")
        if fields:
            kwargs["fields"] = [name for name in fields if name not in CHANGE_FIELDS]
        base = super().get_form(request, obj, change=change, **kwargs)
        return type(base.__name__, (RuleChangeFormMixin, base), {})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and PREVIEW in request.POST and object_id:
            return self._preview_view(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        context.setdefault("rule_change_base", self._rule_change_base())
        # Staff who may only look at the rule get no "Preview the change" (nor Save).
        context["rule_change_previewable"] = change and self.has_change_permission(request,
                                                                                   obj)
        return super().render_change_form(request, context, add=add, change=change,
                                          form_url=form_url, obj=obj)

    def _preview_view(self, request, object_id):
        """The change form bound to the edited values, with the impact panel; no write."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        saved = self.get_object(request, unquote(object_id))
        fieldsets = self.get_fieldsets(request, obj)
        form_class = self.get_form(request, obj, change=True,
                                   fields=flatten_fieldsets(fieldsets))
        form = form_class(request.POST, request.FILES, instance=obj)
        formsets, inline_instances = self._create_formsets(request, obj, change=True)
        # is_valid() sets the edited values on `obj` (in memory only): the proposed rule.
        impact = rule_changes.rule_change_impact(rule=saved, proposed=obj) \
            if form.is_valid() else None
        admin_form = helpers.AdminForm(form, list(fieldsets),
                                       self.get_prepopulated_fields(request, obj),
                                       self.get_readonly_fields(request, obj), model_admin=self)
        media = self.media + admin_form.media
        inline_formsets = self.get_inline_formsets(request, formsets, inline_instances, obj)
        for inline_formset in inline_formsets:
            media += inline_formset.media
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview the change"),
            "subtitle": str(saved),
            "adminform": admin_form,
            "object_id": object_id,
            "original": saved,
            "is_popup": False,
            "to_field": None,
            "media": media,
            "inline_admin_formsets": inline_formsets,
            "errors": helpers.AdminErrorList(form, formsets),
            "preserved_filters": self.get_preserved_filters(request),
            "rule_change_impact": impact,
        }
        return self.render_change_form(request, context, change=True, obj=obj)

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        reason = form.cleaned_data["reason"]
        options = ({"to_signed_contracts": bool(form.cleaned_data.get("to_signed_contracts"))}
                   if self.reaches_signed_contracts else {})
        effective_on = form.cleaned_data.get("effective_on")
        if effective_on and effective_on > timezone.localdate():
            effective_at = timezone.make_aware(datetime.combine(effective_on, time.min))
            rule_changes.rule_change_schedule(
                rule=obj, values=rule_changes.edited_values(obj, _edited(obj, form)),
                effective_at=effective_at, reason=reason, acting_user=request.user,
                options=options)
            messages.info(request, _("The change is kept and takes effect on %(day)s.")
                          % {"day": effective_on.isoformat()})
            return None
        rule_changes.rule_change_apply(rule=obj, acting_user=request.user, reason=reason,
                                       options=options)
        return None


def _edited(obj, form) -> list[str]:
    """The edited fields of the form that are columns of the rule (or its translation)."""
    names = []
    for name in form.changed_data:
        if name in CHANGE_FIELDS:
            continue
        names.append(name)
    return names


class RuleChangeFormMixin(forms.Form):
    reason = forms.CharField(
        label=capfirst(_("reason for the change")), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to save: kept in the rule's history with your name."))
    effective_on = forms.DateField(
        label=capfirst(_("takes effect on")), required=False,
        help_text=_("Empty: now. A later day keeps the change until then."))
    to_signed_contracts = forms.BooleanField(
        label=capfirst(_("also change the contracts already signed")), required=False,
        help_text=_("Signed contracts keep the refund rules of the day they were made. Tick "
                    "only where the ministry's decision reaches them: their refunds change as "
                    "the preview shows, and their holders are told."))

    def clean(self):
        cleaned = super().clean()
        if PREVIEW not in self.data and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say why the rule changes."))
        return cleaned
