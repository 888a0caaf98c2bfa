"""Query builders for the bank: filters read from a query string, selects to page or stream."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import selectinload

from contest.core.api.schemas import MAX_INT
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from questions.models import Difficulty, Question, QuestionImport, QuestionType, QuestionVersion
from questions.services import search_fold
from questions.topics import find_topic

MAX_PER_PAGE = 200
DEFAULT_PER_PAGE = 50
_TRUE = {"1", "true", "yes", "on", "co", "có"}
_FALSE = {"0", "false", "no", "off", "khong", "không"}


def parse_bool(value: str | None, field: str, default: bool | None = None) -> bool | None:
    """A form or query-string flag ("true", "1", "on" …); "" and absent give the default."""
    if value is None or not value.strip() or value.strip().lower() == "all":
        return default
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidInput.for_fields({field: str(_l("Giá trị phải là true hoặc false."))})


def _positive_int(value: str | None, field: str) -> int | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_INT:
        raise InvalidInput.for_fields({field: str(_l("Giá trị phải là số nguyên dương."))})
    return int(text)


@dataclass(frozen=True)
class QuestionFilters:
    """What a bank list, export or API call is narrowed to; empty fields do not filter."""

    topic: str | None = None  # a topic's name (case and diacritics ignored) or id
    difficulty: Difficulty | None = None
    qtype: QuestionType | None = None
    q: str = ""
    active: bool | None = None
    import_id: int | None = None

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> QuestionFilters:
        """Read ?topic=&difficulty=&type=&q=&active=&import=; 400 for a value not allowed."""
        errors: dict[str, str] = {}
        difficulty = _enum(Difficulty, args.get("difficulty"), "difficulty", errors)
        qtype = _enum(QuestionType, args.get("type"), "type", errors)
        if errors:
            raise InvalidInput.for_fields(errors)
        return cls(
            topic=(args.get("topic") or "").strip() or None,
            difficulty=difficulty,
            qtype=qtype,
            q=(args.get("q") or "").strip(),
            active=parse_bool(args.get("active"), "active"),
            import_id=_positive_int(args.get("import"), "import"),
        )

    def query_args(self) -> dict[str, str]:
        """The filters as query-string arguments (for paging and export links)."""
        args = {
            "topic": self.topic,
            "difficulty": self.difficulty.value if self.difficulty else None,
            "type": self.qtype.value if self.qtype else None,
            "q": self.q or None,
            "active": None if self.active is None else ("true" if self.active else "false"),
            "import": str(self.import_id) if self.import_id else None,
        }
        return {key: value for key, value in args.items() if value is not None}


def _enum(enum_cls, value: str | None, field: str, errors: dict[str, str]):
    if value is None or not value.strip():
        return None
    try:
        return enum_cls(value.strip().lower())
    except ValueError:
        allowed = ", ".join(member.value for member in enum_cls)
        errors[field] = str(
            _l("Giá trị không hợp lệ; dùng một trong: %(allowed)s.", allowed=allowed)
        )
        return None


def question_select(filters: QuestionFilters) -> Select[tuple[Question]]:
    """Questions matching the filters, oldest first, with their current version and options."""
    query = select(Question).options(
        selectinload(Question.current).selectinload(QuestionVersion.options)
    )
    return apply_filters(query, filters).order_by(Question.id)


def apply_filters(query: Select, filters: QuestionFilters) -> Select:
    """Add the WHERE clauses of the filters to a select over Question."""
    if filters.topic is not None:
        topic = find_topic(filters.topic)
        query = query.where(Question.topic_id == topic.id if topic else false())
    if filters.difficulty is not None:
        query = query.where(Question.difficulty == filters.difficulty)
    if filters.qtype is not None:
        query = query.where(Question.qtype == filters.qtype)
    if filters.active is not None:
        query = query.where(Question.active.is_(filters.active))
    if filters.import_id is not None:
        query = query.where(Question.import_id == filters.import_id)
    # search_text is folded; every folded word of the query must appear in it.
    for word in search_fold(filters.q).split():
        query = query.where(Question.search_text.contains(word, autoescape=True))
    return query


@dataclass(frozen=True)
class Page:
    """One page of a list, in the API's paging shape."""

    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def paging(args: Mapping[str, str], default_per_page: int = DEFAULT_PER_PAGE) -> tuple[int, int]:
    """(page, per_page) from ?page=&per_page= ; per_page is at most 200."""
    page = _positive_int(args.get("page"), "page") or 1
    per_page = _positive_int(args.get("per_page"), "per_page") or default_per_page
    if per_page > MAX_PER_PAGE:
        message = str(_l("Mỗi trang tối đa %(n)s mục.", n=MAX_PER_PAGE))
        raise InvalidInput.for_fields({"per_page": message})
    return page, per_page


def paginate(query: Select, page: int, per_page: int) -> Page:
    """Run a select for one page, with the total count of the unpaged select."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(list(items), total or 0, page, per_page)


def import_select() -> Select[tuple[QuestionImport]]:
    """Imports, newest first, with who made and undid them."""
    return (
        select(QuestionImport)
        .options(selectinload(QuestionImport.created_by), selectinload(QuestionImport.undone_by))
        .order_by(QuestionImport.id.desc())
    )
