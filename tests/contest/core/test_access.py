"""The access matrix: every protected page and API route × every role and anonymous users."""

import pytest

ROLES = ["admin", "organizer", "judge", "candidate"]


def protected_routes(app):
    """(rule, methods, allowed roles) for every view guarded by roles_required."""
    routes = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        allowed = getattr(view, "allowed_roles", None)
        if allowed is None:
            continue
        url = rule.rule
        for argument in rule.arguments:
            url = url.replace(f"<int:{argument}>", "1").replace(f"<{argument}>", "x")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((url, method, {role.value for role in allowed}))
    return routes


def test_every_staff_area_is_guarded(app):
    urls = {url for url, _method, _roles in protected_routes(app)}
    for prefix in ("/organizer/", "/judge/", "/admin/", "/me/"):
        assert prefix in urls


def test_anonymous_users_are_sent_to_sign_in(app, client):
    for url, method, _roles in protected_routes(app):
        response = client.open(url, method=method)
        if url.startswith("/api/"):
            assert response.status_code == 401, url
            assert response.get_json()["error"]["code"] == "unauthorized"
        else:
            assert response.status_code == 302, url
            assert "/login" in response.headers["Location"], url


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_its_routes(app, client, auth, make_user, role):
    auth.login(make_user(role))
    for url, method, allowed in protected_routes(app):
        response = client.open(url, method=method)
        if role in allowed:
            assert response.status_code not in (401, 403), (url, method, role)
        else:
            assert response.status_code == 403, (url, method, role)
            if url.startswith("/api/"):
                assert response.get_json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(
    ("role", "home", "marker"),
    [
        ("candidate", "/me/", "Bài thi của tôi"),
        ("organizer", "/organizer/", "Ban tổ chức"),
        ("judge", "/judge/", "Ban giám khảo"),
        ("admin", "/admin/", "Tạo tài khoản cán bộ"),
    ],
)
def test_login_page_sends_each_role_to_its_home(client, make_user, role, home, marker):
    user = make_user(role)
    response = client.post("/login", data={"login": user.login_name, "password": "mat-khau-1"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(home)
    assert marker in client.get(home).get_data(as_text=True)
