"""The development outbox: e-mails land in files that a page shows, never in production."""

from __future__ import annotations

import pytest

from contest import create_app


@pytest.fixture
def file_outbox(app, tmp_path, monkeypatch):
    """Mail goes to files in a temporary folder, as in development."""
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "file")
    monkeypatch.setitem(app.config, "MAIL_FILE_PATH", str(tmp_path))
    state = app.extensions["mailman"]
    monkeypatch.setattr(state, "backend", "file")
    monkeypatch.setattr(state, "file_path", str(tmp_path))
    return tmp_path


def test_a_reset_email_lands_in_the_outbox_page_with_a_working_link(client, make_user, file_outbox):
    make_user(email="hop-thu@example.vn")
    page = client.post("/password/forgot", data={"login": "hop-thu@example.vn"})
    assert "/dev/outbox/" in page.get_data(as_text=True)
    assert list(file_outbox.glob("*.log"))
    html = client.get("/dev/outbox/").get_data(as_text=True)
    assert "Đặt lại mật khẩu ThiLuat" in html
    assert "hop-thu@example.vn" in html
    assert '<a href="http://localhost/password/reset/' in html


def test_the_forgot_page_links_the_outbox_only_while_mail_goes_to_files(client):
    assert "/dev/outbox/" not in client.get("/password/forgot").get_data(as_text=True)
    assert client.get("/dev/outbox/").status_code == 404


def test_the_outbox_page_does_not_exist_in_production(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("MAIL_BACKEND", "file")
    app = create_app("production", INSTANCE_DIR=tmp_path, SQLALCHEMY_DATABASE_URI="sqlite://")
    with app.test_request_context():
        from contest.core.mail import outbox_enabled

        assert app.config["MAIL_BACKEND"] == "file"
        assert outbox_enabled() is False


def test_mail_settings_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.vn")
    monkeypatch.setenv("MAIL_PORT", "587")
    monkeypatch.setenv("MAIL_USE_TLS", "true")
    monkeypatch.setenv("MAIL_DEFAULT_SENDER", "ThiLuat <thiluat@example.vn>")
    app = create_app("development", INSTANCE_DIR=tmp_path)
    assert app.config["MAIL_BACKEND"] == "smtp"
    assert (app.config["MAIL_SERVER"], app.config["MAIL_PORT"]) == ("smtp.example.vn", 587)
    assert app.config["MAIL_USE_TLS"] is True
    assert app.extensions["mailman"].default_sender == "ThiLuat <thiluat@example.vn>"


def test_development_mail_goes_to_the_instance_outbox(monkeypatch, tmp_path):
    for name in ("MAIL_SERVER", "MAIL_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    app = create_app("development", INSTANCE_DIR=tmp_path)
    assert app.config["MAIL_BACKEND"] == "file"
    assert app.config["MAIL_FILE_PATH"] == str(tmp_path / "outbox")
