from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

User = get_user_model()


def _email_taken(email: str, exclude_pk=None) -> bool:
    return User.objects.filter(email__iexact=email).exclude(pk=exclude_pk).exists()


class LoginForm(AuthenticationForm):
    """Django's login form, refusing a username longer than any account's before trying it.

    Django sets the field's length limit too late for a validator, so a very long name
    would reach the failed-login records (django-axes), whose column is shorter still.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        message = _("No account has a username this long: at most %(limit_value)d characters.")
        field.validators.append(MaxLengthValidator(field.max_length, message=message))


class SignupForm(UserCreationForm):
    privacy_consent = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree to the collection and use of my "
            "personal information."
        ),
        required=True,
        error_messages={"required": _("You need to agree to the privacy notice to sign up.")},
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ["username", "name", "email"]
        labels = {"name": _("Name"), "email": _("E-mail")}
        help_texts = {
            "username": _("Letters, digits and @/./+/-/_ only. Used to log in."),
            "email": _("For password resets and class notices."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["email"].required = True

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if _email_taken(email):
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "email"]
        labels = {"name": _("Name"), "email": _("E-mail")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["email"].required = True

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if _email_taken(email, exclude_pk=self.instance.pk):
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email


class CloseAccountForm(forms.Form):
    """The person confirms with their password that they mean to close their account."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your password. Your account has not been changed.")
            )
        return password


class StaffCloseAccountForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("For the record, e.g. the date and channel of the person's request."),
    )
