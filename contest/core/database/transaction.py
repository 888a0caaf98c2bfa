"""One transaction per request or command: services change and flush, this module commits once.

Every page and API route runs inside `transactional`: a response below 400 commits, anything
else (an error page, a raised error, a crash) rolls back. A form that shows a service's error
and carries on uses `undo_on_error`, which undoes just that action in a savepoint. Commands and
the worker use `unit_of_work`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import wraps

from flask import Flask, current_app, g
from sqlalchemy.exc import OperationalError

from contest.core.database import end_reading, request_writes, transaction_writes, writing
from contest.core.errors import ContestError
from contest.core.extensions import db


def transactional(view: Callable) -> Callable:
    """Wrap a view: commit when it answers below 400, roll back otherwise.

    A reading request that turns out to write (a page that finalizes overdue attempts, an
    export that is audited) began a shared transaction; on SQLite it cannot take the write
    lock while another writer holds it and fails at once with "database is locked". It is
    then run again from the start, this time beginning IMMEDIATE (waiting its turn).
    """

    @wraps(view)
    def run(*args, **kwargs):
        if request_writes():
            end_reading()  # the sign-in's reads; on SQLite the view's writes begin afresh
        g.in_view = True
        g.reading_first = getattr(view, "reads_first", False)  # until begin_writing
        try:
            return _run_view(view, args, kwargs)
        finally:
            g.in_view = False  # what follows the commit (the log, the cookie) only reads

    run.transactional = True
    return run


def done_writing() -> None:
    """The view has written all it will: commit now, and read what its answer needs after.

    On SQLite the write lock is then let go before the answer is built (a started attempt's
    questions, for one), so the node's other writers need not wait for it. What was written
    stays loaded (not expired: the view knows it). If building the answer fails, what was
    written stands, as if the client had lost the answer on the way. Should the reading write
    after all (a stale board rebuilt) and SQLite refuse it, the view runs again from the start
    as a writer: what it wrote before must be safe to repeat (a start resumes, a submission
    already final answers the same).
    """
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
    g.in_view = False


def _run_view(view: Callable, args, kwargs):
    try:
        return _run_once(view, args, kwargs)
    except OperationalError as error:
        db.session.rollback()  # also when the commit itself failed
        if transaction_writes() or not is_locked_database(error):
            raise
    token = writing.set(True)
    try:
        return _run_once(view, args, kwargs)
    finally:
        writing.reset(token)


def _run_once(view: Callable, args, kwargs):
    try:
        response = current_app.make_response(view(*args, **kwargs))
    except ContestError as error:
        _finish(error.keeps_changes)
        raise
    except BaseException:
        db.session.rollback()
        raise
    _finish(response.status_code < 400)
    return response


def is_locked_database(error: OperationalError) -> bool:
    """SQLite's answer to a write it cannot make now (SQLITE_BUSY)."""
    return "database is locked" in str(error.orig)


def _finish(commit: bool) -> None:
    if commit:
        db.session.commit()
    else:
        db.session.rollback()


@dataclass
class Outcome:
    """What `undo_on_error` caught: the domain error, if the action failed."""

    error: ContestError | None = None


@contextmanager
def undo_on_error() -> Iterator[Outcome]:
    """Run a block in a savepoint; a domain error undoes the block and is handed back, not raised.

    An error marked `keeps_changes` (a refusal that is itself evidence) keeps the block's writes.

    For form posts that show the error and go on (re-render the form, flash and redirect).
    """
    outcome = Outcome()
    savepoint = db.session.begin_nested()
    try:
        yield outcome
    except ContestError as error:
        if error.keeps_changes:  # what was written before it must stand, as for a request
            savepoint.commit()
        else:
            savepoint.rollback()
        outcome.error = error
    else:
        savepoint.commit()


@contextmanager
def unit_of_work() -> Iterator[None]:
    """A command's transaction: commit at the end, roll back on any error."""
    token = writing.set(True)
    try:
        yield
    except BaseException:
        db.session.rollback()
        raise
    else:
        db.session.commit()
    finally:
        writing.reset(token)


def init_app(app: Flask) -> None:
    """Wrap every view function registered so far (call after the blueprints)."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static" and not getattr(view, "transactional", False):
            app.view_functions[endpoint] = transactional(view)
