"""The permission matrix: every role × every action × own unit / other unit / parent.

The expected table is written out here by hand, from the roles' descriptions in the
issue, so a change to org.access that grants or removes a right fails a test that names
the role, the action and the unit."""

import pytest

from kinerja.org import access
from kinerja.org.access import Action
from kinerja.org.models import Unit

A = Action
# What each demo user may do in their own unit (BSPJI Palembang). The reviewer (bskji)
# holds their role in the parent unit; their row is what they may do in Palembang.
OWN_UNIT = {
    "admin": set(A),  # superuser: the system administrator
    "perencana": {A.VIEW, A.ENTER, A.REOPEN, A.PLAN, A.BUDGET, A.REPORT, A.SELF_ASSESS},
    "pic": {A.VIEW, A.ENTER},
    "koordinator": {A.VIEW, A.VERIFY},
    "kepala": {A.VIEW, A.APPROVE, A.REOPEN, A.REPORT, A.FINALIZE},
    "keuangan": {A.VIEW, A.BUDGET},
    "bskji": {A.VIEW},
    # The SAKIP evaluator holds their role in the ministry: reads every unit below it;
    # scoring (EVALUATE) is a right over a unit below (access.can_over), tested apart.
    "evaluator": {A.VIEW},
    "luar": set(),  # planner of BSPJI Pontianak: nothing at all in Palembang
}


@pytest.fixture
def users(db):
    """The demo's accounts on a bare unit tree (no plans needed: rights are about units
    and indicator codes), so the hundred-odd cases below stay fast."""
    from django.contrib.auth import get_user_model

    from kinerja.demo.services import ensure_demo_accounts
    from kinerja.org.choices import Role, UnitKind
    from kinerja.org.models import Membership

    ministry = Unit.objects.create(code="kemenperin", name="Kemenperin", kind=UnitKind.MINISTRY)
    bskji = Unit.objects.create(code="bskji", name="BSKJI", kind=UnitKind.ECHELON1, parent=ministry)
    for code in ("bspji-palembang", "bspji-pontianak"):
        Unit.objects.create(code=code, name=code, kind=UnitKind.SATKER, parent=bskji)
    out = {u.username: u for u in ensure_demo_accounts("uji-kinerja-2023")}
    outsider = get_user_model().objects.create_user("luar")
    Membership.objects.create(
        user=outsider, unit=Unit.objects.get(code="bspji-pontianak"), role=Role.PLANNER
    )
    out["luar"] = outsider
    return out


@pytest.fixture
def palembang(users):
    return Unit.objects.get(code="bspji-palembang")


@pytest.mark.parametrize("username", sorted(OWN_UNIT))
@pytest.mark.parametrize("action", list(Action), ids=str)
def test_rights_in_palembang(users, palembang, username, action):
    user = users[username]
    assert access.can(user, action, palembang) is (action in OWN_UNIT[username]), (
        f"{username} {'should' if action in OWN_UNIT[username] else 'should not'} {action}"
    )


@pytest.mark.parametrize("username", sorted(set(OWN_UNIT) - {"admin", "luar"}))
@pytest.mark.parametrize("action", list(Action), ids=str)
def test_nobody_acts_in_another_unit(users, username, action):
    """Palembang's people have no right at all in Pontianak, a sibling unit — except the
    BSKJI reviewer, who reads (only reads) every unit below BSKJI."""
    pontianak = Unit.objects.get(code="bspji-pontianak")
    expected = username in ("bskji", "evaluator") and action == Action.VIEW
    assert access.can(users[username], action, pontianak) is expected


@pytest.mark.parametrize("action", list(Action), ids=str)
def test_the_outsider_keeps_their_own_rights_at_home(users, action):
    pontianak = Unit.objects.get(code="bspji-pontianak")
    expected = action in {A.VIEW, A.ENTER, A.REOPEN, A.PLAN, A.BUDGET, A.REPORT, A.SELF_ASSESS}
    assert access.can(users["luar"], action, pontianak) is expected


@pytest.mark.parametrize(
    ("username", "action", "expected"),
    [
        ("evaluator", A.EVALUATE, True),  # from the ministry, over a unit below
        ("evaluator", A.EVALUATION_APPROVE, False),
        ("bskji", A.EVALUATION_APPROVE, True),  # the parent body's final review
        ("bskji", A.EVALUATE, False),
        ("perencana", A.EVALUATE, False),  # nobody evaluates their own unit
        ("kepala", A.EVALUATION_APPROVE, False),
        ("admin", A.EVALUATE, False),  # a superuser who is a member of Palembang neither
        ("luar", A.EVALUATE, False),
    ],
)
def test_evaluation_rights_over_units_below(users, palembang, username, action, expected):
    assert access.can_over(users[username], action, palembang) is expected


def test_the_evaluator_evaluates_no_unit_they_are_a_member_of(users, palembang):
    from kinerja.org.choices import Role
    from kinerja.org.models import Membership

    evaluator = users["evaluator"]
    Membership.objects.create(user=evaluator, unit=palembang, role=Role.VIEWER)
    access.forget(evaluator)
    assert not access.can_over(evaluator, A.EVALUATE, palembang)
    kemenperin = Unit.objects.get(code="kemenperin")
    assert not access.can_over(evaluator, A.EVALUATE, kemenperin)  # their own unit


def test_the_reviewer_reviews_the_parent_but_reads_only_below(users):
    bskji = Unit.objects.get(code="bskji")
    reviewer = users["bskji"]
    assert access.can(reviewer, Action.REVIEW, bskji)
    assert access.can(reviewer, Action.VIEW, bskji)
    assert not access.can(reviewer, Action.PLAN, bskji)
    # Members of a child unit do not see their parent's data.
    assert not access.can(users["perencana"], Action.VIEW, bskji)
    assert not access.can(users["kepala"], Action.REVIEW, bskji)


@pytest.mark.parametrize(
    ("username", "code", "expected"),
    [
        ("pic", "SK3.1", True),  # assigned to them
        ("pic", "SK5.1", False),  # somebody else's indicator
        ("perencana", "SK5.1", True),  # the planning team may enter any indicator
        ("koordinator", "SK3.1", False),
        ("kepala", "SK3.1", False),
        ("luar", "SK3.1", False),
    ],
)
def test_entering_one_indicator(users, palembang, username, code, expected):
    assert access.can(users[username], Action.ENTER, palembang, indicator_code=code) is expected


def test_anonymous_and_inactive_users_have_no_rights(users, palembang):
    from django.contrib.auth.models import AnonymousUser

    assert not any(access.can(AnonymousUser(), a, palembang) for a in Action)
    kepala = users["kepala"]
    kepala.is_active = False
    kepala.save()
    access.forget(kepala)
    assert not any(access.can(kepala, a, palembang) for a in Action)


def test_visible_units_follow_memberships(users):
    def codes(user):
        return set(Unit.objects.for_user(user).values_list("code", flat=True))

    assert codes(users["pic"]) == {"bspji-palembang"}
    assert codes(users["luar"]) == {"bspji-pontianak"}
    below_bskji = codes(users["bskji"])
    assert {"bskji", "bspji-palembang", "bspji-pontianak"} <= below_bskji
    assert "kemenperin" not in below_bskji  # the ministry above is not theirs
    assert codes(users["admin"]) == set(Unit.objects.values_list("code", flat=True))


def test_rights_are_read_once_per_user_object(users, palembang, django_assert_num_queries):
    pic = users["pic"]
    access.forget(pic)
    with django_assert_num_queries(2):  # memberships, assignments
        for action in Action:
            access.can(pic, action, palembang)
            access.can(pic, Action.ENTER, palembang, indicator_code="SK3.1")
