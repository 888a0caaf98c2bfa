"""Configuration classes; environment variables are read when the app is built, not at import."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


def _secret_key_from_instance(instance_dir: Path) -> str:
    """Generate the development secret once and keep it, so sessions survive restarts."""
    instance_dir.mkdir(parents=True, exist_ok=True)
    key_file = instance_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def _env_flag(name: str) -> bool | None:
    raw = os.environ.get(name)
    return None if raw is None else raw.strip().lower() in ("1", "true", "yes", "on")


# Rate limits (README.md → "Rate limits"): ceilings per address sized for a school or a
# commune hall behind one address, strict limits per account. Each is read from the variable
# of the same name, in the notation "300/minute" ("10/minute;100/hour" for two at once).
LIMIT_DEFAULTS = {
    "LIMIT_SIGN_IN": "300/minute",
    "LIMIT_REGISTER": "300/minute;3000/hour",
    "LIMIT_REGISTER_IDENTITY": "10/hour",
    "LIMIT_RECOVERY": "20/minute;200/hour",
    "LIMIT_RECOVERY_ACCOUNT": "3/minute;10/hour",
    "LIMIT_START": "30/minute",
    "LIMIT_START_ADDRESS": "600/minute",
    "LIMIT_SAVE": "600/minute",
    "LIMIT_SUBMIT": "60/minute",
}
# Failed sign-ins of one account, from any address: this many are free, then the account waits
# LIMIT_SIGN_IN_WAIT seconds, doubled at each further failure up to LIMIT_SIGN_IN_MAX_WAIT.
BACKOFF_DEFAULTS = {
    "LIMIT_SIGN_IN_ACCOUNT": 5,
    "LIMIT_SIGN_IN_WAIT": 30,
    "LIMIT_SIGN_IN_MAX_WAIT": 900,
}


def _limit_settings() -> dict:
    """LIMIT_* from the environment, checked now so that a typo stops the start, not a request."""
    from limits import parse_many

    settings: dict = {}
    for name, default in LIMIT_DEFAULTS.items():
        value = os.environ.get(name, default).strip()
        try:
            parse_many(value)
        except ValueError as error:
            raise RuntimeError(f"{name}={value!r} is not a rate limit like '300/minute'") from error
        settings[name] = value
    for name, default in BACKOFF_DEFAULTS.items():
        settings[name] = _env_int(name, default)
        if settings[name] < 1:
            raise RuntimeError(f"{name} must be a whole number of at least 1")
    return settings


def _hash_method(method: str) -> str:
    """A werkzeug password hash method (docs/deploy.md), checked now rather than at a sign-up."""
    from werkzeug.security import generate_password_hash

    try:
        generate_password_hash("probe", method)
    except (ValueError, TypeError) as error:
        raise RuntimeError(
            f"PASSWORD_HASH_METHOD={method!r} is not a werkzeug hash method "
            "(e.g. scrypt:32768:8:1 or pbkdf2:sha256:600000)"
        ) from error
    return method


def _mail_settings() -> dict:
    """MAIL_* from the environment; setting MAIL_SERVER alone switches to SMTP."""
    settings: dict = {}
    for name in ("MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_DEFAULT_SENDER"):
        if os.environ.get(name):
            settings[name] = os.environ[name]
    for name in ("MAIL_USE_TLS", "MAIL_USE_SSL"):
        if (flag := _env_flag(name)) is not None:
            settings[name] = flag
    if os.environ.get("MAIL_SERVER"):
        settings["MAIL_BACKEND"] = "smtp"
    if os.environ.get("MAIL_BACKEND"):
        settings["MAIL_BACKEND"] = os.environ["MAIL_BACKEND"]
    return settings


class Config:
    """Development defaults: a SQLite file under instance/, generated secret, in-memory limits."""

    ENV_NAME = "development"
    INSTANCE_DIR = INSTANCE_DIR
    SQLALCHEMY_DATABASE_URI = f"sqlite:///{INSTANCE_DIR / 'thiluat.sqlite3'}"
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SECRET_KEY: str | None = None
    REDIS_URL: str | None = None
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    DISPLAY_TIMEZONE = "Asia/Ho_Chi_Minh"
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    # An attempt may outlast Flask-WTF's one-hour default: the token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    # CSRF is enforced by our own before_request so that bearer-token scripts can skip it.
    WTF_CSRF_CHECK_DEFAULT = False
    # Every cookie the platform sets is the session cookie (which also holds the CSRF token and
    # the language) or the remember-me cookie; both are HttpOnly and SameSite=Lax.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Sign-in sessions (kept on the server): ended after this long without a request, and
    # this long after sign-in whatever happens.
    SESSION_IDLE_MINUTES = 8 * 60
    SESSION_MAX_DAYS = 14
    # The server ends a session (idle or absolute lifetime above), so the cookie need not be
    # signed and sent anew with every answer: it is set when its contents change, and expires
    # SESSION_MAX_DAYS after that, as the session itself does.
    SESSION_REFRESH_EACH_REQUEST = False
    # scrypt with N = 16384, r = 8, p = 1: the scrypt paper's setting for interactive sign-ins
    # and Django's default (werkzeug's own, N = 32768, costs twice the time and the memory).
    # Stored hashes of another method are replaced at their next sign-in (docs/deploy.md).
    PASSWORD_HASH_METHOD: str | None = "scrypt:16384:8:1"  # noqa: S105 - a method, not a secret
    RATELIMIT_ENABLED = True
    # Rate-limit counters: Redis when REDIS_URL is set, else instance/ratelimits.sqlite3 (the
    # workers of one machine share it). Never per-process memory.
    RATELIMIT_STORAGE_URI: str | None = None
    # X-RateLimit-Limit/-Remaining/-Reset on every limited answer (LIMIT_HEADERS=1): off, since
    # each costs one more read of the counters (Redis, or the counters' file) for every save of a
    # rush, and the pages do not read them. A refusal (429) always says Retry-After.
    RATELIMIT_HEADERS_ENABLED = False
    # Counters out of reach (Redis restarting): the request goes on unlimited and it is logged.
    RATELIMIT_SWALLOW_ERRORS = True
    # Retry-After is the error handler's: it knows the wait of an account, not only a window's.
    RATELIMIT_HEADER_RETRY_AFTER = "X-RateLimit-Retry-After"
    # How many reverse proxies (nginx, a load balancer) stand in front of the application and
    # add to X-Forwarded-For; 0: the headers are ignored (they are anyone's to forge).
    TRUSTED_PROXIES = 0
    ANSWER_GRACE_SECONDS = 2
    # A database that is briefly away (a restart, a failover): a request waits this long for a
    # connection before it is answered 503 database_unavailable (0: no wait).
    DATABASE_WAIT_SECONDS = 10
    # The waiting room at a round's open: starts running at once in one worker process (0: no
    # limit); a start beyond them is told to come back after START_RETRY_SECONDS (up to twice
    # that, spread so that the queue does not return all at once).
    START_CAPACITY = 2
    START_RETRY_SECONDS = 5
    LOG_REQUESTS = True
    # Files every node shares (uploads awaiting import, exports, banners, signatures):
    # "database" (the default) or "directory" (FILE_STORAGE_DIR, e.g. an NFS mount; None:
    # instance/files), each file at most FILE_STORAGE_MAX_MB (contest/core/storage.py).
    FILE_STORAGE = "database"
    FILE_STORAGE_DIR: str | None = None
    FILE_STORAGE_MAX_MB = 100
    # Rankings: an open round's snapshot is rebuilt on read when older than this and small
    # enough; larger rounds are refreshed by the worker (`flask jobs worker`, every
    # WORKER_BOARDS_SECONDS). 5,000 rows rebuild in about 45 ms (bench/RESULTS.md): a request
    # at a deadline rush, holding SQLite's write lock, must not take the 0.4 s of 50,000.
    RANKING_SNAPSHOT_MAX_AGE_SECONDS = 60
    RANKING_INLINE_REBUILD_ROWS = 5_000
    RANKING_WORK_MEM = "128MB"
    # Integrity report thresholds.
    INTEGRITY_IP_WINDOW_MINUTES = 10
    INTEGRITY_IP_ACCOUNTS = 4
    INTEGRITY_IP_ATTEMPTS = 10
    INTEGRITY_MIN_SECONDS_PER_QUESTION = 2
    INTEGRITY_SAME_ANSWERS_SECONDS = 5
    INTEGRITY_SAME_ANSWERS_MIN_QUESTIONS = 5
    # E-mail: files in instance/outbox in development (the "Hộp thư (phát triển)" page shows
    # them), SMTP in production; tests keep messages in memory.
    MAIL_BACKEND = "file"
    MAIL_FILE_PATH: str | None = None  # None: instance/outbox
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "ThiLuat <no-reply@thiluat.local>"
    MAIL_TIMEOUT = 10
    # Password recovery: the e-mailed link's lifetime, and a one-time password's (staff reset).
    PASSWORD_RESET_MINUTES = 30
    ONE_TIME_PASSWORD_HOURS = 72
    # Personal data: candidates are anonymised this many days after their contests' prize
    # lists were locked (flask privacy retention); the consent notice says so. The notice is
    # the built-in Vietnamese text unless CONSENT_TEXT_FILE names the organizer's own.
    PRIVACY_RETENTION_DAYS = 365
    CONSENT_TEXT_FILE: str | None = None
    # The background worker (flask jobs worker): how often it finalizes overdue attempts,
    # refreshes the boards of open rounds and looks for queued exports.
    WORKER_FINALIZE_SECONDS = 60
    WORKER_BOARDS_SECONDS = 60
    WORKER_EXPORTS_SECONDS = 5
    # Public boards and feeds cached for every worker and node (contest/core/cache.py):
    # None: Redis when REDIS_URL is set, else no cache; "memory" for a single process.
    CACHE_BACKEND: str | None = None
    CACHE_SECONDS = 300
    CACHE_KEY_PREFIX = "thiluat:cache:"  # several sites on one Redis: one prefix each
    # Long operations started from a page go to the worker, with a progress page, from this
    # size on: an import of this many questions; a regrade or a ranking rebuild of a round with
    # this many final attempts. Smaller ones finish within the request.
    BACKGROUND_IMPORT_QUESTIONS = 2000
    BACKGROUND_ATTEMPTS = 2000
    # The widget may be framed by these origins.
    WIDGET_FRAME_ANCESTORS = "*"

    @classmethod
    def from_environment(cls) -> dict:
        """Read the environment now (when the app is built) and return the settings to apply."""
        settings: dict = {}
        database_url = os.environ.get("DATABASE_URL")
        if database_url:
            settings["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(database_url)
        if os.environ.get("SECRET_KEY"):
            settings["SECRET_KEY"] = os.environ["SECRET_KEY"]
        redis_url = os.environ.get("REDIS_URL")
        if redis_url:
            settings["REDIS_URL"] = redis_url
            settings["RATELIMIT_STORAGE_URI"] = redis_url
        settings["MAX_CONTENT_LENGTH"] = _env_int("MAX_UPLOAD_MB", 20) * 1024 * 1024
        if os.environ.get("DISPLAY_TIMEZONE"):
            settings["DISPLAY_TIMEZONE"] = os.environ["DISPLAY_TIMEZONE"]
        settings["ANSWER_GRACE_SECONDS"] = _env_int(
            "ANSWER_GRACE_SECONDS", cls.ANSWER_GRACE_SECONDS
        )
        for name in (
            "SESSION_IDLE_MINUTES",
            "SESSION_MAX_DAYS",
            "PASSWORD_RESET_MINUTES",
            "ONE_TIME_PASSWORD_HOURS",
            "PRIVACY_RETENTION_DAYS",
            "MAIL_PORT",
            "WORKER_FINALIZE_SECONDS",
            "WORKER_BOARDS_SECONDS",
            "WORKER_EXPORTS_SECONDS",
            "FILE_STORAGE_MAX_MB",
            "CACHE_SECONDS",
            "BACKGROUND_IMPORT_QUESTIONS",
            "BACKGROUND_ATTEMPTS",
            "START_CAPACITY",
            "START_RETRY_SECONDS",
            "DATABASE_WAIT_SECONDS",
        ):
            settings[name] = _env_int(name, getattr(cls, name))
        if os.environ.get("PASSWORD_HASH_METHOD"):
            settings["PASSWORD_HASH_METHOD"] = _hash_method(os.environ["PASSWORD_HASH_METHOD"])
        settings.update(_mail_settings())
        settings.update(_limit_settings())
        settings["TRUSTED_PROXIES"] = _env_int("TRUSTED_PROXIES", cls.TRUSTED_PROXIES)
        limit_headers = _env_flag("LIMIT_HEADERS")
        if limit_headers is not None:
            settings["RATELIMIT_HEADERS_ENABLED"] = limit_headers
        for name in ("FILE_STORAGE", "FILE_STORAGE_DIR", "CACHE_BACKEND", "CACHE_KEY_PREFIX"):
            if os.environ.get(name):
                settings[name] = os.environ[name]
        if os.environ.get("CONSENT_TEXT_FILE"):
            settings["CONSENT_TEXT_FILE"] = os.environ["CONSENT_TEXT_FILE"]
        return settings

    @classmethod
    def finalize(cls, config: dict) -> None:
        """Fill what depends on other settings: the development secret, files under instance/."""
        if not config.get("SECRET_KEY"):
            config["SECRET_KEY"] = _secret_key_from_instance(Path(config["INSTANCE_DIR"]))
        _default_paths(config)


def _default_paths(config: dict) -> None:
    """The folders under instance/ that nothing else names: the outbox, the limits' counters."""
    if not config.get("MAIL_FILE_PATH"):
        config["MAIL_FILE_PATH"] = str(Path(config["INSTANCE_DIR"]) / "outbox")
    if not config.get("RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = (
            f"sqlite:///{Path(config['INSTANCE_DIR']) / 'ratelimits.sqlite3'}"
        )


class TestConfig(Config):
    """Tests: a throwaway database chosen by TEST_DATABASE_URL, fast hashes, no rate limits."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105 - tests only
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - fast hashes for tests only
    LOG_REQUESTS = False
    # Tests move the clock by days with one sign-in; the lifetime specs set their own values.
    SESSION_IDLE_MINUTES = 60 * 24 * 60
    SESSION_MAX_DAYS = 365
    MAIL_BACKEND = "locmem"
    # Round ids repeat from one test to the next: the cache specs choose their own backend.
    CACHE_BACKEND = "none"

    @classmethod
    def from_environment(cls) -> dict:
        settings = super().from_environment()
        settings.pop("SECRET_KEY", None)
        settings.pop("MAIL_BACKEND", None)
        settings.pop("CACHE_BACKEND", None)
        settings.pop("PASSWORD_HASH_METHOD", None)  # tests keep their fast hashes
        run_id = os.environ.get("TEST_RUN_ID", str(os.getpid()))
        url = os.environ.get("TEST_DATABASE_URL") or "sqlite:///" + str(
            INSTANCE_DIR / f"test-{run_id}.sqlite3"
        )
        settings["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(url)
        # The limits' counters of this run in a file of their own (other runs keep theirs).
        settings["RATELIMIT_STORAGE_URI"] = (
            f"sqlite:///{INSTANCE_DIR / f'test-{run_id}-ratelimits.sqlite3'}"
        )
        return settings


class ProductionConfig(Config):
    """Production: a secret is mandatory and cookies only travel over HTTPS."""

    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    MAIL_BACKEND = "smtp"

    @classmethod
    def finalize(cls, config: dict) -> None:
        _default_paths(config)
        if not config.get("SECRET_KEY"):
            raise RuntimeError(
                "SECRET_KEY must be set in production (e.g. export SECRET_KEY=$(python -c "
                "'import secrets; print(secrets.token_hex(32))'))."
            )


def normalize_database_url(url: str) -> str:
    """Accept postgres:// and postgresql:// URLs and route them through psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


CONFIGS = {"development": Config, "testing": TestConfig, "production": ProductionConfig}


def config_class(name: str | None = None) -> type[Config]:
    """Pick the configuration named by THILUAT_ENV (development, production, testing)."""
    return CONFIGS[name or os.environ.get("THILUAT_ENV", "development")]
