"""Party use cases: validation, rights checked before writing, history, events."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from catena.accounts.choices import Role
from catena.core.access import PermissionDenied
from catena.core.models import Event
from catena.parties import services
from catena.parties.models import ContactPoint, CustomField, Party, Relationship
from catena.parties.tests.factories import PartyFactory

pytestmark = pytest.mark.django_db

VALID_USCC = "91110000600037341L"  # a real-format code with a correct check character


def test_create_party_stores_roles_contacts_and_normalised_contact_points(sales) -> None:  # type: ignore[no-untyped-def]
    party = services.create_party(
        actor=sales,
        name=" 上海申达贸易有限公司 ",
        uscc=VALID_USCC.lower(),
        roles=["customer", "distributor"],
        tags=["华东重点"],
        addresses=[{"province": "上海", "city": "上海市", "district": "浦东新区", "postcode": "200120"}],
        contacts=[
            {
                "name": "王伟",
                "title": "采购经理",
                "contact_points": [{"kind": "mobile", "value": "138 0013 8000"}],
            }
        ],
        contact_points=[{"kind": "email", "value": "Sales@Shenda.example.cn"}],
    )

    assert party.name == "上海申达贸易有限公司"
    assert party.uscc == VALID_USCC
    assert party.owner == sales
    assert sorted(party.role_codes) == ["customer", "distributor"]
    assert party.province == "上海市" and party.city == "上海市"
    assert ContactPoint.objects.get(party=party, kind="mobile").value == "+8613800138000"
    assert "+8613800138000" in party.search_text and "王伟" in party.search_text
    assert Event.objects.filter(name="party.created", subject_id=str(party.pk)).exists()
    assert party.history.count() == 1


def test_create_party_reports_every_bad_field_at_once_and_writes_nothing(sales) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        services.create_party(
            actor=sales,
            name="",
            uscc="91110000600037341X",
            roles=["wizard"],
            addresses=[{"province": "火星", "city": ""}],
            contact_points=[{"kind": "mobile", "value": "12345"}],
        )

    fields = caught.value.message_dict
    assert {
        "name",
        "uscc",
        "roles",
        "addresses.0.province",
        "addresses.0.city",
        "contact_points.0.value",
    } <= set(fields)
    assert Party.objects.count() == 0
    assert Event.objects.count() == 0


def test_uscc_must_be_unique_among_parties(sales) -> None:  # type: ignore[no-untyped-def]
    services.create_party(actor=sales, name="甲公司", uscc=VALID_USCC)

    with pytest.raises(ValidationError) as caught:
        services.create_party(actor=sales, name="乙公司", uscc=VALID_USCC)

    assert "uscc" in caught.value.message_dict
    assert Party.objects.count() == 1


def test_update_party_changes_only_given_fields_and_records_old_and_new(sales) -> None:  # type: ignore[no-untyped-def]
    party = services.create_party(actor=sales, name="旧名称有限公司", industry="电子", roles=["customer"])

    services.update_party(party, actor=sales, name="新名称有限公司", roles=["customer", "retailer"])

    party.refresh_from_db()
    assert party.name == "新名称有限公司"
    assert party.industry == "电子"
    assert sorted(party.role_codes) == ["customer", "retailer"]
    latest, previous = party.history.all()[:2]
    diff = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in diff.changes] == [("name", "旧名称有限公司", "新名称有限公司")]
    assert latest.history_user == sales


def test_sales_cannot_change_a_party_owned_by_a_colleague(make_user) -> None:  # type: ignore[no-untyped-def]
    owner, other = make_user(Role.SALES), make_user(Role.SALES)
    party = services.create_party(actor=owner, name="别人的客户有限公司")

    with pytest.raises(PermissionDenied):
        services.update_party(party, actor=other, name="被改掉了")

    party.refresh_from_db()
    assert party.name == "别人的客户有限公司"


def test_read_only_users_cannot_create_or_delete(reader, sales) -> None:  # type: ignore[no-untyped-def]
    party = services.create_party(actor=sales, name="只读测试有限公司")

    with pytest.raises(PermissionDenied):
        services.create_party(actor=reader, name="不该存在")
    with pytest.raises(PermissionDenied):
        services.delete_party(party, actor=reader)

    assert list(Party.objects.values_list("name", flat=True)) == ["只读测试有限公司"]


def test_only_managers_delete_parties_and_the_deletion_is_an_event(sales, manager) -> None:  # type: ignore[no-untyped-def]
    party = services.create_party(actor=sales, name="待删除有限公司")
    with pytest.raises(PermissionDenied):
        services.delete_party(party, actor=sales)

    party_id = party.pk
    services.delete_party(party, actor=manager)

    assert not Party.objects.filter(pk=party_id).exists()
    assert Event.objects.filter(name="party.deleted", subject_id=str(party_id)).exists()


def test_custom_fields_are_checked_against_their_definitions(sales) -> None:  # type: ignore[no-untyped-def]
    CustomField.objects.create(key="credit_days", label="账期", type="number")
    CustomField.objects.create(key="channel", label="渠道", type="choice", choices=["线上", "线下"])

    with pytest.raises(ValidationError) as caught:
        services.create_party(
            actor=sales,
            name="自定义字段公司",
            custom_fields={"credit_days": "三十", "channel": "电话", "nope": 1},
        )
    assert set(caught.value.message_dict) == {
        "custom_fields.credit_days",
        "custom_fields.channel",
        "custom_fields.nope",
    }

    party = services.create_party(
        actor=sales, name="自定义字段公司", custom_fields={"credit_days": "30", "channel": "线上"}
    )
    assert party.custom_fields == {"credit_days": 30.0, "channel": "线上"}


def test_contacts_and_points_keep_the_search_text_current(sales) -> None:  # type: ignore[no-untyped-def]
    party = services.create_party(actor=sales, name="搜索文本有限公司")

    contact = services.add_contact(
        party, actor=sales, name="李娜", contact_points=[{"kind": "email", "value": "li.na@example.cn"}]
    )
    party.refresh_from_db()
    assert "李娜" in party.search_text and "li.na@example.cn" in party.search_text

    services.delete_contact(contact, actor=sales)
    party.refresh_from_db()
    assert "李娜" not in party.search_text


def test_contact_point_for_a_contact_of_another_party_is_refused(sales) -> None:  # type: ignore[no-untyped-def]
    party, other = (
        services.create_party(actor=sales, name="甲"),
        services.create_party(actor=sales, name="乙"),
    )
    stranger = services.add_contact(other, actor=sales, name="外人")

    with pytest.raises(ValidationError) as caught:
        services.add_contact_point(party, actor=sales, contact=stranger, kind="email", value="a@b.cn")

    assert "contact" in caught.value.message_dict
    assert not ContactPoint.objects.filter(party=party).exists()


def test_relationship_rules(sales) -> None:  # type: ignore[no-untyped-def]
    supplier, maker = PartyFactory(), PartyFactory()

    rel = services.create_relationship(
        actor=sales,
        from_party=supplier,
        to_party=maker,
        kind="supplies",
        since=date(2024, 1, 1),
        contract={"number": "HT-2024-001", "lead_time_days": 7, "on_time_target_pct": 95},
    )
    assert rel.contract.lead_time_days == 7

    for bad in (
        {"from_party": supplier, "to_party": supplier, "kind": "supplies"},
        {"from_party": supplier, "to_party": maker, "kind": "supplies"},
        {"from_party": maker, "to_party": supplier, "kind": "teleports"},
        {
            "from_party": maker,
            "to_party": supplier,
            "kind": "services",
            "since": date(2025, 1, 1),
            "until": date(2024, 1, 1),
        },
        {
            "from_party": maker,
            "to_party": supplier,
            "kind": "services",
            "contract": {"on_time_target_pct": 150},
        },
    ):
        with pytest.raises(ValidationError):
            services.create_relationship(actor=sales, **bad)
    assert Relationship.objects.count() == 1


def test_bulk_tagging_refuses_parties_the_actor_may_not_change(make_user) -> None:  # type: ignore[no-untyped-def]
    me, colleague = make_user(Role.SALES), make_user(Role.SALES)
    mine = services.create_party(actor=me, name="我的客户")
    theirs = services.create_party(actor=colleague, name="同事的客户")

    with pytest.raises(PermissionDenied):
        services.tag_parties([mine, theirs], actor=me, tag_names=["重点"])

    assert not mine.tags.exists() and not theirs.tags.exists()
