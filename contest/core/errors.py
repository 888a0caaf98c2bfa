"""Domain errors with a stable code and a Vietnamese message, and their one HTTP mapping."""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class ContestError(Exception):
    """Base of every error a service can raise on purpose."""

    code = "invalid_input"
    status = 400
    default_message = _l("Dữ liệu không hợp lệ.")
    # True when what was written before the error must stand (a refused late save is evidence).
    keeps_changes = False

    def __init__(
        self, message: str | None = None, *, code: str | None = None, details: dict | None = None
    ):
        self.message = str(message or self.default_message)
        if code:
            self.code = code
        self.details = details or {}
        super().__init__(self.message)


class InvalidInput(ContestError):
    """Bad input; `details["fields"]` maps each field to its message."""

    @classmethod
    def for_fields(cls, fields: dict[str, str]) -> InvalidInput:
        first = next(iter(fields.values()))
        return cls(first, details={"fields": fields})


class NotFound(ContestError):
    code = "not_found"
    status = 404
    default_message = _l("Không tìm thấy.")


class Forbidden(ContestError):
    code = "forbidden"
    status = 403
    default_message = _l("Bạn không có quyền thực hiện thao tác này.")


class Conflict(ContestError):
    code = "conflict"
    status = 409
    default_message = _l("Trạng thái hiện tại không cho phép thao tác này.")


class RateLimited(ContestError):
    """Too many tries: come back in `retry_after` seconds (sent as the Retry-After header)."""

    code = "rate_limited"
    status = 429
    default_message = _l("Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.")

    def __init__(self, retry_after: int, message: str | None = None):
        super().__init__(message, details={"retry_after_seconds": retry_after})
        self.retry_after = retry_after


HTTP_MESSAGES = {
    400: _l("Yêu cầu không hợp lệ."),
    401: _l("Bạn cần đăng nhập để tiếp tục."),
    403: _l("Bạn không có quyền truy cập trang này."),
    404: _l("Không tìm thấy trang bạn yêu cầu."),
    405: _l("Phương thức không được hỗ trợ."),
    413: _l("Tệp tải lên vượt quá dung lượng cho phép."),
    429: _l("Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút."),
    500: _l("Hệ thống gặp sự cố. Vui lòng thử lại sau."),
}
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "rate_limited",
    500: "internal_error",
}


def wants_json() -> bool:
    """API routes always answer JSON; pages answer HTML."""
    return request.path.startswith("/api/")


def error_json(code: str, message: str, status: int, details: dict | None = None, **headers: Any):
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = details
    response = jsonify({"error": body})
    response.status_code = status
    response.headers.update(headers)
    return response


def _error_page(status: int, message: str):
    return render_template("errors/error.html", status=status, message=message), status


def handle_contest_error(error: ContestError):
    headers = {}
    retry_after = getattr(error, "retry_after", None)  # a limit, a database away for a moment
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    if wants_json():
        return error_json(error.code, error.message, error.status, error.details, **headers)
    page, status = _error_page(error.status, error.message)
    return page, status, headers


def handle_csrf_error(error: CSRFError):
    message = str(
        _l("Phiên làm việc đã hết hạn hoặc thiếu mã bảo mật (CSRF). Vui lòng tải lại trang.")
    )
    if wants_json():
        return error_json("csrf_failed", message, 400)
    return _error_page(400, message)


def _window_retry_after() -> int:
    """Seconds until the window of the limit this request broke starts again."""
    from contest.core.extensions import limiter

    broken = limiter.current_limit
    if broken is None:
        return 60
    return max(1, int(broken.reset_at - time.time()))


def handle_http_error(error: HTTPException):
    status = error.code or 500
    message = str(HTTP_MESSAGES.get(status, error.description or ""))
    headers = {}
    if status == 429:
        headers["Retry-After"] = str(_window_retry_after())
    if wants_json():
        return error_json(HTTP_CODES.get(status, "error"), message, status, **headers)
    response = render_template("errors/error.html", status=status, message=message)
    return response, status, headers


def handle_unexpected(error: Exception):
    from flask import current_app

    current_app.logger.exception("unhandled error")
    message = str(HTTP_MESSAGES[500])
    if wants_json():
        return error_json("internal_error", message, 500)
    return _error_page(500, message)


def init_app(app: Flask) -> None:
    app.register_error_handler(ContestError, handle_contest_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
