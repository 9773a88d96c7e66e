"""A person's notice settings: each kind on or off on each channel, and their language."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from outbox.kinds import CHANNELS, KINDS


def field_name(kind_name: str, channel: str) -> str:
    return f"{kind_name}__{channel}"


class NoticeSettingsForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language of notices"), choices=settings.LANGUAGES, required=True
    )

    def __init__(self, *args, off: set[tuple[str, str]], language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = language
        for kind in KINDS.values():
            for channel, label in CHANNELS:
                self.fields[field_name(kind.name, channel)] = forms.BooleanField(
                    label=f"{kind.label}: {label}",
                    required=False,
                    initial=(kind.name, channel) not in off,
                )

    def rows(self):
        """Per group of kinds, each kind with its checkbox per channel, for the table."""
        groups: dict[str, list] = {}
        for kind in KINDS.values():
            boxes = [self[field_name(kind.name, channel)] for channel, _label in CHANNELS]
            groups.setdefault(str(kind.group), []).append((kind, boxes))
        return groups.items()

    def chosen_off(self) -> set[tuple[str, str]]:
        return {
            (kind.name, channel)
            for kind in KINDS.values()
            for channel, _label in CHANNELS
            if not self.cleaned_data[field_name(kind.name, channel)]
        }
