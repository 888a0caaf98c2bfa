"""What a browser does on the candidate pages: read a page, start from the lobby, post the quiz."""

from __future__ import annotations

from html.parser import HTMLParser

from contest.attempts.models import Attempt
from contest.core.extensions import db
from questions.models import Question


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def start_page(client, round_):
    """Press "Vào thi" on the lobby and follow to the quiz; returns (attempt, quiz html)."""
    response = client.post(f"/contests/{round_.contest.slug}/rounds/{round_.id}/start")
    assert response.status_code == 302, response.get_data(as_text=True)
    attempt_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    return db.session.get(Attempt, attempt_id), page(client.get(response.headers["Location"]))


class FormReader(HTMLParser):
    """What a browser would post from the quiz form: hidden fields, the radios/checkboxes and
    the text boxes of fill-in questions."""

    def __init__(self):
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.choices: dict[str, list[str]] = {}
        self.checked: dict[str, list[str]] = {}
        self.texts: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag != "input":
            return
        if attrs.get("type") == "hidden":
            self.hidden[attrs["name"]] = attrs.get("value", "")
        elif attrs.get("type") == "text":
            self.texts[attrs["name"]] = attrs.get("value", "")
        elif attrs.get("type") in ("radio", "checkbox"):
            self.choices.setdefault(attrs["name"], []).append(attrs["value"])
            if "checked" in attrs:
                self.checked.setdefault(attrs["name"], []).append(attrs["value"])


def read_form(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    return reader


def post_quiz(client, attempt, html, picks: dict[int, int], typed=None, **buttons):
    """Post the quiz page as a browser would, with these picks (question id → option index) and
    these texts typed (question id → text)."""
    form = read_form(html)
    data = {name: value for name, value in form.hidden.items() if name != "csrf_token"}
    data.update(form.texts)
    fields: dict[str, list[str]] = {name: list(values) for name, values in form.checked.items()}
    for question_id, index in picks.items():
        fields[f"q{question_id}"] = [form.choices[f"q{question_id}"][index]]
    data.update(fields)
    data.update({f"q{question_id}": text for question_id, text in (typed or {}).items()})
    data.update(buttons)
    return client.post(f"/attempts/{attempt.id}", data=data)


def correct_index(html, question_id):
    question = db.session.get(Question, question_id)
    key = next(o.id for o in question.current.options if o.is_correct)
    return read_form(html).choices[f"q{question_id}"].index(str(key))
