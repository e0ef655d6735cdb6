"""Forms of the workspace's pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from catena.workspace.models.comments import MAX_COMMENT_CHARS


class AttachmentForm(forms.Form):
    """One file to attach to a record; the content checks are the service's."""

    file = forms.FileField(label=_("File"), allow_empty_file=True)
    shared_with_portal = forms.BooleanField(label=_("Share with the portal"), required=False)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=MAX_COMMENT_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT_CHARS}),
    )
