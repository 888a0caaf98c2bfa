/* ThiLuat practice: answer through the API and show the explanation in place.
 *
 * The page works without this file (the form posts, the next page explains). Here the answer
 * is sent to PUT /api/v1/practice/sessions/<id>/answers/<question>, the options are marked
 * right and wrong, and the explanation, legal basis and next review appear under the question.
 * Texts come from data-msg-* attributes rendered (and translated) by the server. Any network
 * trouble falls back to the plain form post.
 */
(function () {
  "use strict";
  var form = document.getElementById("practice");
  if (!form || !window.fetch || !form.querySelector("button[type=submit]")) return;
  var msg = form.dataset;
  var button = form.querySelector("button[type=submit]");
  var problem = document.getElementById("practice-error");
  var csrf = document.querySelector('meta[name="csrf-token"]').content;

  function paragraph(className, label, text) {
    var p = document.createElement("p");
    p.className = className;
    if (label) {
      var strong = document.createElement("strong");
      strong.textContent = label + ": ";
      p.appendChild(strong);
    }
    p.appendChild(document.createTextNode(text));
    return p;
  }

  function note(label, text) {
    var strong = document.createElement("strong");
    strong.className = "option-note";
    strong.textContent = text;
    label.querySelector("span").appendChild(document.createTextNode(" "));
    label.querySelector("span").appendChild(strong);
  }

  function formatTime(iso) {
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang || "vi", {
        timeZone: msg.timezone, day: "2-digit", month: "2-digit", year: "numeric",
        hour: "2-digit", minute: "2-digit", hour12: false
      }).format(new Date(iso));
    } catch (e) { return iso; }
  }

  function show(feedback) {
    form.querySelectorAll("label.option").forEach(function (label) {
      var input = label.querySelector("input");
      var id = parseInt(input.value, 10);
      input.disabled = true;
      if (feedback.chosen.indexOf(id) >= 0) { label.classList.add("is-chosen"); note(label, msg.msgChosen); }
      if (feedback.correct.indexOf(id) >= 0) { label.classList.add("is-correct"); note(label, msg.msgCorrectOption); }
    });
    button.parentNode.hidden = true;
    var section = document.getElementById("feedback-" + feedback.position);
    var body = section.querySelector(".feedback-body");
    section.classList.add(feedback.is_correct ? "is-right" : "is-wrong");
    body.appendChild(paragraph("verdict " + (feedback.is_correct ? "is-right" : "is-wrong"), "",
      feedback.is_correct ? msg.msgRight : msg.msgWrong));
    if (feedback.explanation) body.appendChild(paragraph("explanation", msg.msgExplanation, feedback.explanation));
    if (feedback.legal_basis) body.appendChild(paragraph("legal-basis", msg.msgLegalBasis, feedback.legal_basis));
    if (feedback.due_at) {
      body.appendChild(paragraph("muted next-review", "", msg.msgNextReview.replace("{t}", formatTime(feedback.due_at))));
    }
    section.hidden = false;
    document.querySelector(".practice-next").hidden = false;
    section.focus();
  }

  function fail(text) {
    problem.textContent = text;
    problem.hidden = false;
    button.disabled = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = Array.prototype.map.call(
      form.querySelectorAll("input[name=option]:checked"), function (input) { return parseInt(input.value, 10); });
    if (!chosen.length) { fail(msg.msgChoose); return; }
    problem.hidden = true;
    button.disabled = true;
    fetch(msg.answerUrl, {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify({ option_ids: chosen })
    }).then(function (response) {
      return response.json().then(function (body) { return { response: response, body: body }; });
    }).then(function (result) {
      if (result.response.ok) { show(result.body); return; }
      var error = (result.body && result.body.error) || {};
      if (error.code === "already_answered") { window.location.assign(msg.feedbackUrl); return; }
      fail(error.message || msg.msgChoose);
    }).catch(function () { form.submit(); });
  });
})();
