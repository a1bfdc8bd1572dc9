"""Staff act on an object's own admin page (acknowledge, answer, resolve...), each button a
small form posted to its own URL that calls one service, the same the list's actions call.

One mechanism for every app (complaints, the service desk, the help desk's agent tools):
a ModelAdmin lists its `object_actions`; `ObjectActionsAdmin` adds their URL, shows the
ones the object's state allows under its fields, and runs them:

- the object is found through the admin's own queryset, so its scope holds (another
  provider's complaint is a 404, as on the page itself);
- without the change permission on that object the answer is 403;
- a form that does not validate, or a service's refusal, comes back as a translated message
  on the object's page (a refusal of the 403 kind is a 403);
- the service records who acted (keyword-only `acting_user`), and the admin's history of
  the object gets the action with its note.

A page whose fields are all read-only reads "View <record>" and shows no Save button
(`readonly_page`, portal.admin_readonly).

The list's action menu offers the same buttons: `list_actions(object_actions, *names)` makes
them from the one table, so a page action and its list action cannot drift apart.
"""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .admin_actions import service_action
from .admin_readonly import ReadOnlyPageAdmin
from .errors import DomainError

# dir="auto": a note in English typed on the Arabic admin keeps its full stop at its end.
NOTE_WIDGET_ATTRS = {"rows": 3, "dir": "auto"}


class ObjectNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs=NOTE_WIDGET_ATTRS),
                           max_length=5000)


class OptionalNoteForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs=NOTE_WIDGET_ATTRS))


@dataclass(frozen=True)
class ObjectAction:
    """One button of an object's page.

    `call(obj, user, data)` runs the service; `available(obj)` says whether the object's
    state allows it (the service checks again under its lock); `permitted(user)` whether the
    member of staff may take it at all, beyond changing the object (the service refuses
    the others again); `form_class` asks for a note (or, with `for_object = True`, is built
    for the object: `form_class(data, obj=obj)`).
    """

    name: str
    label: Any
    call: Any
    errors: tuple | type = DomainError
    form_class: type[forms.Form] | None = None
    available: Any = None
    done: Any = _("Done.")
    permitted: Any = None

    def is_available(self, obj) -> bool:
        return self.available is None or bool(self.available(obj))

    def is_permitted(self, user) -> bool:
        return self.permitted is None or bool(self.permitted(user))


def list_actions(object_actions: list[ObjectAction], *names: str) -> list:
    """The list's actions (portal.admin_actions.service_action) for the page actions called
    `names`, in that order: the same label, service call, errors and note form."""
    chosen = {action.name: action for action in object_actions}
    return [service_action(name=name, description=chosen[name].label, call=chosen[name].call,
                           errors=chosen[name].errors, form_class=chosen[name].form_class)
            for name in names]


class ObjectActionsAdmin(ReadOnlyPageAdmin, admin.ModelAdmin):
    """Adds the page actions of `object_actions` to a ModelAdmin's change page."""

    object_actions: list[ObjectAction] = []
    change_form_template = "admin/portal/object_actions_change_form.html"

    def get_urls(self):
        return [path("<path:object_id>/act/<slug:action>/",
                     self.admin_site.admin_view(self.object_action_view),
                     name=self._url_name("act")), *super().get_urls()]

    def _url_name(self, view):
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def object_actions_for(self, request, obj):
        if obj is None or not self.has_change_permission(request, obj):
            return []
        return [{"action": action, "form": self._action_form(action, obj)
                 if action.form_class else None,
                 "url": reverse("admin:" + self._url_name("act"), args=[obj.pk, action.name],
                                current_app=self.admin_site.name)}
                for action in self.object_actions
                if action.is_available(obj) and action.is_permitted(request.user)]

    @staticmethod
    def _action_form(action, obj, data=None):
        # A form whose choices depend on the record (the agents who may take a case) says
        # so with `for_object = True` and receives it.
        extra = {"obj": obj} if getattr(action.form_class, "for_object", False) else {}
        return action.form_class(data, prefix=action.name, **extra)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        context = {"object_actions": self.object_actions_for(request, obj), **(extra_context
                                                                               or {})}
        return super().change_view(request, object_id, form_url, context)

    def object_action_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        chosen = next((a for a in self.object_actions if a.name == action), None)
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if chosen is None or obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        back = reverse("admin:" + self._url_name("change"),
                       args=[obj.pk], current_app=self.admin_site.name)
        data = {}
        if chosen.form_class is not None:
            form = self._action_form(chosen, obj, request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    for error in errors:
                        messages.error(request, f"{chosen.label}: {error}")
                return HttpResponseRedirect(back)
            data = form.cleaned_data
        try:
            chosen.call(obj, request.user, data)
        except chosen.errors as error:
            if error.status == 403:
                raise PermissionDenied(error.message) from error
            messages.error(request, error.message)
            return HttpResponseRedirect(back)
        # The object's admin history: what was done, by whom (the entry's user), the note.
        note = data.get("note") or ""
        self.log_change(request, obj, f"{chosen.label}: {note}" if note else str(chosen.label))
        messages.success(request, chosen.done)
        return HttpResponseRedirect(back)
