from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import Gender, IdType
from portal.birthdates import validate_birth_date
from portal.forms import DualCalendarDateField

from .models import Dependant

_SELECT = {"class": "form-select"}
_TEXT = {"class": "form-control"}
_LTR = {"class": "form-control", "dir": "ltr"}


class DependantForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200,
                                widget=forms.TextInput(attrs=_TEXT))
    relation = forms.ChoiceField(label=_("Relation"), choices=Dependant.Relation.choices,
                                 widget=forms.Select(attrs=_SELECT))
    id_type = forms.ChoiceField(label=_("Identity document"), choices=IdType.choices,
                                widget=forms.Select(attrs=_SELECT))
    id_number = forms.CharField(label=_("Identity number"), max_length=15,
                                widget=forms.TextInput(attrs=_LTR))
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices,
                               widget=forms.Select(attrs=_SELECT))
    date_of_birth = DualCalendarDateField(label=_("Date of birth"),
                                          validators=[validate_birth_date])
    document = forms.FileField(label=_("Document proving the relation (PDF, JPEG or PNG)"),
                               widget=forms.ClearableFileInput(attrs=_TEXT))


class StandingConsentForm(forms.Form):
    id_type = forms.ChoiceField(label=_("Identity document"), choices=IdType.choices,
                                widget=forms.Select(attrs=_SELECT))
    id_number = forms.CharField(label=_("Identity number"), max_length=15,
                                widget=forms.TextInput(attrs=_LTR))
