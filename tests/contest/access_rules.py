"""The access matrix's one table: what each actor gets from each endpoint of the route map.

Read by tests/contest/test_access_matrix.py, which fails for a route this table does not name.
Classes: "ok" 2xx or a redirect elsewhere than sign-in; "in" let through the guard (the view
answers, perhaps 400/404/409 for an empty body); "login" 401 on the API, a redirect to the
sign-in page otherwise; "403"; "404" (candidate B asking for what is candidate A's).
"""

from __future__ import annotations

from tests.contest.access_world import ACTORS

ANON, A, B, ORG, JUDGE, ADMIN = ACTORS


def row(anonymous="ok", a="ok", b="ok", organizer="ok", judge="ok", admin="ok") -> dict:
    return dict(zip(ACTORS, (anonymous, a, b, organizer, judge, admin), strict=True))


def staff(*roles: str, answer: str = "ok") -> dict:
    """Only these staff roles; candidates 403, anonymous sent to sign in."""
    return row(
        "login", "403", "403", *(answer if r in roles else "403" for r in (ORG, JUDGE, ADMIN))
    )


def signed_in(answer: str = "ok") -> dict:
    return row("login", answer, answer, answer, answer, answer)


PUBLIC = row()
PUBLIC_IN = row("in", "in", "in", "in", "in", "in")
CANDIDATES = row("login", "ok", "ok", "403", "403", "403")
CANDIDATES_IN = row("login", "in", "in", "403", "403", "403")
A_ONLY = row("login", "ok", "404", "403", "403", "403")  # A's own thing; B must not see it
A_ONLY_IN = row("login", "in", "404", "403", "403", "403")
ORGANIZERS = staff(ORG, ADMIN)
ORGANIZERS_IN = staff(ORG, ADMIN, answer="in")
RESULTS = staff(ORG, JUDGE, ADMIN)
RESULTS_IN = staff(ORG, JUDGE, ADMIN, answer="in")
JUDGES_IN = staff(JUDGE, ADMIN, answer="in")
ADMINS = staff(ADMIN)
ADMINS_IN = staff(ADMIN, answer="in")

RULES: dict[str, dict] = {
    # --- open to everyone -----------------------------------------------------------------
    "static": PUBLIC,
    "web.healthz": PUBLIC,
    "web.set_language": PUBLIC,
    "public.index": PUBLIC,
    "public.contest_page": PUBLIC,
    "public_statistics.units": PUBLIC,
    "results.public_leaderboard": PUBLIC,
    "results.public_contest_leaderboard": PUBLIC,
    "results.widget": PUBLIC,
    "winners.round_page": PUBLIC,
    "winners.contest_page": PUBLIC,
    "certificates.verify_form": PUBLIC,
    "contest_feeds.atom": PUBLIC,
    "announcements_api.list_announcements": PUBLIC,
    "certificates.verify": PUBLIC_IN,
    "certificates_api.verify_certificate": PUBLIC_IN,
    "openapi_api.openapi": PUBLIC,
    "rounds_api.list_contests": PUBLIC,
    "rounds_api.get_contest": PUBLIC,
    "rounds_api.get_round": PUBLIC,
    "rounds_api.contest_banner": PUBLIC_IN,
    "ranking_api.round_leaderboard": PUBLIC,
    "ranking_api.contest_leaderboard": PUBLIC,
    "ranking_api.public_feed": PUBLIC,
    "outbox.index": row("404", "404", "404", "404", "404", "404"),  # development only
    # --- signing in and out, recovering an account -----------------------------------------
    "auth.login": PUBLIC,  # signed-in users are sent home
    "auth.register": PUBLIC,
    "auth.logout": PUBLIC,
    "auth.forgot_password": PUBLIC,
    "auth.reset_password": PUBLIC_IN,
    "accounts_api.consent_notice": PUBLIC,
    "accounts_api.csrf_token": PUBLIC,
    "accounts_api.login": PUBLIC_IN,
    "accounts_api.register": PUBLIC_IN,
    "accounts_api.forgot_password": PUBLIC_IN,
    "accounts_api.reset_password": PUBLIC_IN,
    # --- every signed-in account: its profile, sessions, tokens, data --------------------
    "auth.profile": signed_in(),
    "auth.change_password": signed_in(),
    "auth.end_session": signed_in("in"),
    "auth.end_all_sessions": signed_in("login"),  # ends this session too: back to sign-in
    "auth.revoke_token": A_ONLY_IN | {ORG: "404", JUDGE: "404", ADMIN: "404"},
    "accounts_api.me": signed_in(),
    "accounts_api.logout": signed_in(),
    "accounts_api.change_password": signed_in("in"),
    "accounts_api.list_sessions": signed_in(),
    "accounts_api.end_all_sessions": signed_in(),
    "accounts_api.end_session": signed_in("in"),
    "accounts_api.list_tokens": signed_in(),
    "accounts_api.create_token": signed_in(),
    "accounts_api.revoke_token": A_ONLY | {ORG: "404", JUDGE: "404", ADMIN: "404"},
    "privacy.my_data": signed_in(),
    "privacy.download_json": signed_in(),
    "privacy.download_xlsx": signed_in(),
    "privacy.request_deletion": signed_in("in"),
    "privacy_api.my_data": signed_in(),
    "privacy_api.my_data_workbook": signed_in(),
    "privacy_api.request_deletion": signed_in("in"),
    "ranking_api.my_standing": signed_in(),
    # --- candidates: their own contest life -----------------------------------------------
    "candidate.home": CANDIDATES,
    "quiz.accept_rules": CANDIDATES,
    "quiz.start": CANDIDATES,
    "quiz.enter": CANDIDATES_IN,  # the waiting room's refresh: a ticket is needed
    "quiz.take": A_ONLY,
    "quiz.save": A_ONLY,
    "quiz.confirm": A_ONLY,
    "quiz.submit": A_ONLY_IN,
    "quiz.result": A_ONLY,
    "attempts_api.accept_rules": CANDIDATES_IN,
    "attempts_api.start_attempt": CANDIDATES_IN,
    "attempts_api.get_attempt": A_ONLY,
    "attempts_api.save_answer": A_ONLY_IN,
    "attempts_api.submit_attempt": A_ONLY_IN,
    "attempts_api.attempt_result": A_ONLY_IN,
    "attempts_api.my_attempts": CANDIDATES,
    "practice.home": CANDIDATES,
    "practice.start": CANDIDATES_IN,
    "practice.reading_list_page": CANDIDATES,
    "practice.session_page": A_ONLY,
    "practice.answer": A_ONLY_IN,
    "practice_api.practice_topics": CANDIDATES,
    "practice_api.start_session": CANDIDATES_IN,
    "practice_api.get_session": A_ONLY,
    "practice_api.answer": A_ONLY_IN,
    "practice_api.my_reading_list": CANDIDATES,
    "certificates.mine": CANDIDATES,
    "certificates.download": CANDIDATES_IN,
    "certificates_api.my_certificates": CANDIDATES,
    "certificates_api.issue_certificate": CANDIDATES_IN,
    "certificates_api.my_certificate_pdf": CANDIDATES_IN,
    # --- organizers (and admins) ----------------------------------------------------------
    "announcements.index": ORGANIZERS,
    # the API's DELETE (sorted earlier) has removed the announcement by then: 404 is let through
    "announcements.edit": ORGANIZERS_IN,
    "announcements.toggle_hidden": ORGANIZERS_IN,
    "announcements.delete": ORGANIZERS_IN,
    "announcements_api.create_announcement": ORGANIZERS_IN,
    "announcements_api.update_announcement": ORGANIZERS_IN,
    "announcements_api.delete_announcement": ORGANIZERS_IN,
    "operations.queue_import": ORGANIZERS,
    "organizer.home": ORGANIZERS,
    "organizer.organization_lists": ORGANIZERS,
    "organizer.toggle_organization": ORGANIZERS,
    "organizer.import_organizations": ORGANIZERS_IN,
    "auth.reset_candidate_password": ORGANIZERS,
    "contests.index": ORGANIZERS,
    "contests.new": ORGANIZERS,
    "contests.edit": ORGANIZERS,
    "contests.upload_banner": ORGANIZERS_IN,
    "contests.add_group": ORGANIZERS_IN,
    "contests.update_group": ORGANIZERS,
    "contests.delete_group": ORGANIZERS,
    "contests.new_round": ORGANIZERS,
    "contests.round_page": ORGANIZERS,
    "contests.edit_round": ORGANIZERS,
    "contests.preview": ORGANIZERS,
    "contests.announce_round": ORGANIZERS,
    "contests.clone_round": ORGANIZERS,
    "contests.close_round": ORGANIZERS_IN,
    "contests.publish_round": ORGANIZERS_IN,
    "bank.index": ORGANIZERS,
    "bank.new": ORGANIZERS_IN,
    "bank.edit": ORGANIZERS_IN,
    "bank.history": ORGANIZERS,
    "bank.retire": ORGANIZERS,
    "bank.restore": ORGANIZERS,
    "bank.export": ORGANIZERS,
    "bank.export_moodle": ORGANIZERS,
    "bank.template": ORGANIZERS,
    "bank.topics": ORGANIZERS,
    "bank.import_list": ORGANIZERS,
    "bank.undo": ORGANIZERS_IN,
    "bank.upload": ORGANIZERS,
    "bank.receive_upload": ORGANIZERS_IN,
    "bank.preview": ORGANIZERS,
    "bank.commit": ORGANIZERS,
    "bank.choose_mapping": ORGANIZERS,
    "practice_organizer.topics": ORGANIZERS,
    "practice_organizer.topic": ORGANIZERS,
    "practice_organizer.mark_topic": ORGANIZERS,
    "practice_organizer.mark_questions": ORGANIZERS,
    "privacy.deletion_requests": ORGANIZERS,
    "privacy_api.deletion_requests": ORGANIZERS,
    "certificates_organizer.round_page": ORGANIZERS,
    "certificates_organizer.save_settings": ORGANIZERS,
    "certificates_organizer.upload_signature": ORGANIZERS_IN,
    "certificates_organizer.signature_image": ORGANIZERS_IN,
    "certificates_organizer.revoke": ORGANIZERS_IN,
    "certificates_api.certificate_settings": ORGANIZERS,
    "certificates_api.save_certificate_settings": ORGANIZERS_IN,
    "certificates_api.upload_signature": ORGANIZERS_IN,
    "certificates_api.round_certificates": ORGANIZERS,
    "certificates_api.revoke_certificate": ORGANIZERS_IN,
    "rounds_api.create_contest": ORGANIZERS_IN,
    "rounds_api.update_contest": ORGANIZERS,
    "rounds_api.create_round": ORGANIZERS_IN,
    "rounds_api.update_round": ORGANIZERS,
    "rounds_api.round_checklist": ORGANIZERS,
    "rounds_api.announce_round": ORGANIZERS_IN,
    "rounds_api.clone_round": ORGANIZERS,
    "rounds_api.close_round": ORGANIZERS_IN,
    "rounds_api.publish_round": ORGANIZERS_IN,
    "questions_api.list_topics": ORGANIZERS,
    "questions_api.list_questions": ORGANIZERS,
    "questions_api.create_question": ORGANIZERS_IN,
    "questions_api.get_question": ORGANIZERS,
    "questions_api.edit_question": ORGANIZERS,
    "questions_api.retire_question": ORGANIZERS,
    "questions_api.restore_question": ORGANIZERS,
    "questions_api.export_questions": ORGANIZERS,
    "questions_api.export_questions_moodle": ORGANIZERS,
    "questions_api.question_template": ORGANIZERS,
    "questions_api.list_question_imports": ORGANIZERS,
    "questions_api.create_question_import": ORGANIZERS_IN,
    "questions_api.get_question_import": ORGANIZERS_IN,
    "questions_api.undo_question_import": ORGANIZERS_IN,
    "practice_api.topic_marks": ORGANIZERS,
    "practice_api.set_eligibility": ORGANIZERS_IN,
    # --- results: organizers, judges and admins ---------------------------------------------
    "results.round_leaderboard": RESULTS,
    "results.contest_leaderboard": RESULTS,
    "results.rebuild": RESULTS,
    "operations.operation_page": RESULTS,
    "operations.export_job_page": RESULTS,
    "jobs_api.operation": RESULTS,
    "exports.exports_page": RESULTS,
    "integrity.integrity_report": RESULTS,
    "integrity.attempt_record": RESULTS,
    "statistics.dashboard": RESULTS,
    "statistics.round_statistics": RESULTS,
    "statistics.items": RESULTS,
    "statistics.units": RESULTS,
    "statistics.regrade_round": RESULTS,
    "prizes.round_prizes": RESULTS,
    "prizes.contest_prizes": RESULTS,
    "prizes.propose": RESULTS,
    "integrity_api.integrity_report": RESULTS,
    "integrity_api.attempt_record": RESULTS,
    "jobs_api.export_job": RESULTS,
    "jobs_api.export_job_file": RESULTS_IN,
    "jobs_api.export_round_csv": RESULTS,
    "jobs_api.export_round_xlsx": RESULTS,
    "jobs_api.queue_export": RESULTS_IN,
    "ranking_api.rebuild_leaderboard": RESULTS,
    "statistics_api.round_dashboard_json": RESULTS,
    "statistics_api.round_statistics": RESULTS,
    "statistics_api.item_analysis": RESULTS,
    "statistics_api.round_units": RESULTS,
    "statistics_api.contest_units": RESULTS,
    "statistics_api.regrade_round": RESULTS_IN,
    "prizes_api.round_prizes": RESULTS,
    "prizes_api.contest_prizes": RESULTS_IN,
    "prizes_api.define_round_prizes": RESULTS_IN,
    "prizes_api.define_contest_prizes": RESULTS_IN,
    "prizes_api.prize_result": RESULTS,
    "prizes_api.repropose": RESULTS,
    "prizes_api.export_prizes_csv": RESULTS,
    "prizes_api.export_prizes_xlsx": RESULTS,
    # --- judges (and admins): the decisions on a prize list ---------------------------------
    "judge.home": staff(JUDGE, ADMIN),
    "results.recount_prediction": staff(JUDGE, ADMIN),
    "ranking_api.recount_prediction": staff(JUDGE, ADMIN),
    "prizes.approve": staff(JUDGE, ADMIN),
    "prizes.exclude": staff(JUDGE, ADMIN),
    "prizes.reinstate": staff(JUDGE, ADMIN),
    "prizes.request_unlock": staff(JUDGE, ADMIN),
    "prizes.approve_unlock": staff(JUDGE, ADMIN),
    "prizes_api.approve": JUDGES_IN,
    "prizes_api.exclude": JUDGES_IN,
    "prizes_api.reinstate": JUDGES_IN,
    "prizes_api.request_unlock": JUDGES_IN,
    "prizes_api.approve_unlock": JUDGES_IN,
    # --- admins: staff accounts and the audit log ------------------------------------------
    "admin.home": ADMINS,
    "admin.audit_log": ADMINS,
    "admin.audit_log_xlsx": ADMINS,
    "admin.disable_staff": ADMINS,
    "admin.enable_staff": ADMINS,
    "admin.change_role": ADMINS,
    "admin.reset_staff_password": ADMINS,
}

# What a request sends where an empty body would be refused before ownership is checked:
# B's valid-looking answer to A's attempt must still be refused as not B's.
BODIES: dict[str, dict] = {
    "attempts_api.save_answer": {"json": {"option_ids": []}},
    "attempts_api.submit_attempt": {"json": {}},
    "practice_api.answer": {"json": {"option_ids": []}},
}


# Routes that end the session they are called in: the actor signs in again after them.
SIGNS_OUT = {
    "auth.logout",
    "accounts_api.logout",
    "auth.end_all_sessions",
    "accounts_api.end_all_sessions",
    "auth.end_session",
    "accounts_api.end_session",
}
