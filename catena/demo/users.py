"""Demo staff: one user per role with a known password, for trying Catena out.

``ensure_demo_users`` is idempotent and never touches a user that already exists, so running
``catena demo`` twice (or against a database with real users) changes no one's password.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from catena.accounts.choices import DepartmentCode, Role
from catena.accounts.models import Department, User

DEMO_PASSWORD = "catena-demo"
DEMO_EMAIL_DOMAIN = "catena.example"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    department: str
    last_name: str
    first_name: str
    email_local: str
    phone: str


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "admin", Role.ADMINISTRATOR, DepartmentCode.MANAGEMENT, "王", "建国", "wang.jianguo", "+8613800000001"
    ),
    DemoUser(
        "manager", Role.MANAGER, DepartmentCode.MANAGEMENT, "李", "明华", "li.minghua", "+8613800000002"
    ),
    DemoUser("sales1", Role.SALES, DepartmentCode.SALES, "张", "伟", "zhang.wei", "+8613800000003"),
    DemoUser("sales2", Role.SALES, DepartmentCode.SALES, "刘", "芳", "liu.fang", "+8613800000004"),
    DemoUser("sales3", Role.SALES, DepartmentCode.SALES, "陈", "杰", "chen.jie", "+8613800000005"),
    DemoUser("service", Role.SERVICE, DepartmentCode.SERVICE, "赵", "静", "zhao.jing", "+8613800000006"),
    DemoUser(
        "purchasing", Role.PURCHASING, DepartmentCode.PURCHASING, "孙", "强", "sun.qiang", "+8613800000007"
    ),
    DemoUser("logistics", Role.LOGISTICS, DepartmentCode.LOGISTICS, "周", "涛", "zhou.tao", "+8613800000008"),
    DemoUser("marketing", Role.MARKETING, DepartmentCode.MARKETING, "吴", "婷", "wu.ting", "+8613800000009"),
    DemoUser("viewer", Role.READ_ONLY, DepartmentCode.PRODUCTION, "郑", "磊", "zheng.lei", "+8613800000010"),
)


@dataclass(frozen=True)
class DemoUsersResult:
    created: list[User]
    existing: list[User]

    @property
    def users(self) -> list[User]:
        return sorted([*self.created, *self.existing], key=lambda u: u.username)


@transaction.atomic
def ensure_demo_users() -> DemoUsersResult:
    """Create the demo users that do not exist yet; leave existing ones exactly as they are."""
    existing = {u.username: u for u in User.objects.filter(username__in=[d.username for d in DEMO_USERS])}
    departments = {d.code: d for d in Department.objects.all()}
    created = []
    # One hash for all: the password is public anyway, and hashing ten times costs seconds.
    password = make_password(DEMO_PASSWORD) if len(existing) < len(DEMO_USERS) else ""
    for demo in DEMO_USERS:
        if demo.username in existing:
            continue
        department = departments.get(demo.department)
        if department is None:
            department, _created = Department.objects.get_or_create(code=demo.department)
            departments[demo.department] = department
        is_admin = demo.role == Role.ADMINISTRATOR
        user = User.objects.create(
            username=demo.username,
            password=password,
            email=f"{demo.email_local}@{DEMO_EMAIL_DOMAIN}",
            role=demo.role,
            department=department,
            last_name=demo.last_name,
            first_name=demo.first_name,
            phone=demo.phone,
            is_staff=is_admin,
            is_superuser=is_admin,
        )
        created.append(user)
    return DemoUsersResult(created=created, existing=list(existing.values()))
