"""Prize pages for the judges: tiers, the proposed list, exclusions, approvals."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from contest.core.access import JUDGE_ROLES, RESULTS_ROLES, roles_required
from contest.core.errors import InvalidInput
from contest.core.extensions import db
from contest.core.forms import EmptyForm, submit_action
from contest.prizes import decisions, proposal, unlock
from contest.ranking.board_access import visible_contest, visible_round
from contest.rounds.models import Contest

bp = Blueprint("prizes", __name__)


class TiersForm(FlaskForm):
    tiers = TextAreaField(_l("Cơ cấu giải"), validators=[DataRequired()])
    one_prize_per_person = BooleanField(
        _l("Mỗi người chỉ nhận một giải trong cuộc thi"), default=True
    )


class ExcludeForm(FlaskForm):
    user_id = IntegerField(_l("Mã thí sinh"), validators=[DataRequired()])
    reason = TextAreaField(_l("Lý do loại (bắt buộc)"), validators=[DataRequired()])


class ReasonForm(FlaskForm):
    reason = StringField(_l("Lý do"), validators=[Optional()])


def parse_tiers(text: str, contest) -> list[proposal.TierInput]:
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
        tiers.append(proposal.TierInput(parts[0], int(parts[1]), group_id))
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
    result = proposal.result_for(contest, round)
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
        unlock_request=unlock.pending_unlock(result) if result else None,
    )


def _save_tiers(contest, round):
    form = TiersForm()
    if form.validate_on_submit():
        submit_action(
            lambda: proposal.define_prizes(
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
    round = visible_round(round_id, current_user)
    if request.method == "POST":
        _save_tiers(round.contest, round)
        return redirect(url_for("prizes.round_prizes", round_id=round.id))
    return _prize_page(round.contest, round)


@bp.route("/results/contests/<int:contest_id>/prizes", methods=["GET", "POST"])
@roles_required(*RESULTS_ROLES)
def contest_prizes(contest_id: int):
    contest = visible_contest(contest_id, current_user)
    if request.method == "POST":
        _save_tiers(contest, None)
        return redirect(url_for("prizes.contest_prizes", contest_id=contest.id))
    return _prize_page(contest, None)


def _back_to(result):
    if result.round_id:
        return redirect(url_for("prizes.round_prizes", round_id=result.round_id))
    return redirect(url_for("prizes.contest_prizes", contest_id=result.contest_id))


@bp.post("/results/prize-results/<int:result_id>/propose")
@roles_required(*RESULTS_ROLES)
def propose(result_id: int):
    result = proposal.get_result(result_id)
    if EmptyForm().validate_on_submit():
        submit_action(lambda: proposal.propose(result), _("Đã lập lại danh sách đề xuất."))
    return _back_to(result)


@bp.post("/results/prize-results/<int:result_id>/exclude")
@roles_required(*JUDGE_ROLES)
def exclude(result_id: int):
    result = proposal.get_result(result_id)
    form = ExcludeForm()
    if form.validate_on_submit():
        submit_action(
            lambda: decisions.exclude(result, form.user_id.data, form.reason.data, current_user),
            _("Đã loại thí sinh khỏi danh sách giải."),
        )
    else:
        flash(_("Vui lòng nhập mã thí sinh và lý do loại."), "error")
    return _back_to(result)


@bp.post("/results/prize-results/<int:result_id>/reinstate/<int:user_id>")
@roles_required(*JUDGE_ROLES)
def reinstate(result_id: int, user_id: int):
    result = proposal.get_result(result_id)
    form = ReasonForm()
    if form.validate_on_submit():
        submit_action(
            lambda: decisions.reinstate(result, user_id, form.reason.data or "", current_user),
            _("Đã đưa thí sinh trở lại danh sách xét giải."),
        )
    return _back_to(result)


@bp.post("/results/prize-results/<int:result_id>/approve")
@roles_required(*JUDGE_ROLES)
def approve(result_id: int):
    result = proposal.get_result(result_id)
    if EmptyForm().validate_on_submit():
        submit_action(
            lambda: decisions.approve(result, current_user), _("Đã ghi nhận phê duyệt của bạn.")
        )
    return _back_to(result)


@bp.post("/results/prize-results/<int:result_id>/unlock")
@roles_required(*JUDGE_ROLES)
def request_unlock(result_id: int):
    result = proposal.get_result(result_id)
    form = ReasonForm()
    if form.validate_on_submit():
        submit_action(
            lambda: unlock.request_unlock(result, form.reason.data or "", current_user),
            _("Đã gửi đề nghị mở khoá; cần một giám khảo khác đồng ý."),
        )
    return _back_to(result)


@bp.post("/results/prize-results/<int:result_id>/unlock/approve")
@roles_required(*JUDGE_ROLES)
def approve_unlock(result_id: int):
    result = proposal.get_result(result_id)
    if EmptyForm().validate_on_submit():
        submit_action(
            lambda: unlock.approve_unlock(result, current_user),
            _("Đã mở khoá danh sách giải; danh sách cần được phê duyệt lại."),
        )
    return _back_to(result)
