"""Forms for sign-up, profile, organizations and API tokens (errors in the user's language)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import NON_FIELD_ERRORS
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from aluhub.common.limits import LINE_MAX_LENGTH, PASSWORD_MAX_LENGTH, capped_formfield
from aluhub.common.mail import send_email, site_url
from aluhub.common.regions import region_choices

from . import selectors, services, services_signup
from .models import (
    GRANTED_ROLES,
    Establishment,
    Language,
    MembershipRole,
    Organization,
    Role,
    User,
)
from .services import ORGANIZATION_FIELDS
from .validators import normalize_neq, validate_naics, validate_neq

SIGNUP_ROLES = [
    (Role.MEMBER.value, Role.MEMBER.label),
    (Role.PARTNER.value, Role.PARTNER.label),
    (Role.STUDENT.value, Role.STUDENT.label),
]


class EmailAuthenticationForm(AuthenticationForm):
    # Django's message names the field in the sentence (« Saisissez un adresse courriel… »
    # in French, the wrong gender) and calls an e-mail address case-sensitive.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Enter a correct email address and password. The password is case-sensitive."
        ),
    }
    username = forms.EmailField(
        label=_("Email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean(self) -> dict[str, Any]:
        """Django's check, then one more for a closed account: ModelBackend refuses an
        inactive user before the form's own inactive check, so a person whose account was
        closed read "wrong address or password". Once the password is proven right they
        learn it was closed and whom to ask; a wrong password answers exactly as before (no
        account discovery), and the failure was already counted by axes (authenticate()
        signalled it). A locked-out client learns nothing more."""
        try:
            return super().clean()
        except forms.ValidationError as exc:
            if exc.code == "invalid_login" and self._closed_account_proven():
                raise forms.ValidationError(
                    _(
                        "This account was closed. To learn why, or to ask for it to be "
                        "reopened, write to the cluster staff (below)."
                    ),
                    code="inactive",
                ) from exc
            raise

    def _closed_account_proven(self) -> bool:
        if self.request is not None and getattr(self.request, "axes_locked_out", False):
            return False
        email, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not email or not password:
            return False
        closed = selectors.closed_accounts_with_email(email)
        return any(user.check_password(password) for user in closed)

    @property
    def account_closed(self) -> bool:
        """The password was right but the account is closed: the page says whom to ask."""
        return self.is_bound and self.has_error(NON_FIELD_ERRORS, "inactive")


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, but the message goes through the queue like every e-mail, is
    written in the account's language like every account e-mail (not the page's: whoever
    posts the form may read the other language), and its link starts with ``SITE_URL`` like
    every e-mail's (Django builds it from the request's Host header, which whoever posts the
    form chooses). A deactivated account is told whom to ask instead (:meth:`save`)."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        with translation.override(context["user"].preferred_language):
            subject = "".join(render_to_string(subject_template_name, context).splitlines())
            context["link"] = site_url(
                reverse(
                    "accounts:password_reset_confirm",
                    kwargs={"uidb64": context["uid"], "token": context["token"]},
                )
            )
            body = render_to_string(email_template_name, context)
        send_email(to=[to_email], subject=subject, body=body)

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Django's: a reset link to each active account of the address. A deactivated
        account's owner is told instead whom to ask why it was closed (Django sends them
        nothing); the page reads the same either way."""
        super().save(*args, **kwargs)
        for user in selectors.closed_accounts_with_email(self.cleaned_data["email"]):
            services_signup.user_send_closed_account_notice(user=user, attempt="reset")


class RevokesApiTokensMixin:
    """A password set through this form revokes the account's API tokens (docs/accounts.md)."""

    def save(self, commit: bool = True) -> User:
        user: User = super().save(commit)  # type: ignore[misc]
        if commit:
            services.api_tokens_revoke_all(user=user)
        return user


def _capped_password(field: forms.Field) -> forms.CharField:
    """Django's new-password field (its label and help), with the length limit of sign-up."""
    return forms.CharField(
        label=field.label,
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=field.help_text,
    )


class ResetSetPasswordForm(RevokesApiTokensMixin, SetPasswordForm):
    """The new password chosen from a reset link."""

    new_password1 = _capped_password(SetPasswordForm.base_fields["new_password1"])
    new_password2 = _capped_password(SetPasswordForm.base_fields["new_password2"])


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(label=_("I am"), choices=SIGNUP_ROLES, initial=Role.MEMBER)
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=Language.choices)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    # The secret of the invitation link the person signed up from (views.signup).
    invitation = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def clean_email(self) -> str:
        # No "this address has an account" here: the form answers the same for every
        # address (services_signup.user_signup e-mails an existing account's owner instead).
        email: str = self.cleaned_data["email"].strip().lower()
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords do not match."))
        elif p1:
            probe = User(
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=Language.choices)


class NaicsListField(forms.CharField):
    """Comma- or space-separated 6-digit NAICS codes."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [part for part in text.replace(",", " ").split() if part]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        for code in value:
            validate_naics(code)


class OrganizationForm(forms.ModelForm):
    naics_codes = NaicsListField(
        label=_("NAICS (SCIAN) codes"),
        required=False,
        max_length=LINE_MAX_LENGTH,
        help_text=_("6-digit codes separated by commas, main activity first, e.g. 331318, 332321."),
    )
    neq = forms.CharField(
        label=_("NEQ"),
        required=False,
        max_length=14,
        help_text=_("Québec enterprise number, 10 digits."),
    )
    region = forms.ChoiceField(label=_("Administrative region"), choices=region_choices)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        formfield_callback = capped_formfield
        model = Organization
        fields = list(ORGANIZATION_FIELDS)  # what organization_create/_update write

    def clean_neq(self) -> str:
        value = normalize_neq(self.cleaned_data.get("neq") or "")
        if value:
            validate_neq(value)
            clash = Organization.objects.filter(neq=value)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(
                    _("An organization with this NEQ is already registered."), code="duplicate_neq"
                )
        return value


class EstablishmentForm(forms.ModelForm):
    region = forms.ChoiceField(label=_("Administrative region"), choices=region_choices)

    class Meta:
        formfield_callback = capped_formfield
        model = Establishment
        fields = ["name", "city", "region"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “ERP export script”."),
    )


class RoleRequestForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role requested"), choices=[(r.value, r.label) for r in GRANTED_ROLES]
    )
    reason = forms.CharField(
        label=_("Why you ask"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Your institution, the edition you judge, your field of expertise: what lets the "
            "reviewer confirm the request."
        ),
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role in the organization"),
        choices=MembershipRole.choices,
        initial=MembershipRole.MEMBER,
        help_text=_("Owners manage the organization's page and its people."),
    )


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the organization"), choices=MembershipRole.choices)
