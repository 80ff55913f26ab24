"""Demo sign-ins: one user per role, plus the superuser. All share the demo password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password

from gonghui.core.demo import COUNTY_NAME, PASSWORD, DemoContext, Login
from gonghui.core.synthetic import person_name
from gonghui.orgs.models import Placement

from .security import mark_password_changed

Role = Placement.Role

# username, place, role, what to try with it
DEMO_USERS = [
    ("xian", COUNTY_NAME, Role.STAFF, "县总工会工作人员：全县所有台账"),
    ("taihua", "太华镇总工会", Role.STAFF, "镇工会工作人员：太华镇及其基层工会"),
    ("qiaoya", "桥涯村工会", Role.CHAIR, "基层工会主席：只看到桥涯村工会"),
    ("shenpi", COUNTY_NAME, Role.APPROVER, "审批人：审批上报的帮扶与津贴"),
    ("chakan", "太华镇总工会", Role.VIEWER, "查看人：只读浏览太华镇"),
    ("gangyao", "缸窑街道总工会", Role.STAFF, "街道工会工作人员：缸窑街道"),
]


ADMIN_NOTE = "也可进入 /admin/"


def load(context: DemoContext) -> None:
    users = get_user_model().objects
    admin = users.create_superuser(username="admin", password=PASSWORD, email="")
    validate_password(PASSWORD, admin)
    Placement.objects.create(
        user=admin, org=context.org(COUNTY_NAME), role=Role.STAFF, display_name="系统管理员"
    )
    mark_password_changed(admin)
    context.users["admin"] = admin
    context.logins.append(
        Login("admin", PASSWORD, "系统管理员（工会工作人员）", COUNTY_NAME, ADMIN_NOTE)
    )
    for username, place, role, note in DEMO_USERS:
        user = users.create_user(username=username, password=PASSWORD)
        validate_password(PASSWORD, user)
        display = person_name(context.rng, female=context.rng.random() < 0.5)
        Placement.objects.create(user=user, org=context.org(place), role=role, display_name=display)
        mark_password_changed(user)
        context.users[username] = user
        context.logins.append(Login(username, PASSWORD, role.label, place, note))
    context.notes.append(f"用户：{len(context.logins)} 个演示账号")


def existing_logins() -> list[Login]:
    """The demo logins found in the database, for printing when the data is already there."""
    notes = {username: note for username, _, _, note in DEMO_USERS} | {"admin": ADMIN_NOTE}
    found = []
    placements = Placement.objects.select_related("user", "org").filter(user__username__in=notes)
    for placement in placements.order_by("-user__is_superuser", "user_id"):
        role = placement.get_role_display()
        if placement.user.is_superuser:
            role = f"系统管理员（{role}）"
        found.append(
            Login(
                placement.user.username,
                PASSWORD,
                role,
                placement.org.name,
                notes[placement.user.username],
            )
        )
    return found
