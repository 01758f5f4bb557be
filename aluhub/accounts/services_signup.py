"""Sign-up and e-mail verification: the writes of someone who has no account yet, or has
just made one. Every write is atomic and named <noun>_<verb> (services.py holds the others)."""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from aluhub.common.mail import send_email, site_url

from .models import Role, User

#: Roles a person may choose at sign-up; the others are granted (see role_request_decide).
SELF_SERVICE_ROLES = {Role.MEMBER, Role.PARTNER, Role.STUDENT}


def user_signup(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "fr",
    role: str = Role.MEMBER,
    invitation: str = "",
) -> User | None:
    """Create an inactive-email account and send the verification email, whose link carries
    ``invitation`` (the secret of the link the person signed up from) if it invites them.

    An address that already has an account gets no second one and no refusal (the answer
    would tell anybody which addresses have an account): its owner is e-mailed instead
    (:func:`user_send_signup_notice`; a deactivated account's, whom to ask about it:
    :func:`user_send_closed_account_notice`) and the answer is ``None``."""
    from .selectors import invitation_open_to

    email = email.strip().lower()
    if role not in SELF_SERVICE_ROLES:
        raise ValidationError({"role": _("This role is assigned by the cluster staff.")})
    carried = invitation if invitation_open_to(invitation, email) else ""
    with transaction.atomic():
        existing = User.objects.filter(email__iexact=email).first()
        if existing is None:
            try:
                with transaction.atomic():
                    user = User.objects.create_user(
                        email=email,
                        password=password,
                        first_name=first_name,
                        last_name=last_name,
                        preferred_language=preferred_language,
                        role=role,
                    )
            except IntegrityError:  # the same address signed up at the same moment
                existing = User.objects.get(email__iexact=email)
            else:
                transaction.on_commit(lambda: user_send_verification(user=user, invitation=carried))
                return user
        # As long as creating an account takes (hashing the password), so that the time
        # of the answer does not tell either.
        make_password(password)
        if existing.is_active:
            transaction.on_commit(
                lambda: user_send_signup_notice(user=existing, invitation=carried)
            )
        else:
            transaction.on_commit(lambda: user_send_closed_account_notice(user=existing))
    return None


def user_send_signup_notice(*, user: User, invitation: str = "") -> None:
    """Tell the owner of an account (in their language) that someone, maybe them, tried to
    create an account with its address: links to sign in (on to ``invitation``, a live
    invitation to this address, when the attempt came from it) and to reset the password."""
    with translation.override(user.preferred_language):
        query = {"email": user.email}
        if invitation:
            query["next"] = reverse("accounts:invitation_accept", args=[invitation])
        context = {
            "user": user,
            "login_link": site_url(f"{reverse('accounts:login')}?{urlencode(query)}"),
            "reset_link": site_url(reverse("accounts:password_reset")),
        }
        subject = _("Someone tried to create an AluHub account with your address")
        body = render_to_string("accounts/email/signup_existing.txt", context)
    send_email(to=[user.email], subject=subject, body=body)


def user_send_closed_account_notice(
    *, user: User, attempt: Literal["signup", "reset"] = "signup"
) -> None:
    """Tell the owner of a deactivated account (in their language) that someone, maybe them,
    tried to create an account with its address (``signup``) or asked for a password reset
    link (``reset``), and whom to ask why it was closed: the cluster's contact address
    (``CONTACT_EMAIL``, also the reply address) and contact page. The page that was posted
    says nothing of it."""
    contact_email = settings.CONTACT_EMAIL
    with translation.override(user.preferred_language):
        context = {
            "user": user,
            "attempt": attempt,
            "contact_email": contact_email,
            "contact_link": site_url(reverse("contact")),
        }
        if attempt == "reset":
            subject = _("Password reset asked for your closed AluHub account")
        else:
            subject = _("Someone tried to create an AluHub account with your address")
        body = render_to_string("accounts/email/closed_account.txt", context)
    send_email(
        to=[user.email],
        subject=subject,
        body=body,
        reply_to=[contact_email] if contact_email else None,
    )


def user_send_verification(*, user: User, invitation: str = "") -> None:
    """Email a one-time link that marks the address as verified (in the user's language); with
    ``invitation`` it leads on to that invitation, in any browser (views.verify_email)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with translation.override(user.preferred_language):
        link = site_url(reverse("accounts:verify_email", kwargs={"uidb64": uid, "token": token}))
        if invitation:
            link += "?" + urlencode({"invitation": invitation})
        context = {"user": user, "link": link}
        subject = _("Confirm your AluHub email address")
        body = render_to_string("accounts/email/verify.txt", context)
    send_email(to=[user.email], subject=subject, body=body)


def user_verify_email(*, user: User) -> User:
    with transaction.atomic():
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
    return user
