from django.contrib.auth import views as auth_views
from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "accounts"
urlpatterns = [
    path(_("login/"), views.LoginView.as_view(), name="login"),
    path(_("logout/"), auth_views.LogoutView.as_view(), name="logout"),
    path(_("signup/"), views.signup, name="signup"),
    path(_("verify/<uidb64>/<token>/"), views.verify_email, name="verify_email"),
    path(_("verify/resend/"), views.resend_verification, name="resend_verification"),
    path(_("profile/"), views.profile, name="profile"),
    path(_("tokens/"), views.api_tokens, name="tokens"),
    path(_("role/"), views.role_request, name="role_request"),
    path(_("role/requests/"), views.role_requests, name="role_requests"),
    path(_("role/requests/<int:pk>/"), views.role_request_decide, name="role_request_decide"),
    path(_("tokens/<int:pk>/revoke/"), views.api_token_revoke, name="token_revoke"),
    path(_("password/reset/"), views.password_reset, name="password_reset"),
    path(
        _("password/reset/sent/"),
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        _("password/reset/<uidb64>/<token>/"),
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        _("password/reset/done/"),
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(_("organizations/"), views.organization_list, name="organization_list"),
    path(_("organizations/new/"), views.organization_create, name="organization_create"),
    path(_("organizations/<slug:slug>/"), views.organization_detail, name="organization_detail"),
    path(_("organizations/<slug:slug>/edit/"), views.organization_edit, name="organization_edit"),
    path(
        _("organizations/<slug:slug>/establishments/"),
        views.establishment_add,
        name="establishment_add",
    ),
    path(
        _("organizations/<slug:slug>/establishments/<int:pk>/delete/"),
        views.establishment_delete,
        name="establishment_delete",
    ),
    path(
        _("organizations/<slug:slug>/invitations/"),
        views.invitation_create,
        name="invitation_create",
    ),
    path(
        _("organizations/<slug:slug>/invitations/<int:pk>/resend/"),
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        _("organizations/<slug:slug>/invitations/<int:pk>/revoke/"),
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        _("organizations/<slug:slug>/members/<int:pk>/role/"),
        views.membership_role,
        name="membership_role",
    ),
    path(
        _("organizations/<slug:slug>/members/<int:pk>/remove/"),
        views.membership_remove,
        name="membership_remove",
    ),
    path(_("invitation/<str:token>/"), views.invitation_accept, name="invitation_accept"),
]
