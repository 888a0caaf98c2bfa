"""Rankings, prizes, integrity and exports: judge pages, public leaderboards and the widget."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from contest.access import JUDGE_ROLES, ORGANIZER_ROLES, RESULTS_ROLES, roles_required
from contest.clock import utcnow
from contest.errors import ContestError, Forbidden, InvalidInput
from contest.extensions import db
from contest.models import Board, Contest, ExportJob, Question
from contest.services import integrity, jobs, prizes, rankings, regrade, statistics
from contest.views.forms import EmptyForm

bp = Blueprint("results", __name__)
PER_PAGE = 50


class TiersForm(FlaskForm):
    tiers = TextAreaField(_l("Cơ cấu giải"), validators=[DataRequired()])
    one_prize_per_person = BooleanField(
        _l("Mỗi người chỉ nhận một giải trong cuộc thi"), default=True
    )


class ExcludeForm(FlaskForm):
    user_id = IntegerField(_l("Mã thí sinh"), validators=[DataRequired()])
    reason = TextAreaField(_l("Lý do loại (bắt buộc)"), validators=[DataRequired()])


class RegradeForm(FlaskForm):
    question_id = IntegerField(_l("Mã câu hỏi"), validators=[DataRequired()])
    apply = BooleanField(_l("Áp dụng (bỏ chọn để chạy thử)"))


class ExportForm(FlaskForm):
    kind = SelectField(_l("Dữ liệu"), choices=[(k, v) for k, v in jobs.LIST_NAMES.items()])
    fmt = SelectField(_l("Định dạng"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV (.csv)")])


class ReasonForm(FlaskForm):
    reason = StringField(_l("Lý do"), validators=[Optional()])


def _page() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def _back(endpoint: str, **values):
    return redirect(url_for(endpoint, **values))


def _run(action, success: str) -> bool:
    """Run a service action for a form post: commit and flash, or roll back and flash the error."""
    try:
        action()
    except ContestError as error:
        db.session.rollback()
        flash(error.message, "error")
        return False
    db.session.commit()
    flash(success, "success")
    return True


# --- public -------------------------------------------------------------------------------


@bp.get("/rounds/<int:round_id>/leaderboard")
def public_leaderboard(round_id: int):
    """The round's leaderboard as this visitor may see it (names masked but their own)."""
    round = rankings.visible_round(round_id, current_user)
    page = _page()
    view = rankings.leaderboard_view(
        round, current_user, offset=(page - 1) * PER_PAGE, limit=PER_PAGE
    )
    me = current_user.id if current_user.is_authenticated else None
    mine = rankings.leaderboard_view(round, current_user, own=me).lines if me else []
    db.session.commit()  # keep a snapshot rebuilt for this view
    return render_template(
        "results/public_leaderboard.html",
        round=round,
        view=view,
        page=page,
        per_page=PER_PAGE,
        me=me,
        mine=mine[0] if mine else None,
        public_name=rankings.public_name,
    )


@bp.get("/contests/<slug>/widget")
def widget(slug: str):
    """An embeddable page (iframe) with the current round and the top of its leaderboard."""
    contest = rankings.published_contest(slug)
    limit = request.args.get("limit", "10")
    feed = rankings.public_feed(
        contest, int(limit) if limit.isdigit() and 0 < int(limit) <= 50 else 10
    )
    db.session.commit()
    response = current_app.make_response(
        render_template(
            "results/widget.html", feed=feed, now=utcnow(), public_name=rankings.public_name
        )
    )
    ancestors = current_app.config.get("WIDGET_FRAME_ANCESTORS", "*")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
        f"object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}"
    )
    # No standard X-Frame-Options value allows every site; browsers ignore unknown values and
    # obey the CSP frame-ancestors above, so this only replaces the site-wide DENY.
    response.headers["X-Frame-Options"] = "ALLOWALL"
    return response


# --- the judges' round pages ------------------------------------------------------------------


def _staff_round(round_id: int):
    return rankings.visible_round(round_id, current_user)


@bp.get("/results/rounds/<int:round_id>")
@roles_required(*RESULTS_ROLES)
def round_leaderboard(round_id: int):
    round = _staff_round(round_id)
    page = _page()
    view = rankings.leaderboard_view(
        round, current_user, offset=(page - 1) * PER_PAGE, limit=PER_PAGE
    )
    db.session.commit()
    return render_template(
        "results/round.html",
        round=round,
        view=view,
        page=page,
        per_page=PER_PAGE,
        prize_names=jobs.prize_names(round),
        form=EmptyForm(),
        now=utcnow(),
    )


@bp.post("/results/rounds/<int:round_id>/rebuild")
@roles_required(*RESULTS_ROLES)
def rebuild(round_id: int):
    round = _staff_round(round_id)
    if EmptyForm().validate_on_submit():
        _run(lambda: rankings.rebuild_snapshot(round, Board.LIVE), _("Đã cập nhật bảng xếp hạng."))
    return _back("results.round_leaderboard", round_id=round.id)


@bp.post("/results/rounds/<int:round_id>/prediction")
@roles_required(*JUDGE_ROLES)
def recount_prediction(round_id: int):
    round = _staff_round(round_id)
    if EmptyForm().validate_on_submit():
        _run(
            lambda: rankings.recompute_prediction_actual(round), _("Đã đếm lại đáp án câu dự đoán.")
        )
    return _back("results.round_leaderboard", round_id=round.id)


@bp.get("/results/contests/<int:contest_id>")
@roles_required(*RESULTS_ROLES)
def contest_leaderboard(contest_id: int):
    contest = rankings.visible_contest(contest_id, current_user)
    group = request.args.get("group", "")
    group_id = (
        int(group) if group.isdigit() and int(group) in {g.id for g in contest.groups} else None
    )
    page = _page()
    rows, total = rankings.contest_standings(
        contest, group_id, offset=(page - 1) * PER_PAGE, limit=PER_PAGE
    )
    db.session.commit()
    return render_template(
        "results/contest.html",
        contest=contest,
        rows=rows,
        total=total,
        page=page,
        per_page=PER_PAGE,
        group_id=group_id,
    )


# --- prizes -------------------------------------------------------------------------------------


def parse_tiers(text: str, contest) -> list[prizes.TierInput]:
    """Lines "Giải nhất; 1" or "Giải nhất; 1; Học sinh" (tier; count; participant group)."""
    groups = {g.name.casefold(): g.id for g in contest.groups}
    tiers = []
    for number, line in enumerate(filter(None, (raw.strip() for raw in text.splitlines())), 1):
        parts = [part.strip() for part in line.split(";")]
        if len(parts) not in (2, 3) or not parts[1].isdigit():
            raise InvalidInput(
                _l(
                    "Dòng %(n)s: cần dạng \u201cTên giải; số lượng\u201d hoặc "
                    "\u201cTên giải; số lượng; nhóm\u201d.",
                    n=number,
                )
            )
        group_id = None
        if len(parts) == 3 and parts[2]:
            if parts[2].casefold() not in groups:
                raise InvalidInput(
                    _l(
                        "Dòng %(n)s: không có nhóm đối tượng \u201c%(g)s\u201d.",
                        n=number,
                        g=parts[2],
                    )
                )
            group_id = groups[parts[2].casefold()]
        tiers.append(prizes.TierInput(parts[0], int(parts[1]), group_id))
    return tiers


def tiers_text(result) -> str:
    if result is None:
        return "Giải nhất; 1\nGiải nhì; 3\nGiải ba; 5\nGiải khuyến khích; 10"
    groups = {g.id: g.name for g in db.session.get(Contest, result.contest_id).groups}
    return "\n".join(
        f"{t.name}; {t.count}" + (f"; {groups[t.group_id]}" if t.group_id else "")
        for t in result.tiers
    )


def _prize_page(contest, round):
    result = prizes.result_for(contest, round)
    form = TiersForm(
        tiers=tiers_text(result),
        one_prize_per_person=result.one_prize_per_person if result else True,
    )
    return render_template(
        "results/prizes.html",
        contest=contest,
        round=round,
        result=result,
        form=form,
        exclude_form=ExcludeForm(),
        button=EmptyForm(),
        reason_form=ReasonForm(),
        approvers={
            a.judge_id for a in result.approvals if a.proposal_sha256 == result.proposal_sha256
        }
        if result
        else set(),
        can_judge=current_user.role in JUDGE_ROLES,
    )


def _save_tiers(contest, round):
    form = TiersForm()
    if form.validate_on_submit():
        _run(
            lambda: prizes.define_prizes(
                contest,
                round,
                parse_tiers(form.tiers.data, contest),
                one_prize_per_person=form.one_prize_per_person.data,
            ),
            _("Đã lưu cơ cấu giải và lập danh sách đề xuất."),
        )


@bp.route("/results/rounds/<int:round_id>/prizes", methods=["GET", "POST"])
@roles_required(*RESULTS_ROLES)
def round_prizes(round_id: int):
    round = _staff_round(round_id)
    if request.method == "POST":
        _save_tiers(round.contest, round)
        return _back("results.round_prizes", round_id=round.id)
    return _prize_page(round.contest, round)


@bp.route("/results/contests/<int:contest_id>/prizes", methods=["GET", "POST"])
@roles_required(*RESULTS_ROLES)
def contest_prizes(contest_id: int):
    contest = rankings.visible_contest(contest_id, current_user)
    if request.method == "POST":
        _save_tiers(contest, None)
        return _back("results.contest_prizes", contest_id=contest.id)
    return _prize_page(contest, None)


def _back_to(result):
    if result.round_id:
        return _back("results.round_prizes", round_id=result.round_id)
    return _back("results.contest_prizes", contest_id=result.contest_id)


@bp.post("/results/prize-results/<int:result_id>/propose")
@roles_required(*RESULTS_ROLES)
def propose(result_id: int):
    result = prizes.get_result(result_id)
    if EmptyForm().validate_on_submit():
        _run(lambda: prizes.propose(result), _("Đã lập lại danh sách đề xuất."))
    return _back_to(result)


@bp.post("/results/prize-results/<int:result_id>/exclude")
@roles_required(*JUDGE_ROLES)
def exclude(result_id: int):
    result = prizes.get_result(result_id)
    form = ExcludeForm()
    if form.validate_on_submit():
        _run(
            lambda: prizes.exclude(result, form.user_id.data, form.reason.data, current_user),
            _("Đã loại thí sinh khỏi danh sách giải."),
        )
    else:
        flash(_("Vui lòng nhập mã thí sinh và lý do loại."), "error")
    return _back_to(result)


@bp.post("/results/prize-results/<int:result_id>/reinstate/<int:user_id>")
@roles_required(*JUDGE_ROLES)
def reinstate(result_id: int, user_id: int):
    result = prizes.get_result(result_id)
    form = ReasonForm()
    if form.validate_on_submit():
        _run(
            lambda: prizes.reinstate(result, user_id, form.reason.data or "", current_user),
            _("Đã đưa thí sinh trở lại danh sách xét giải."),
        )
    return _back_to(result)


@bp.post("/results/prize-results/<int:result_id>/approve")
@roles_required(*JUDGE_ROLES)
def approve(result_id: int):
    result = prizes.get_result(result_id)
    if EmptyForm().validate_on_submit():
        _run(lambda: prizes.approve(result, current_user), _("Đã ghi nhận phê duyệt của bạn."))
    return _back_to(result)


# --- integrity, items, statistics, exports ------------------------------------------------------


@bp.get("/results/rounds/<int:round_id>/integrity")
@roles_required(*RESULTS_ROLES)
def integrity_report(round_id: int):
    round = _staff_round(round_id)
    return render_template(
        "results/integrity.html", round=round, flags=integrity.integrity_report(round)
    )


@bp.get("/results/attempts/<int:attempt_id>")
@roles_required(*RESULTS_ROLES)
def attempt_record(attempt_id: int):
    record = integrity.attempt_record(attempt_id)
    return render_template("results/attempt.html", record=record, round=record.round)


@bp.get("/results/rounds/<int:round_id>/items")
@roles_required(*RESULTS_ROLES)
def items(round_id: int):
    round = _staff_round(round_id)
    return render_template(
        "results/items.html",
        round=round,
        items=statistics.item_analysis(round),
        form=RegradeForm(),
        can_apply=current_user.role in ORGANIZER_ROLES,
    )


@bp.post("/results/rounds/<int:round_id>/regrade")
@roles_required(*RESULTS_ROLES)
def regrade_round(round_id: int):
    round = _staff_round(round_id)
    form = RegradeForm()
    if not form.validate_on_submit():
        flash(_("Vui lòng nhập mã câu hỏi."), "error")
        return _back("results.items", round_id=round.id)
    try:
        if form.apply.data and current_user.role not in ORGANIZER_ROLES:
            raise Forbidden(_l("Chỉ ban tổ chức được áp dụng chấm lại."))
        report = regrade.regrade(
            round, form.question_id.data, apply=form.apply.data, actor=current_user
        )
    except ContestError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back("results.items", round_id=round.id)
    db.session.commit()
    return render_template(
        "results/regrade.html",
        round=round,
        report=report,
        question=db.session.get(Question, report.question_id),
        form=form,
        can_apply=current_user.role in ORGANIZER_ROLES,
    )


@bp.get("/results/rounds/<int:round_id>/statistics")
@roles_required(*RESULTS_ROLES)
def round_statistics(round_id: int):
    round = _staff_round(round_id)
    return render_template(
        "results/statistics.html",
        round=round,
        distribution=statistics.score_distribution(round),
        participation=statistics.participation_by_day(round),
        matrix=statistics.facility_by_topic_and_locality(round),
    )


@bp.get("/results/rounds/<int:round_id>/units")
@roles_required(*RESULTS_ROLES)
def units(round_id: int):
    round = _staff_round(round_id)
    kind = "locality" if request.args.get("kind") == "locality" else "unit"
    order = request.args.get("order", "participants")
    lines = statistics.unit_ranking(round.contest, round, kind, order)
    return render_template(
        "results/units.html",
        round=round,
        lines=lines,
        kind=kind,
        order=order,
        orders=statistics.UNIT_ORDERS,
    )


@bp.route("/results/rounds/<int:round_id>/exports", methods=["GET", "POST"])
@roles_required(*RESULTS_ROLES)
def exports_page(round_id: int):
    round = _staff_round(round_id)
    form = ExportForm()
    if form.validate_on_submit():
        _run(
            lambda: jobs.enqueue(round, form.kind.data, form.fmt.data, current_user),
            _("Đã đưa yêu cầu xuất vào hàng đợi; tệp sẽ sẵn sàng khi tác vụ nền chạy xong."),
        )
        return _back("results.exports_page", round_id=round.id)
    recent = (
        db.session.query(ExportJob)
        .filter_by(round_id=round.id)
        .order_by(ExportJob.id.desc())
        .limit(20)
    )
    return render_template(
        "results/exports.html", round=round, form=form, jobs=list(recent), kinds=jobs.LIST_NAMES
    )
