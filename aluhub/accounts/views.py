"""Account and organization pages. Views validate, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from aluhub.accounts.auth import signed_in_user
from aluhub.common.forms import apply_validation_error
from aluhub.common.lang import active_lang, request_lang
from aluhub.common.proxy import client_ip
from aluhub.common.subscriptions import rate_limited, subscribe_requests_exceeded
from aluhub.engines.matching import SIZE_LABELS

from . import selectors, services, services_signup
from .forms import (
    ApiTokenForm,
    EmailAuthenticationForm,
    EstablishmentForm,
    InvitationForm,
    MembershipRoleForm,
    OrganizationForm,
    ProfileForm,
    QueuedPasswordResetForm,
    ResetSetPasswordForm,
    RoleRequestForm,
    SignupForm,
)
from .models import INVITATION_VALID_DAYS, MembershipRole, Organization

#: Session key: the invitation page a signed-out visitor opened, shown again after login.
AFTER_LOGIN = "accounts_after_login"
#: Sign-ups an hour from one client address: a whole class signs up from its school's one
#: address (the subscribe limit, 10, stopped the eleventh student), yet one client cannot
#: e-mail addresses by the thousand.
SIGNUP_LIMIT_PER_CLIENT = 60


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Whom a person whose account was closed may ask (the form's "inactive" error).
        return {**super().get_context_data(**kwargs), "contact_email": settings.CONTACT_EMAIL}

    def get_initial(self) -> dict[str, object]:
        # An invitation's "sign in" link names the invited address.
        return {"username": self.request.GET.get("email", "")}

    def get_default_redirect_url(self) -> str:
        # Back to the invitation a visitor opened before signing in (or up, then verifying).
        return self.request.session.pop(AFTER_LOGIN, "") or super().get_default_redirect_url()


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


#: At most 3 reset e-mails per address and 10 per client an hour (the subscribe limits):
#: the form could otherwise fill anybody's mailbox with reset links.
password_reset = rate_limited(
    PasswordResetView.as_view(),
    purpose="password_reset",
    template="accounts/password_reset_too_many.html",
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = ResetSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard:index")
    initial = {
        "preferred_language": request.LANGUAGE_CODE,
        "email": request.GET.get("email", ""),
        # The invitation link the person came from (its secret): the confirmation e-mail
        # carries it back to the invitation.
        "invitation": request.GET.get("invitation", ""),
    }
    form = SignupForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Each sign-up sends an e-mail (a confirmation, or a notice to an address that has
        # an account): at most 3 per address and SIGNUP_LIMIT_PER_CLIENT per client an
        # hour, counted alike for both, so the 429 tells nothing either. A form refused for
        # a typo does not count.
        if subscribe_requests_exceeded(
            email=data["email"],
            ip=client_ip(request),
            purpose="signup",
            ip_limit=SIGNUP_LIMIT_PER_CLIENT,
        ):
            return render(request, "accounts/signup_too_many.html", status=429)
        try:
            services_signup.user_signup(
                email=data["email"],
                password=data["password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                preferred_language=data["preferred_language"],
                role=data["role"],
                invitation=data["invitation"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return render(request, "accounts/signup_done.html", {"email": data["email"]})
    return render(request, "accounts/signup.html", {"form": form})


def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = selectors.user_from_link(uidb64)
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/verify_failed.html", status=400)
    services_signup.user_verify_email(user=user)
    messages.success(request, _("Your email address is confirmed. You can now log in."))
    # Signed up from an invitation (the link carries it): signing in opens it, in this browser
    # too, where the sign-up's session is not.
    secret = request.GET.get("invitation", "")
    invitation = selectors.invitation_by_secret(secret) if secret else None
    if invitation is not None and invitation.email.lower() == user.email.lower():
        back = reverse("accounts:invitation_accept", args=[secret])
        query = urlencode({"email": user.email, "next": back})
        return redirect(f"{reverse('accounts:login')}?{query}")
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ProfileForm(
        request.POST or None,
        initial={
            "first_name": user.first_name,
            "last_name": user.last_name,
            "preferred_language": user.preferred_language,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "organizations": selectors.profile_organizations(user),
        "memberships": selectors.memberships_of_user(user),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not user.email_verified:
        services_signup.user_send_verification(user=user)
        messages.info(request, _("A new confirmation email is on its way."))
    return redirect("accounts:profile")


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        issued = services.api_token_create(user=user, name=form.cleaned_data["name"])
        secret = issued.secret
        form = ApiTokenForm()
    tokens = selectors.api_tokens_for_user(user)
    return render(
        request, "accounts/tokens.html", {"form": form, "tokens": tokens, "secret": secret}
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.get_api_token_for_user(request.user, pk)
    services.api_token_revoke(token=token)
    messages.success(request, _("The token has been revoked."))
    return redirect("accounts:tokens")


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    orgs = selectors.organizations_with_establishments(request.user)
    return render(request, "accounts/organization_list.html", {"organizations": orgs})


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = signed_in_user(request)
        try:
            org = services.organization_create(owner=user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The organization has been created."))
            return redirect("accounts:organization_detail", slug=org.slug)
    return render(request, "accounts/organization_form.html", {"form": form, "creating": True})


def _organization_page(
    request: HttpRequest,
    org: Organization,
    *,
    establishment_form: EstablishmentForm | None = None,
    invitation_form: InvitationForm | None = None,
    role_form: tuple[int, MembershipRoleForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The organization page, with a form that was refused (its errors, what was typed)."""
    can_change = selectors.organization_can_change(request.user, org)
    memberships = list(selectors.organization_memberships(org))
    context = {
        "organization": org,
        # The size class in the page's language ("petite" / "small"): the matching engine's words.
        "size_label": SIZE_LABELS[org.size_class][active_lang()] if org.size_class else "",
        "can_change": can_change,
        "establishments": org.establishments.all(),
        "memberships": memberships,
        # The only owner cannot leave (services.membership_owners_check): the page says why
        # instead of offering a button that is always refused.
        "sole_owner": sum(m.role == MembershipRole.OWNER for m in memberships) == 1,
        "establishment_form": establishment_form or EstablishmentForm(),
        "invitation_form": invitation_form or InvitationForm(),
        "invitations": selectors.pending_invitations(org) if can_change else [],
        "role_choices": MembershipRole.choices,
        "invitation_days": INVITATION_VALID_DAYS,
        # A refused role change: the membership it was for, and the form with its errors.
        "role_refused_for": role_form[0] if role_form else None,
        "role_errors": [e for errors in role_form[1].errors.values() for e in errors]
        if role_form
        else [],
    }
    return render(request, "accounts/organization_detail.html", context, status=status)


@login_required
def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _organization_page(request, selectors.get_organization_for_user(request.user, slug))


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, slug: str) -> HttpResponse:
    org = selectors.get_organization_for_user(request.user, slug, for_change=True)
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        # form.instance was mutated by validation; re-read so the service does the write
        org.refresh_from_db()
        try:
            services.organization_update(organization=org, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The organization has been saved."))
            return redirect("accounts:organization_detail", slug=org.slug)
    return render(request, "accounts/organization_form.html", {"form": form, "organization": org})


@login_required
@require_POST
def establishment_add(request: HttpRequest, slug: str) -> HttpResponse:
    org = selectors.get_organization_for_user(request.user, slug, for_change=True)
    form = EstablishmentForm(request.POST)
    if form.is_valid():
        services.establishment_add(organization=org, **form.cleaned_data)
        messages.success(request, _("The establishment has been added."))
        return redirect("accounts:organization_detail", slug=org.slug)
    return _organization_page(request, org, establishment_form=form, status=400)


@login_required
@require_POST
def establishment_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = selectors.get_organization_for_user(request.user, slug, for_change=True)
    est = selectors.establishment_of(org, pk)
    if est is not None:
        services.establishment_delete(establishment=est)
    return redirect(reverse("accounts:organization_detail", kwargs={"slug": org.slug}))


@login_required
@require_http_methods(["GET", "POST"])
def role_request(request: HttpRequest) -> HttpResponse:
    """Ask to be granted a role (expert, jury, teacher, staff)."""
    user = signed_in_user(request)
    form = RoleRequestForm(request.POST or None, initial={"role": request.GET.get("role", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.role_request_create(
                user=user, role=form.cleaned_data["role"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your request is in the review queue."))
            return redirect("accounts:role_request")
    return render(
        request,
        "accounts/role_request.html",
        {"form": form, "requests": selectors.role_requests_of_user(user)},
    )


@login_required
def role_requests(request: HttpRequest) -> HttpResponse:
    """The review queue: staff see every request, an organization's owner its members'."""
    user = signed_in_user(request)
    selectors.require_role_request_reviewer(user)
    return render(
        request,
        "accounts/role_requests.html",
        {"pending": selectors.role_requests_to_decide(user)},
    )


@login_required
@require_POST
def role_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    role_req = selectors.get_role_request_for_user(user, pk)
    try:
        services.role_request_decide(
            request=role_req, decider=user, approve=request.POST.get("decision") == "approve"
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Decision saved."))
    return redirect("accounts:role_requests")


# --- Members and invitations ----------------------------------------------------------------


def _people(org: Organization) -> HttpResponse:
    return redirect(reverse("accounts:organization_detail", kwargs={"slug": org.slug}) + "#people")


@login_required
@require_POST
def invitation_create(request: HttpRequest, slug: str) -> HttpResponse:
    org = selectors.get_organization_for_members(request.user, slug)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(
                organization=org,
                actor=signed_in_user(request),
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                lang=request_lang(request),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("The invitation is on its way to %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return _people(org)
    return _organization_page(request, org, invitation_form=form, status=400)


@login_required
@require_POST
def invitation_resend(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = selectors.get_organization_for_user(request.user, slug)
    invitation = selectors.get_invitation_for_manager(request.user, org, pk)
    issued = services.invitation_resend(
        invitation=invitation, actor=signed_in_user(request), lang=request_lang(request)
    )
    messages.success(
        request,
        _("A new link is on its way to %(email)s; the previous one no longer works.")
        % {"email": issued.invitation.email},
    )
    return _people(org)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = selectors.get_organization_for_user(request.user, slug)
    invitation = selectors.get_invitation_for_manager(request.user, org, pk)
    services.invitation_revoke(invitation=invitation, actor=signed_in_user(request))
    messages.success(request, _("The invitation has been revoked."))
    return _people(org)


@login_required
@require_POST
def membership_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = selectors.get_organization_for_user(request.user, slug)
    membership = selectors.get_membership_for_manager(request.user, org, pk)
    form = MembershipRoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_role_change(
                membership=membership, actor=signed_in_user(request), role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The role has been changed."))
            return _people(org)
    return _organization_page(request, org, role_form=(membership.pk, form), status=400)


@login_required
@require_POST
def membership_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    org = selectors.get_organization_for_user(user, slug)
    membership = selectors.get_membership_for_removal(user, org, pk)
    leaving = membership.user_id == user.pk
    try:
        services.membership_remove(membership=membership, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _people(org)
    if leaving:
        messages.success(request, _("You have left %(name)s.") % {"name": org.name})
        if not selectors.organization_can_view(user, org):
            return redirect("accounts:organization_list")
        return _people(org)
    messages.success(request, _("The member has been removed."))
    return _people(org)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link: shows the organization and the role, joins on POST (a mail
    scanner's GET changes nothing)."""
    invitation = selectors.invitation_by_secret(token)
    state = "confirm"
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?next={request.path}")
        try:
            membership = services.invitation_accept(secret=token, user=signed_in_user(request))
        except services.InvitationRefused as exc:
            state = exc.code or "unknown"
        else:
            messages.success(
                request,
                _("Welcome to %(name)s.") % {"name": membership.organization.name},
            )
            return redirect("accounts:organization_detail", slug=membership.organization.slug)
    elif invitation is None:
        state = "unknown"
    elif invitation.accepted_at is not None:
        state = "used"
    elif invitation.revoked_at is not None:
        state = "revoked"
    elif invitation.is_expired:
        state = "expired"
    elif not request.user.is_authenticated:
        state = "sign_in"
        request.session[AFTER_LOGIN] = request.path
    elif signed_in_user(request).email.lower() != invitation.email.lower():
        state = "wrong_account"
    statuses = {"confirm": 200, "sign_in": 200, "unknown": 404, "wrong_account": 403}
    context = {
        "invitation": invitation,
        "secret": token if state == "sign_in" else "",
        "state": state,
        "masked_email": selectors.masked_email(invitation.email) if invitation else "",
    }
    return render(request, "accounts/invitation.html", context, status=statuses.get(state, 410))
