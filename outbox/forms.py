"""A person's notice settings: each kind on or off on each channel, their language, and a
mobile number for text messages (optional, with a consent of its own)."""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from outbox.kinds import CHANNEL_LABELS, DEFAULT_ON, KINDS, Channel, channels

MOBILE = re.compile(r"^01[016789]\d{7,8}$")


def field_name(kind_name: str, channel: str) -> str:
    return f"{kind_name}__{channel}"


class NoticeSettingsForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of notices"), choices=settings.LANGUAGES)
    mobile = forms.CharField(
        label=_("Mobile phone number (for text messages)"),
        required=False,
        max_length=20,
        help_text=_("For example 010-1234-5678. Leave it empty to get no text messages."),
    )
    mobile_consent = forms.BooleanField(
        label=_(
            "I agree that the school keeps this number to send me the notices I turn on by "
            "text message, through NHN Cloud, until I remove it or close my account."
        ),
        required=False,
    )

    def __init__(self, *args, choices: dict, person, **kwargs):
        """`choices`: {(kind, channel): on} where the person chose otherwise than the default."""
        super().__init__(*args, **kwargs)
        self.person = person
        self.fields["language"].initial = person.notice_language or settings.LANGUAGE_CODE
        self.fields["mobile"].initial = person.mobile
        self.fields["mobile_consent"].initial = bool(person.mobile_consented_at)
        self.channels = channels()
        if Channel.SMS not in self.channels:
            del self.fields["mobile"], self.fields["mobile_consent"]
        for kind in KINDS.values():
            for channel in self.channels:
                self.fields[field_name(kind.name, channel)] = forms.BooleanField(
                    label=f"{kind.label}: {CHANNEL_LABELS[channel]}",
                    required=False,
                    initial=choices.get((kind.name, channel), DEFAULT_ON[channel]),
                )

    def clean_mobile(self):
        number = "".join(c for c in self.cleaned_data["mobile"] if c.isdigit())
        if number and not MOBILE.match(number):
            raise forms.ValidationError(_("Enter a Korean mobile number, such as 010-1234-5678."))
        return number

    def clean(self):
        data = super().clean()
        if data.get("mobile") and not data.get("mobile_consent"):
            self.add_error(
                "mobile_consent", _("To get text messages, agree to the school keeping the number.")
            )
        return data

    def rows(self):
        """Per group of kinds, each kind with its checkbox and label per channel."""
        groups: dict[str, list] = {}
        for kind in KINDS.values():
            boxes = [
                (self[field_name(kind.name, channel)], CHANNEL_LABELS[channel])
                for channel in self.channels
            ]
            groups.setdefault(str(kind.group), []).append((kind, boxes))
        return groups.items()

    def chosen(self) -> dict[tuple[str, str], bool]:
        """{(kind, channel): on} for every choice that differs from the default."""
        return {
            (kind.name, channel): on
            for kind in KINDS.values()
            for channel in self.channels
            if (on := self.cleaned_data[field_name(kind.name, channel)]) != DEFAULT_ON[channel]
        }
