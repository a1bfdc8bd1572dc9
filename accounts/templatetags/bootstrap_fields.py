"""{{ field|bootstrap }}: render a bound field's widget with Bootstrap 5 classes.

Used by the allauth element overrides (templates/allauth/elements/), whose forms come from
allauth and carry no classes of their own.
"""

from django import forms, template

register = template.Library()


def _css_class(widget) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


@register.filter
def bootstrap(bound_field):
    css = _css_class(bound_field.field.widget)
    if bound_field.errors:
        css += " is-invalid"
    return bound_field.as_widget(attrs={"class": css})


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)
