"""The app factory and its configuration, read from the environment when the app is built."""

import pytest

from contest import create_app


def test_defaults_to_sqlite_file_under_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app("development", INSTANCE_DIR=tmp_path)
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/thiluat.sqlite3")


def test_database_url_is_read_when_the_app_is_built(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db.example/thiluat")
    app = create_app("development", INSTANCE_DIR=tmp_path)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/thiluat"


def test_development_secret_is_generated_once_into_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app("development", INSTANCE_DIR=tmp_path).config["SECRET_KEY"]
    second = create_app("development", INSTANCE_DIR=tmp_path).config["SECRET_KEY"]
    assert len(first) >= 32
    assert first == second
    assert (tmp_path / "secret_key").read_text().strip() == first


def test_production_refuses_to_start_without_secret(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_production_uses_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    app = create_app("production")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_redis_url_upload_limit_and_timezone(monkeypatch, tmp_path):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("MAX_UPLOAD_MB", "5")
    app = create_app("development", INSTANCE_DIR=tmp_path)
    assert app.config["REDIS_URL"] == "redis://127.0.0.1:6379/0"
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"
    assert app.config["MAX_CONTENT_LENGTH"] == 5 * 1024 * 1024
    assert app.config["DISPLAY_TIMEZONE"] == "Asia/Ho_Chi_Minh"
    assert app.config["BABEL_DEFAULT_LOCALE"] == "vi"


def test_default_upload_limit_is_20_mb(monkeypatch, tmp_path):
    monkeypatch.delenv("MAX_UPLOAD_MB", raising=False)
    assert (
        create_app("development", INSTANCE_DIR=tmp_path).config["MAX_CONTENT_LENGTH"]
        == 20 * 1024 * 1024
    )


def test_csrf_tokens_do_not_expire_within_a_session(app):
    assert app.config["WTF_CSRF_TIME_LIMIT"] is None


def test_without_redis_the_limits_count_in_a_file_every_worker_shares(monkeypatch, tmp_path):
    monkeypatch.delenv("REDIS_URL", raising=False)
    app = create_app("development", INSTANCE_DIR=tmp_path)
    assert app.config["RATELIMIT_STORAGE_URI"] == f"sqlite:///{tmp_path / 'ratelimits.sqlite3'}"


def test_trusted_proxies_are_read_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    assert create_app("development", INSTANCE_DIR=tmp_path).config["TRUSTED_PROXIES"] == 0
    monkeypatch.setenv("TRUSTED_PROXIES", "2")
    assert create_app("development", INSTANCE_DIR=tmp_path).config["TRUSTED_PROXIES"] == 2


def test_password_hash_cost_is_set_by_the_environment(monkeypatch, tmp_path):
    from contest.accounts.credentials import hash_password

    monkeypatch.setenv("PASSWORD_HASH_METHOD", "pbkdf2:sha256:2000")
    app = create_app("development", INSTANCE_DIR=tmp_path)
    with app.app_context():
        assert hash_password("mat-khau-1").startswith("pbkdf2:sha256:2000$")


def test_an_unknown_password_hash_method_stops_the_app_at_build(monkeypatch, tmp_path):
    monkeypatch.setenv("PASSWORD_HASH_METHOD", "scrypt:fast")
    with pytest.raises(RuntimeError, match="PASSWORD_HASH_METHOD"):
        create_app("development", INSTANCE_DIR=tmp_path)


def test_start_capacity_is_set_by_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("START_CAPACITY", "0")
    unlimited = create_app("development", INSTANCE_DIR=tmp_path)
    monkeypatch.setenv("START_CAPACITY", "7")
    monkeypatch.setenv("START_RETRY_SECONDS", "9")
    limited = create_app("development", INSTANCE_DIR=tmp_path)

    assert unlimited.extensions["start_gate"] is None
    assert limited.extensions["start_gate"]._initial_value == 7
    assert limited.config["START_RETRY_SECONDS"] == 9


def test_without_a_setting_passwords_are_hashed_with_scrypt_at_the_interactive_cost(
    monkeypatch, tmp_path
):
    from contest.accounts.credentials import hash_password

    monkeypatch.delenv("PASSWORD_HASH_METHOD", raising=False)
    app = create_app("development", INSTANCE_DIR=tmp_path)
    with app.app_context():
        assert hash_password("mat-khau-1").startswith("scrypt:16384:8:1$")


def test_the_wait_for_a_database_away_for_a_moment_is_set_by_the_environment(monkeypatch, tmp_path):
    assert create_app("development", INSTANCE_DIR=tmp_path).config["DATABASE_WAIT_SECONDS"] == 10
    monkeypatch.setenv("DATABASE_WAIT_SECONDS", "3")
    assert create_app("development", INSTANCE_DIR=tmp_path).config["DATABASE_WAIT_SECONDS"] == 3
