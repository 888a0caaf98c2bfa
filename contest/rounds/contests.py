"""Contests: create and edit, slugs, who may see what."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from contest.accounts.models import User
from contest.core import audit
from contest.core.errors import InvalidInput, NotFound
from contest.core.extensions import db
from contest.rounds.models import (
    BlueprintItem,
    Contest,
    ContestStatus,
    RankingMode,
    Round,
)
from questions.importer.text import fold

SLUG_MAX = 80
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REGISTRATION_FIELDS = ("unit", "locality", "email")
REGISTRATION_FIELD_LABELS = {
    "unit": _l("Cơ quan, đơn vị"),
    "locality": _l("Địa phương (xã, phường)"),
    "email": _l("Email"),
}
EDITABLE = (
    "title",
    "slug",
    "description",
    "rules",
    "organizing_unit",
    "status",
    "min_age",
    "required_fields",
    "ranking_mode",
)


def slugify(text: str) -> str:
    """ "Cuộc thi Tìm hiểu Pháp luật 2026" → "cuoc-thi-tim-hieu-phap-luat-2026"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:SLUG_MAX].rstrip("-")


def _unique_slug(base: str, exclude_id: int | None = None) -> str:
    base = base or "cuoc-thi"
    taken = set(
        db.session.scalars(
            select(Contest.slug).where(
                Contest.slug.like(f"{base}%"), Contest.id != (exclude_id or 0)
            )
        )
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        suffix = f"-{number}"
        slug = base[: SLUG_MAX - len(suffix)].rstrip("-") + suffix
    return slug


def get_contest(contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id)
    if contest is None:
        raise NotFound()
    return contest


def visible_contest(contest_id: int, user: User | None) -> Contest:
    """The contest if this user may read it: staff see drafts, everyone else only published ones."""
    contest = get_contest(contest_id)
    if contest.status == ContestStatus.DRAFT and not (user is not None and user.is_staff):
        raise NotFound()
    return contest


def contests_query(*, include_drafts: bool) -> Select:
    """Newest first, with rounds and their questions loaded for the listing (no N+1)."""
    query = (
        select(Contest)
        .options(
            selectinload(Contest.rounds)
            .selectinload(Round.blueprint)
            .joinedload(BlueprintItem.topic),
            selectinload(Contest.rounds).selectinload(Round.fixed_questions),
            selectinload(Contest.groups),
        )
        .order_by(Contest.created_at.desc(), Contest.id.desc())
    )
    if not include_drafts:
        query = query.where(Contest.status == ContestStatus.PUBLISHED)
    return query


def contest_settings(contest: Contest) -> dict[str, Any]:
    """The editable fields as JSON values, for the audit log."""
    values = {name: getattr(contest, name) for name in EDITABLE}
    return {name: getattr(value, "value", value) for name, value in values.items()}


def _parse(data: dict[str, Any], errors: dict[str, str], contest: Contest | None) -> dict[str, Any]:
    """The fields present in `data`, validated; problems go to `errors`."""
    values: dict[str, Any] = {}
    if "title" in data or contest is None:
        title = " ".join(str(data.get("title") or "").split())
        if not title:
            errors["title"] = str(_l("Vui lòng nhập tên cuộc thi."))
        elif len(title) > 255:
            errors["title"] = str(_l("Tên cuộc thi tối đa 255 ký tự."))
        values["title"] = title
    if str(data.get("slug") or "").strip():
        values["slug"] = _parse_slug(str(data["slug"]).strip().lower(), errors, contest)
    for name, limit in (("description", 5000), ("rules", 50000), ("organizing_unit", 255)):
        if name in data:
            values[name] = str(data[name] or "").strip()
            if len(values[name]) > limit:
                errors[name] = str(_l("Tối đa %(n)s ký tự.", n=limit))
    if "status" in data:
        values["status"] = _enum(ContestStatus, data["status"], "status", errors)
    if "ranking_mode" in data:
        values["ranking_mode"] = _enum(RankingMode, data["ranking_mode"], "ranking_mode", errors)
    if "min_age" in data:
        values["min_age"] = _parse_min_age(data["min_age"], errors)
    if "required_fields" in data:
        values["required_fields"] = _parse_required_fields(data["required_fields"], errors)
    return values


def _parse_slug(slug: str, errors: dict[str, str], contest: Contest | None) -> str:
    if len(slug) > SLUG_MAX or not SLUG_PATTERN.match(slug):
        errors["slug"] = str(
            _l(
                "Đường dẫn chỉ gồm chữ thường không dấu, chữ số và dấu gạch nối "
                "(tối đa %(n)s ký tự).",
                n=SLUG_MAX,
            )
        )
        return slug
    owner = db.session.scalar(select(Contest.id).where(Contest.slug == slug))
    if owner is not None and (contest is None or owner != contest.id):
        errors["slug"] = str(_l("Đường dẫn “%(s)s” đã được dùng cho cuộc thi khác.", s=slug))
    return slug


def _enum(enum_cls, value: Any, name: str, errors: dict[str, str]):
    try:
        return enum_cls(str(value or "").strip())
    except ValueError:
        choices = ", ".join(member.value for member in enum_cls)
        errors[name] = str(_l("Giá trị không hợp lệ; chọn một trong: %(c)s.", c=choices))
        return None


def _parse_min_age(value: Any, errors: dict[str, str]) -> int | None:
    if value in (None, ""):
        return None
    try:
        age = int(str(value).strip())
    except ValueError:
        age = -1
    if isinstance(value, bool) or not 0 <= age <= 120:
        errors["min_age"] = str(_l("Độ tuổi tối thiểu phải là số từ 0 đến 120, hoặc để trống."))
        return None
    return age


def _parse_required_fields(value: Any, errors: dict[str, str]) -> list[str]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        items = [None]
    fields = [str(item).strip() for item in items if str(item).strip()]
    unknown = [f for f in fields if f not in REGISTRATION_FIELDS]
    if unknown:
        errors["required_fields"] = str(
            _l(
                "Trường đăng ký không hợp lệ: %(f)s; chọn trong: %(c)s.",
                f=", ".join(unknown),
                c=", ".join(REGISTRATION_FIELDS),
            )
        )
    return [f for f in REGISTRATION_FIELDS if f in fields]


def create_contest(data: dict[str, Any], *, created_by: User | None = None) -> Contest:
    """Validate and create a contest; the slug comes from the title when not given."""
    errors: dict[str, str] = {}
    values = _parse(data, errors, None)
    if errors:
        raise InvalidInput.for_fields(errors)
    values.setdefault("slug", _unique_slug(slugify(values["title"])))
    contest = Contest(created_by_id=created_by.id if created_by else None, **values)
    db.session.add(contest)
    db.session.flush()
    audit.record("contests.create", "contest", contest.id, after=contest_settings(contest))
    return contest


def update_contest(contest: Contest, data: dict[str, Any]) -> Contest:
    """Change the fields given in `data`; the audit entry holds only what changed."""
    errors: dict[str, str] = {}
    values = _parse(data, errors, contest)
    if errors:
        raise InvalidInput.for_fields(errors)
    before = contest_settings(contest)
    for name, value in values.items():
        setattr(contest, name, value)
    db.session.flush()
    after = contest_settings(contest)
    changed = sorted(name for name in after if after[name] != before[name])
    if changed:
        audit.record(
            "contests.update",
            "contest",
            contest.id,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return contest
