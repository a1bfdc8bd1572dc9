from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks their type and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


class DeskRequestForm(forms.Form):
    request_type = forms.ModelChoiceField(queryset=None, label=_("Type"),
                                          widget=forms.RadioSelect, empty_label=None)
    topic = forms.ModelChoiceField(queryset=None, label=_("Topic"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(label=_("Your request or question"), widget=forms.Textarea(
        attrs={"rows": 6}), max_length=5000)
    files = MultipleFileField(label=_("Attachments (PDF, JPEG or PNG)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request_type"].queryset = selectors.request_type_list()
        self.fields["topic"].queryset = selectors.topic_list()


class SuggestionForm(forms.Form):
    """A suggestion: the type is the desk's suggestion type, so only the topic and text."""

    topic = forms.ModelChoiceField(queryset=None, label=_("Which service is it about?"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(label=_("Your suggestion"), widget=forms.Textarea(attrs={"rows": 6}),
                           max_length=5000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = selectors.topic_list()


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=5000)
    files = MultipleFileField(label=_("Attachments (PDF, JPEG or PNG)"))


class InquiryForm(forms.Form):
    reference = forms.CharField(label=_("Reference number"), max_length=20)
    identity_or_phone = forms.CharField(label=_("Identity number or mobile phone"),
                                        max_length=20)
