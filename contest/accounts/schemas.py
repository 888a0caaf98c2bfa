"""What the accounts API reads and answers: registration, sign-in, the user, access tokens."""

from __future__ import annotations

from contest.accounts import sessions
from contest.accounts.models import Gender
from contest.core.access import Role
from contest.core.api.schemas import (
    ApiSchema,
    Bool,
    Computed,
    Day,
    Enum,
    Id,
    Int,
    Moment,
    Nested,
    Text,
)

FIELD = 255  # no registration field is longer; the service checks each one precisely


class RegistrationSchema(ApiSchema):
    """The candidate's registration. Each value is checked by the service, all at once."""

    full_name = Text(required=True, max_length=FIELD)
    birth_date = Text(required=True, max_length=FIELD, metadata={"format": "date"})
    gender = Text(required=True, max_length=FIELD, metadata={"enum": [g.value for g in Gender]})
    id_number = Text(required=True, max_length=FIELD, metadata={"pattern": "^[0-9]{12}$"})
    phone = Text(required=True, max_length=FIELD)
    email = Text(max_length=FIELD, metadata={"format": "email"})
    unit = Text(max_length=FIELD)
    locality = Text(max_length=FIELD)
    password = Text(required=True, max_length=FIELD, metadata={"minLength": 8})
    consent = Bool(
        metadata={
            "description": "Consent to the personal-data notice of GET /auth/consent; "
            "registration is refused without true (details.fields.consent)"
        }
    )


class ConsentNoticeSchema(ApiSchema):
    version = Text(required=True, metadata={"description": "Recorded with each consent"})
    text = Text(required=True, metadata={"description": "Purpose and retention, in Vietnamese"})
    retention_days = Int(required=True)


class LoginSchema(ApiSchema):
    login = Text(required=True, max_length=FIELD, metadata={"description": "Email, phone or CCCD"})
    password = Text(required=True, max_length=FIELD)


class UserSchema(ApiSchema):
    """The signed-in user's own view of their account."""

    id = Id(required=True)
    full_name = Text(required=True)
    role = Enum(Role, required=True)
    email = Text(allow_none=True)
    phone = Text(allow_none=True)
    id_number = Text(allow_none=True)
    birth_date = Day(allow_none=True)
    gender = Enum(Gender, allow_none=True)
    unit = Computed(lambda user: user.unit.name if user.unit else None, "string", allow_none=True)
    locality = Computed(
        lambda user: user.locality.name if user.locality else None, "string", allow_none=True
    )
    must_change_password = Bool(
        required=True, metadata={"description": "Signed in with a one-time password"}
    )


class RegisteredSchema(ApiSchema):
    user = Nested(UserSchema, required=True)


class SignedInSchema(ApiSchema):
    user = Nested(UserSchema, required=True)
    csrf_token = Text(required=True, metadata={"description": "Send it as X-CSRFToken"})


class CsrfSchema(ApiSchema):
    csrf_token = Text(required=True)


class TokenNameSchema(ApiSchema):
    name = Text(max_length=FIELD, load_default="")


class TokenSchema(ApiSchema):
    id = Id(required=True)
    name = Text(required=True)
    prefix = Text(required=True)
    created_at = Moment(required=True)
    last_used_at = Moment(allow_none=True)
    revoked = Computed(lambda token: token.revoked_at is not None, "boolean", required=True)


class NewTokenSchema(TokenSchema):
    token = Text(required=True, metadata={"description": "The token itself, shown only once"})


class TokenListSchema(ApiSchema):
    items = Nested(TokenSchema, many=True, required=True)


class SessionSchema(ApiSchema):
    """A browser sign-in that is still valid."""

    id = Id(required=True)
    created_at = Moment(required=True)
    last_seen_at = Moment(required=True, metadata={"description": "To within a few minutes"})
    ip = Text(allow_none=True)
    user_agent = Text(allow_none=True)
    current = Computed(
        lambda record: record is sessions.current_session(),
        "boolean",
        required=True,
        metadata={"description": "The session this request was made in"},
    )


class SessionListSchema(ApiSchema):
    items = Nested(SessionSchema, many=True, required=True)


class ForgotPasswordSchema(ApiSchema):
    login = Text(required=True, max_length=FIELD, metadata={"description": "Email, phone or CCCD"})


class ResetRequestedSchema(ApiSchema):
    message = Text(required=True, metadata={"description": "The same whether or not it exists"})


class ResetPasswordSchema(ApiSchema):
    token = Text(required=True, max_length=1000, metadata={"description": "From the e-mailed link"})
    password = Text(required=True, max_length=FIELD, metadata={"minLength": 8})


class ChangePasswordSchema(ApiSchema):
    current_password = Text(
        max_length=FIELD,
        load_default="",
        metadata={"description": "Required, except to replace a one-time password"},
    )
    new_password = Text(required=True, max_length=FIELD, metadata={"minLength": 8})
