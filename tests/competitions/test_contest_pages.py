"""The organiser's skills-contest pages (trades, rounds, score grid) and awards to teams/people."""

import datetime as dt

import pytest
from django.urls import reverse

from gonghui.competitions import services
from gonghui.competitions.models import Award, AwardCheck, Competition, Round, RoundScore
from gonghui.orgs.models import Team
from tests.factories import make_member, make_person

from .helpers import safety_competition


@pytest.fixture
def skills(world):
    comp = services.competition_create(
        by=world.clerk,
        name="太华镇2026年职工技能竞赛",
        kind=Competition.Kind.SKILLS,
        organiser=world.town,
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2026, 11, 30),
    )
    for org in (world.union_a, world.union_b):
        services.participant_add(by=world.clerk, competition=comp, org=org)
    return comp


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_organiser_adds_trade_round_and_scores_then_ranks_show(world, client, skills):
    client.force_login(world.clerk)
    add = reverse("competitions:contest_setup", kwargs={"pk": skills.pk, "what": "trade"})
    response = client.post(add, {"name": "中式烹饪", "rounds": "初赛、决赛"})
    assert response.status_code == 302
    trade = skills.trades.get()
    assert [r.name for r in trade.rounds.all()] == ["初赛", "决赛"]
    # the same trade twice is refused with a message, not a server error
    response = client.post(add, {"name": "中式烹饪", "rounds": "初赛"}, follow=True)
    assert "本竞赛已有项目“中式烹饪”" in response.content.decode()
    assert skills.trades.count() == 1

    # a third round goes after the two it has and becomes the round that ranks
    response = client.post(
        reverse("competitions:contest_setup", kwargs={"pk": skills.pk, "what": "round"}),
        {"trade": trade.pk, "name": "总决赛", "held_on": "2026-10-18"},
    )
    assert response.status_code == 302
    final = Round.objects.get(trade=trade, name="总决赛")
    assert final.order == 3 and final.held_on == dt.date(2026, 10, 18)

    part_a = skills.participants.get(org=world.union_a)
    part_b = skills.participants.get(org=world.union_b)
    people = {}
    for name, part in (("王强", part_a), ("李明", part_b), ("赵刚", part_a)):
        people[name] = services.contestant_add(
            by=world.clerk, trade=trade, participant=part, person=make_person(name)
        )

    grid = reverse("competitions:round_scores", kwargs={"pk": skills.pk, "round": final.pk})
    page = client.get(grid).content.decode()
    assert page.count('type="number"') == 3 and "王强" in page and "杭坑村工会" in page
    c = {n: x.pk for n, x in people.items()}
    # a negative score is refused and nothing is saved
    response = client.post(grid, {f"score_{c['王强']}": "-1", f"score_{c['李明']}": "80"})
    assert response.status_code == 200 and not RoundScore.objects.exists()
    # 赵刚 left blank: no score for him
    response = client.post(grid, {f"score_{c['王强']}": "91.5", f"score_{c['李明']}": "96"})
    assert response.status_code == 302
    assert response["Location"] == reverse("competitions:contest", kwargs={"pk": skills.pk})
    assert dict(RoundScore.objects.values_list("contestant__person__name", "score")) == {
        "王强": 91.5,
        "李明": 96,
    }
    # re-entering the grid corrects a score rather than adding one
    client.post(grid, {f"score_{c['王强']}": "97"})
    assert RoundScore.objects.count() == 2
    services.contestant_certify(
        by=world.clerk, contestant=people["王强"], grade=3
    )  # 高级工, shown beside the rank

    page = client.get(reverse("competitions:contest", kwargs={"pk": skills.pk})).content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("</tr>")
    assert "王强" in rows[0] and ">1<" in rows[0] and "97" in rows[0] and "高级工" in rows[0]
    assert "李明" in rows[1] and ">2<" in rows[1] and "96" in rows[1]
    assert "赵刚" in rows[2] and "—" in rows[2]


def test_contest_pages_are_for_the_organisers_staff(world, client, skills):
    trade = services.trade_add(by=world.clerk, competition=skills, name="电工")
    rnd = trade.rounds.first()
    grid = reverse("competitions:round_scores", kwargs={"pk": skills.pk, "round": rnd.pk})
    add = reverse("competitions:contest_setup", kwargs={"pk": skills.pk, "what": "round"})
    for who in ("chair_a", "chair_b", "viewer", "approver"):
        client.force_login(getattr(world, who))
        assert client.get(grid).status_code == 403
        assert client.post(add, {"trade": trade.pk, "name": "复赛"}).status_code == 403
        page = client.get(reverse("competitions:contest", kwargs={"pk": skills.pk}))
        assert "添加竞赛项目" not in page.content.decode()
    assert trade.rounds.count() == 2
    # a round of another competition is not reachable through this one
    other = safety_competition(world)
    client.force_login(world.clerk)
    url = reverse("competitions:round_scores", kwargs={"pk": other.pk, "round": rnd.pk})
    assert client.get(url).status_code == 404


def _confirm_all(client, award, *, found=None):
    url = reverse("competitions:award", kwargs={"pk": award.pk})
    for kind in services.REQUIRED_CHECKS:
        client.post(url, {"action": "check", "kind": kind, "found": "1" if kind == found else "0"})


def _propose(client, comp, **fields):
    data = {
        "title": Award.Title.WINNING_TEAM,
        "level": Award.Level.TOWN,
        "year": "2026",
        "participant": comp.participants.get(org=fields.pop("org")).pk,
        "achievement": "",
        **fields,
    }
    return client.post(reverse("competitions:awards", kwargs={"pk": comp.pk}), data)


def test_award_to_a_team_is_granted_only_after_the_checks(world, client, skills):
    team = Team.objects.create(org=world.union_a, name="织造甲班")
    client.force_login(world.clerk)
    response = _propose(client, skills, org=world.union_a, recipient="team", team=team.pk)
    award = Award.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("competitions:award", kwargs={"pk": award.pk})
    assert award.team == team and award.person is None and award.org == world.union_a
    assert award.recipient_kind == "班组"

    url = reverse("competitions:award", kwargs={"pk": award.pk})
    # granting before the exclusions are confirmed is refused
    response = client.post(url, {"action": "grant"}, follow=True)
    assert "尚未核查“拖欠职工工资”" in response.content.decode()
    award.refresh_from_db()
    assert award.status == Award.Status.PROPOSED

    _confirm_all(client, award)
    assert award.checks.count() == len(services.REQUIRED_CHECKS)
    client.post(url, {"action": "grant"})
    award.refresh_from_db()
    assert award.status == Award.Status.AWARDED
    page = client.get(reverse("competitions:awards", kwargs={"pk": skills.pk})).content.decode()
    assert f"{team}（班组）" in page
    assert "已授予" in page


def test_award_to_a_person_by_id_number_and_by_name(world, client, skills):
    client.force_login(world.clerk)
    worker = make_member(world.union_a, "陈静").person
    response = _propose(
        client,
        skills,
        org=world.union_a,
        title=Award.Title.OPERATOR,
        recipient="person",
        id_number=worker.id_number.lower(),
    )
    assert response.status_code == 302
    by_id = Award.objects.get()
    assert by_id.person == worker and by_id.recipient_kind == "个人"

    # by name within the unit: a member of union_b of that name is not confused with her
    make_member(world.union_b, "陈静")
    response = _propose(
        client,
        skills,
        org=world.union_a,
        title=Award.Title.ORGANISER,
        recipient="person",
        person_name="陈静",
    )
    assert response.status_code == 302
    by_name = Award.objects.latest("id")
    assert by_name.person == worker

    # an exclusion found blocks the grant
    _confirm_all(client, by_name, found=AwardCheck.Kind.SAFETY_ACCIDENT)
    response = client.post(
        reverse("competitions:award", kwargs={"pk": by_name.pk}), {"action": "grant"}, follow=True
    )
    assert "存在“三年内发生安全生产事故”情形" in response.content.decode()
    by_name.refresh_from_db()
    assert by_name.status == Award.Status.PROPOSED

    _confirm_all(client, by_id)
    client.post(reverse("competitions:award", kwargs={"pk": by_id.pk}), {"action": "grant"})
    page = client.get(reverse("competitions:awards", kwargs={"pk": skills.pk})).content.decode()
    assert "陈静（个人）" in page and "已授予" in page and "推荐中" in page


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"recipient": "person", "person_name": "无此人"}, "没有名为 无此人 的在册会员或选手"),
        ({"recipient": "person", "id_number": "110101199003070000"}, "末尾为 000"),
        ({"recipient": "person"}, "请填写个人的身份证号码，或姓名"),
        ({"recipient": "team"}, "请选择班组"),
    ],
)
def test_award_recipient_errors_are_shown(world, client, skills, fields, error):
    client.force_login(world.clerk)
    response = _propose(client, skills, org=world.union_a, **fields)
    assert response.status_code == 200 and error in response.content.decode()
    assert not Award.objects.exists()


def test_team_of_another_unit_and_namesakes_are_refused(world, client, skills):
    team_b = Team.objects.create(org=world.union_b, name="维修班")
    make_member(world.union_a, "刘洋")
    make_member(world.union_a, "刘洋")
    client.force_login(world.clerk)
    response = _propose(client, skills, org=world.union_a, recipient="team", team=team_b.pk)
    assert "不属于 桥涯村工会" in response.content.decode()
    response = _propose(client, skills, org=world.union_a, recipient="person", person_name="刘洋")
    assert "有多人名为 刘洋，请填写身份证号码" in response.content.decode()
    assert not Award.objects.exists()


def test_only_the_organisers_staff_propose(world, client, skills):
    team = Team.objects.create(org=world.union_a, name="织造甲班")
    for who in ("chair_a", "chair_b", "viewer", "approver"):
        client.force_login(getattr(world, who))
        response = _propose(client, skills, org=world.union_a, recipient="team", team=team.pk)
        assert response.status_code == 403
    assert not Award.objects.exists()
