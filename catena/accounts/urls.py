from django.urls import path

from catena.accounts.views import company, signin, users

app_name = "accounts"
urlpatterns = [
    path("login/", signin.SignInView.as_view(), name="login"),
    path("logout/", signin.SignOutView.as_view(), name="logout"),
    path("password/", signin.PasswordChangeView.as_view(), name="password_change"),
    path("me/", signin.profile, name="profile"),
    path("me/preferences/", signin.preferences_edit, name="preferences_edit"),
    path("me/tokens/", signin.token_create, name="token_create"),
    path("me/tokens/<int:pk>/revoke/", signin.token_revoke, name="token_revoke"),
]

# Mounted under /settings/ by ``catena/urls.py`` (namespace ``settings``).
settings_urlpatterns = [
    path("", company.settings_index, name="index"),
    path("company/", company.company_profile, name="company"),
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/<int:pk>/", users.user_edit, name="user_edit"),
    path("users/<int:pk>/deactivate/", users.user_deactivate, name="user_deactivate"),
    path("departments/", users.department_list, name="department_list"),
]
