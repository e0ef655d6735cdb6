from django.urls import path

from catena.accounts.views import signin

app_name = "accounts"
urlpatterns = [
    path("login/", signin.SignInView.as_view(), name="login"),
    path("logout/", signin.SignOutView.as_view(), name="logout"),
    path("password/", signin.PasswordChangeView.as_view(), name="password_change"),
    path("me/", signin.profile, name="profile"),
    path("me/tokens/", signin.token_create, name="token_create"),
    path("me/tokens/<int:pk>/revoke/", signin.token_revoke, name="token_revoke"),
]
