"""Logging in and out, throttling, language, headers, CSRF."""

from tests.conftest import PASSWORD, csrf_token, login


def test_login_page_is_swedish_by_default(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="sv">' in html
    assert "Logga in" in html


def test_a_user_logs_in_and_sees_the_portfolio(client, make_user):
    make_user("viewer", email="v@example.se")
    response = login(client, "v@example.se")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/projects/")
    assert client.get("/projects/").status_code == 200


def test_wrong_password_is_refused_with_a_message(client, make_user):
    make_user("viewer", email="v@example.se")
    response = login(client, "v@example.se", "wrong password")
    assert response.status_code == 401
    assert client.get("/projects/").status_code == 302


def test_failed_logins_are_throttled_even_for_the_right_password(client, make_user, app):
    make_user("viewer", email="v@example.se")
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        assert login(client, "v@example.se", "wrong password").status_code == 401
    assert login(client, "v@example.se", PASSWORD).status_code == 429
    # Another account from another client is not affected.
    make_user("viewer", email="w@example.se")
    other = app.test_client()
    response = other.post("/login", data={"email": "w@example.se", "password": PASSWORD,
                                          "csrf_token": csrf_token(other)},
                          environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert response.status_code == 302


def test_a_post_without_csrf_token_is_answered_400(client, make_user):
    make_user("viewer", email="v@example.se")
    response = client.post("/login", data={"email": "v@example.se", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/projects/").status_code == 302


def test_language_switch_is_remembered_on_the_account(app, client, make_user, db):
    user = make_user("viewer", email="v@example.se")
    login(client, "v@example.se")
    token = csrf_token(client, "/projects/")
    client.post("/language", data={"locale": "en", "csrf_token": token, "next": "/projects/"})
    html = client.get("/projects/").get_data(as_text=True)
    assert '<html lang="en">' in html and "Portfolio" in html
    db.expire_all()
    assert db.get(type(user), user.id).locale == "en"
    # A new session for the same user starts in English.
    fresh = app.test_client()
    login(fresh, "v@example.se")
    assert '<html lang="en">' in fresh.get("/projects/").get_data(as_text=True)


def test_security_headers_are_set(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    make_user("viewer", email="v@example.se")
    response = login(client, "v@example.se")
    cookie = response.headers.get("Set-Cookie", "")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_logout_ends_the_session(client, make_user):
    make_user("viewer", email="v@example.se")
    login(client, "v@example.se")
    token = csrf_token(client, "/projects/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/projects/").status_code == 302


def test_unknown_page_has_a_translated_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.get_data(as_text=True)


def test_open_redirect_after_login_is_refused(client, make_user):
    make_user("viewer", email="v@example.se")
    token = csrf_token(client)
    response = client.post("/login", data={"email": "v@example.se", "password": PASSWORD,
                                           "csrf_token": token, "next": "//evil.example/x"})
    assert response.headers["Location"].endswith("/projects/")
