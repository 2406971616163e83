"""Who may do what, in one place.

Every view, service and queryset asks here; templates only hide what this refuses.
A user's rights come from memberships (a role in one unit). A parent-unit reviewer
also reads every unit below theirs, but writes none of them: nobody writes another
unit's data. Superusers may do everything (the system administrator).

The memberships of a user are read once and kept on the user object, so a request asks
the database once however many checks it makes.
"""

from collections import defaultdict
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .choices import Role
from .models import IndicatorAssignment, Membership, Unit


class Action(StrEnum):
    VIEW = "view"  # the unit's unpublished data: dashboard, entries, plans, audit trail
    ENTER = "enter"  # a quarter's realization, evidence and narrative; submit it
    VERIFY = "verify"  # verify a submitted quarter, or return it with a comment
    APPROVE = "approve"  # approve a verified quarter (it is then locked)
    REOPEN = "reopen"  # reopen an approved quarter or a closed entry window, with a reason
    PLAN = "plan"  # Renstra, targets, agreement drafts, action plan, entry windows
    BUDGET = "budget"  # DIPA/DPA, revisions, lines, spending, outputs, links, PNBP, import
    REPORT = "report"  # narratives; build the LAKIN and other documents
    FINALIZE = "finalize"  # issue a final report
    MEMBERS = "members"  # who has which role in the unit
    REVIEW = "review"  # the parent view: all child units side by side
    SELF_ASSESS = "self_assess"  # answer the unit's own SAKIP evaluation (LKE) and submit it
    # Over the units below (evaluation.services): never in a unit one is a member of.
    EVALUATE = "evaluate"  # score a submitted LKE, return it, write recommendations
    EVALUATION_APPROVE = "evaluation_approve"  # final approval of a scored LKE; close it


ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.ADMIN: frozenset({Action.VIEW, Action.MEMBERS}),
    Role.PLANNER: frozenset(
        {
            Action.VIEW,
            Action.ENTER,
            Action.REOPEN,
            Action.PLAN,
            Action.BUDGET,
            Action.REPORT,
            Action.SELF_ASSESS,
        }
    ),
    Role.OWNER: frozenset({Action.VIEW, Action.ENTER}),  # only their own indicators
    Role.COORDINATOR: frozenset({Action.VIEW, Action.VERIFY}),
    Role.FINANCE: frozenset({Action.VIEW, Action.BUDGET}),
    Role.HEAD: frozenset(
        {Action.VIEW, Action.APPROVE, Action.REOPEN, Action.REPORT, Action.FINALIZE}
    ),
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.REVIEWER: frozenset({Action.VIEW, Action.REVIEW}),
    Role.EVALUATOR: frozenset({Action.VIEW}),
}

# Roles held in a parent unit that reach the units below it, and what they may do there.
PARENT_ROLES = frozenset({Role.REVIEWER, Role.EVALUATOR})
DESCENDANT_ACTIONS: dict[str, frozenset[Action]] = {
    Role.EVALUATOR: frozenset({Action.EVALUATE}),
    Role.REVIEWER: frozenset({Action.EVALUATION_APPROVE}),
}


class _Rights:
    """A user's memberships and indicator assignments, read once."""

    def __init__(self, user):
        self.roles: dict[int, set[str]] = defaultdict(set)
        self.assigned: dict[int, set[str]] = defaultdict(set)
        self.names: dict[int, tuple[str, str]] = {}  # unit id → (code, short name or name)
        if user.is_authenticated and user.is_active:
            for unit_id, code, short, name, role in Membership.objects.filter(
                user=user
            ).values_list("unit_id", "unit__code", "unit__short_name", "unit__name", "role"):
                self.roles[unit_id].add(role)
                self.names[unit_id] = (code, short or name)
            for unit_id, code in IndicatorAssignment.objects.filter(user=user).values_list(
                "unit_id", "indicator_code"
            ):
                self.assigned[unit_id].add(code)

    @property
    def reviews_somewhere(self) -> bool:
        return any(roles & PARENT_ROLES for roles in self.roles.values())

    def actions_in(self, unit_id: int) -> set[Action]:
        out: set[Action] = set()
        for role in self.roles.get(unit_id, ()):
            out |= ROLE_ACTIONS[role]
        return out


def reviewed_units(user) -> list[tuple[str, str]]:
    """(code, name) of the units whose units below ``user`` reviews (the parent view),
    from the memberships already read for the rights: no query of its own."""
    rights = _rights(user)
    return sorted(
        rights.names[unit_id]
        for unit_id, roles in rights.roles.items()
        if Role.REVIEWER in roles and unit_id in rights.names
    )


def _rights(user) -> _Rights:
    rights = getattr(user, "_kinerja_rights", None)
    if rights is None:
        rights = _Rights(user)
        if user.is_authenticated:
            user._kinerja_rights = rights
    return rights


def forget(user) -> None:
    """Drop the cached rights (after a membership of this user changed)."""
    if hasattr(user, "_kinerja_rights"):
        del user._kinerja_rights


def _is_root(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def can(user, action: Action, unit: Unit, indicator_code: str | None = None) -> bool:
    """May ``user`` do ``action`` in ``unit``? For ENTER on one indicator, pass its code:
    an indicator owner may enter only the indicators assigned to them."""
    if _is_root(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    rights = _rights(user)
    # Walking up costs a query per level, so only for users who review somewhere.
    if (
        action == Action.VIEW
        and rights.reviews_somewhere
        and unit.pk not in rights.roles
        and any(rights.roles.get(a.pk, set()) & PARENT_ROLES for a in unit.ancestors())
    ):
        return True
    roles = rights.roles.get(unit.pk, set())
    if action == Action.ENTER and indicator_code is not None:
        if Role.PLANNER in roles:
            return True
        return Role.OWNER in roles and indicator_code in rights.assigned.get(unit.pk, set())
    return action in rights.actions_in(unit.pk)


def is_member(user, unit: Unit) -> bool:
    """Does ``user`` hold any role in ``unit`` itself (whatever it is)?"""
    return bool(user.is_authenticated and unit.pk in _rights(user).roles)


def can_over(user, action: Action, unit: Unit) -> bool:
    """May ``user`` do ``action`` (EVALUATE, EVALUATION_APPROVE) over ``unit`` from a role
    in one of its ancestors? Never in a unit the user is a member of: nobody evaluates
    their own unit (a superuser neither, when a member)."""
    if not (user.is_authenticated and user.is_active) or is_member(user, unit):
        return False
    if _is_root(user):
        return True
    rights = _rights(user)
    if not rights.reviews_somewhere:
        return False
    for ancestor in unit.ancestors():
        for role in rights.roles.get(ancestor.pk, ()):
            if action in DESCENDANT_ACTIONS.get(role, ()):
                return True
    return False


def require(user, action: Action, unit: Unit, indicator_code: str | None = None) -> None:
    """Raise PermissionDenied unless ``can``; views turn it into a 403 page."""
    if not can(user, action, unit, indicator_code):
        raise PermissionDenied


def visible_unit_ids(user) -> set[int] | None:
    """The units whose unpublished data ``user`` may read; None means all of them."""
    if _is_root(user):
        return None
    rights = _rights(user)
    ids = set(rights.roles)
    for unit_id, roles in rights.roles.items():
        if roles & PARENT_ROLES:
            ids |= set(Unit.objects.descendants_of(Unit(pk=unit_id)).values_list("pk", flat=True))
    return ids


def unit_for(user, code: str, action: Action = Action.VIEW) -> Unit:
    """The unit named by ``code`` if ``user`` may do ``action`` there. A unit the user may
    not even read is a 404, so its existence and data do not leak; one they may read
    but not act in is a 403."""
    unit = Unit.objects.select_related("parent").filter(code=code).first()
    if unit is None or not can(user, Action.VIEW, unit):
        raise Http404
    require(user, action, unit)
    return unit


def roles_in(user, unit: Unit) -> list[str]:
    """The user's roles in ``unit`` (for display)."""
    if not user.is_authenticated:
        return []
    return sorted(_rights(user).roles.get(unit.pk, ()))


def assigned_codes(user, unit: Unit) -> set[str]:
    return set(_rights(user).assigned.get(unit.pk, ())) if user.is_authenticated else set()


def rights_by_unit(user) -> dict[int, tuple[set[Action], set[str] | None]]:
    """For each unit ``user`` holds a role in: the actions they may take there and the
    indicator codes they may enter (None: every indicator, as a planner). A superuser
    gets every action in the units they are a member of (their own work, not every
    unit's). Read from the cached memberships: no query after the first."""
    if not (user.is_authenticated and user.is_active):
        return {}
    rights = _rights(user)
    out = {}
    for unit_id, roles in rights.roles.items():
        actions = set(Action) if _is_root(user) else rights.actions_in(unit_id)
        codes = None if Role.PLANNER in roles or _is_root(user) else rights.assigned[unit_id]
        out[unit_id] = (actions, codes)
    return out
