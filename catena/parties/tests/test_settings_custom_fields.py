"""Custom fields and tags set up in the settings: a field defined there is on every party form,
its value checked and saved; tags renamed, merged and deleted with their counts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from catena.accounts.models import User
from catena.core.access import PermissionDenied
from catena.parties.models import CustomField, Party, Tag
from catena.parties.services import settings as services
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db
CREATE = reverse("parties:party_create")


def party_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "organisation", "name": "杭州云栖电子科技有限公司", "status": "active",
        "tier": "standard", "roles": ["customer"],
    }  # fmt: skip
    data.update(overrides)
    return data


def test_a_field_defined_in_settings_is_asked_checked_and_saved_on_the_party_form(
    admin_user: User, sales: User, logged_in: Callable[[User], Client]
) -> None:
    defined = logged_in(admin_user).post(
        reverse("settings_parties:custom_field_create"),
        {"label": "客户等级", "key": "grade", "type": "choice", "choices": "A\nB\nC", "is_required": "on"},
    )
    assert defined.status_code == 302
    client = logged_in(sales)

    form_page = client.get(CREATE).content.decode()
    missing = client.post(CREATE, party_form())
    wrong = client.post(CREATE, party_form(cf_grade="D"))
    good = client.post(CREATE, party_form(cf_grade="B"))

    assert 'name="cf_grade"' in form_page and "客户等级" in form_page
    assert "cf_grade" in missing.context["form"].errors
    assert "cf_grade" in wrong.context["form"].errors
    assert good.status_code == 302
    party = Party.objects.get()
    assert party.custom_fields == {"grade": "B"}
    assert "客户等级" in client.get(reverse("parties:party_detail", args=[party.pk])).content.decode()


def test_a_chinese_label_gets_a_numbered_key(admin_user: User) -> None:
    definition = services.define_custom_field(actor=admin_user, label="信用额度", type="number")
    assert definition.key == "field_1"


def test_bad_definitions_are_refused_with_codes(
    admin_user: User, logged_in: Callable[[User], Client]
) -> None:
    services.define_custom_field(actor=admin_user, label="Grade", key="grade", type="text")
    response = logged_in(admin_user).post(
        reverse("settings_parties:custom_field_create"), {"label": "等级", "key": "grade", "type": "choice"}
    )
    assert response.status_code == 422
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["key"]] == ["custom_field.key_taken"]
    assert [e.code for e in errors["choices"]] == ["custom_field.no_choices"]
    unknown_type = logged_in(admin_user).post(
        reverse("settings_parties:custom_field_create"), {"label": "X", "type": "colour"}
    )
    assert unknown_type.status_code == 422


def test_only_administrators_define_fields(sales: User) -> None:
    with pytest.raises(PermissionDenied):
        services.define_custom_field(actor=sales, label="Grade", type="text")


def test_editing_and_removing_a_definition(admin_user: User, logged_in: Callable[[User], Client]) -> None:
    definition = services.define_custom_field(actor=admin_user, label="Grade", key="grade", type="text")
    client = logged_in(admin_user)
    edited = client.post(
        reverse("settings_parties:custom_field_edit", args=[definition.pk]),
        {"label": "Customer grade", "type": "number"},
    )
    assert edited.status_code == 302
    definition.refresh_from_db()
    assert (definition.key, definition.label, definition.type) == ("grade", "Customer grade", "number")
    assert (
        client.post(reverse("settings_parties:custom_field_delete", args=[definition.pk])).status_code == 302
    )
    assert not CustomField.objects.exists()


def test_tags_are_listed_with_counts_renamed_merged_and_deleted(
    admin_user: User, sales: User, logged_in: Callable[[User], Client]
) -> None:
    vip, key, spare = (Tag.objects.create(name=n) for n in ("VIP", "重点", "旧标签"))
    first, second = PartyFactory(), PartyFactory()
    first.tags.add(vip, key)
    second.tags.add(vip)
    client = logged_in(admin_user)

    listing = client.get(reverse("settings_parties:tag_list"))
    counts = {tag.name: tag.party_count for tag in listing.context["tags"]}
    assert counts == {"VIP": 2, "重点": 1, "旧标签": 0}

    taken = client.post(reverse("settings_parties:tag_rename", args=[spare.pk]), {"name": "VIP"})
    assert taken.status_code == 422
    assert [e.code for e in taken.context["failed_form"].errors.as_data()["name"]] == ["tag.name_taken"]
    assert (
        client.post(reverse("settings_parties:tag_rename", args=[spare.pk]), {"name": "华东"}).status_code
        == 302
    )

    assert (
        client.post(reverse("settings_parties:tag_merge", args=[key.pk]), {"into": vip.pk}).status_code == 302
    )
    assert set(first.tags.values_list("name", flat=True)) == {"VIP"}
    itself = client.post(reverse("settings_parties:tag_merge", args=[vip.pk]), {"into": vip.pk})
    assert itself.status_code == 422

    assert client.post(reverse("settings_parties:tag_delete", args=[vip.pk])).status_code == 302
    assert list(Tag.objects.values_list("name", flat=True)) == ["华东"]
    assert not first.tags.exists()


def test_sales_staff_may_tag_parties_but_not_manage_tags(admin_user: User, sales: User) -> None:
    tag = Tag.objects.create(name="VIP")
    with pytest.raises(PermissionDenied):
        services.delete_tag(tag, actor=sales)
    with pytest.raises(ValidationError):
        services.rename_tag(tag, actor=admin_user, name="")


def test_renaming_merging_and_deleting_tags_are_announced(admin_user: User) -> None:
    from catena.core.models import Event

    keep, gone, old = (
        Tag.objects.create(name="华东重点"),
        Tag.objects.create(name="华东客户"),
        Tag.objects.create(name="旧活动"),
    )
    for tags in ([gone], [gone, keep], [old]):
        PartyFactory().tags.set(tags)

    services.rename_tag(keep, actor=admin_user, name="华东重点客户")
    services.rename_tag(keep, actor=admin_user, name="华东重点客户")  # unchanged: nothing to say
    services.merge_tags(gone, actor=admin_user, into=keep)
    old_id = old.pk
    services.delete_tag(old, actor=admin_user)

    found = [
        (e.name, e.subject_id, e.payload, e.actor_id)
        for e in Event.objects.filter(name__startswith="tag.").order_by("pk")
    ]
    assert found == [
        ("tag.renamed", str(keep.pk), {"old_name": "华东重点", "name": "华东重点客户"}, admin_user.pk),
        (
            "tag.merged",
            str(keep.pk),
            {"merged_name": "华东客户", "name": "华东重点客户", "parties": 2},
            admin_user.pk,
        ),
        ("tag.deleted", str(old_id), {"name": "旧活动", "parties": 1}, admin_user.pk),
    ]
