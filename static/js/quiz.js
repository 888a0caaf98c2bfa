/* ThiLuat quiz: progressive enhancement of the quiz form (it works without this file).
 *
 * - Every change is saved at once through the API; "Đã lưu" shows only after the server said so.
 * - Saves that fail wait in a queue kept in localStorage (per attempt) and are sent again when
 *   the connection returns ('online' event, and retries with backoff), oldest first, one at a
 *   time; each carries a sequence number so that an older save never overwrites a newer one.
 * - The countdown follows the server's clock (offset measured at load and on every save).
 * - One question per screen without reloading; flags for review kept in localStorage.
 * - A fill-in question's text is saved a moment after typing stops, and when it loses focus.
 * User-facing texts come from data-msg-* attributes rendered (and translated) by the server.
 */
(function () {
  "use strict";

  function formatLeft(ms, days) {
    var total = Math.max(0, Math.floor(ms / 1000));
    var d = Math.floor(total / 86400), h = Math.floor(total / 3600) % 24;
    var m = Math.floor(total / 60) % 60, s = total % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    var clock = (h || d ? two(h) + ":" : "") + two(m) + ":" + two(s);
    return d ? d + " " + days + " " + clock : clock;
  }

  function startCountdowns() {
    var nodes = document.querySelectorAll("[data-countdown]");
    if (!nodes.length) return;
    var node0 = nodes[0];
    var offset = Date.parse(node0.dataset.serverTime) - Date.now();
    function tick() {
      nodes.forEach(function (node) {
        var left = Date.parse(node.dataset.countdown) - (Date.now() + offset);
        node.textContent = left > 0 ? formatLeft(left, node.dataset.msgDays) : node.dataset.msgDone;
      });
    }
    tick();
    setInterval(tick, 1000);
  }

  function Quiz(form) {
    this.form = form;
    this.msg = form.dataset;
    this.attempt = form.dataset.attempt;
    this.queueKey = "thiluat.queue." + this.attempt;
    this.flagKey = "thiluat.flags." + this.attempt;
    this.deadline = Date.parse(form.dataset.deadline);
    this.grace = parseInt(form.dataset.graceMs, 10) || 0;
    this.offset = this.initialOffset(Date.parse(form.dataset.serverTime));
    this.csrf = document.querySelector('meta[name="csrf-token"]').content;
    this.queue = this.load(this.queueKey, {});
    this.flags = this.load(this.flagKey, {});
    this.lastSeq = 0;
    this.inflight = false;
    this.closed = false;
    this.backoff = 1000;
    this.retryTimer = null;
    this.status = document.getElementById("save-status");
    this.banner = document.getElementById("offline-banner");
    this.timer = document.getElementById("timer");
    this.alert = document.getElementById("timer-alert");
    this.onePerPage = form.classList.contains("one-per-page");
    this.typing = {};
  }

  Quiz.prototype.initialOffset = function (serverTime) {
    // The page left the server at serverTime and its first byte arrived at responseStart.
    var nav = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    var arrived = nav ? performance.timeOrigin + nav.responseStart : Date.now();
    return serverTime - arrived;
  };

  Quiz.prototype.now = function () { return Date.now() + this.offset; };

  Quiz.prototype.load = function (key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  };

  Quiz.prototype.store = function (key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: memory only */ }
  };

  Quiz.prototype.start = function () {
    var self = this;
    this.form.addEventListener("change", function (event) {
      var box = event.target.closest(".question");
      if (box && event.target.name && event.target.name.charAt(0) === "q") self.changed(box);
    });
    this.form.addEventListener("input", function (event) {
      if (event.target.classList.contains("fill-in-input")) self.typed(event.target.closest(".question"));
    });
    this.form.addEventListener("click", function (event) { self.clicked(event); });
    window.addEventListener("online", function () { self.retryNow(); });
    window.addEventListener("offline", function () { self.showBanner(true); });
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) { self.retryNow(); self.tick(); } // a phone waking up from sleep
    });
    this.form.querySelectorAll(".flag-toggle").forEach(function (button) { button.hidden = false; });
    var legend = this.form.querySelector(".legend-flagged");
    if (legend) legend.hidden = false;
    this.form.querySelectorAll(".question").forEach(function (box) { self.paintFlag(box); });
    this.restoreQueue();
    this.tick();
    this.clock = setInterval(function () { self.tick(); }, 1000);
    if (!navigator.onLine) this.showBanner(true);
    this.pump();
  };

  /* ---- answers ------------------------------------------------------------------------- */

  Quiz.prototype.choice = function (box) {
    var ids = [];
    box.querySelectorAll("input[type=radio]:checked, input[type=checkbox]:checked").forEach(function (input) {
      ids.push(parseInt(input.value, 10));
    });
    return ids.sort(function (a, b) { return a - b; });
  };

  Quiz.prototype.textInput = function (box) { return box.querySelector(".fill-in-input"); };

  // What the candidate answered: { ids } for a choice question, { text } for a fill-in one.
  Quiz.prototype.answerOf = function (box) {
    var input = this.textInput(box);
    return input ? { text: input.value } : { ids: this.choice(box) };
  };

  Quiz.prototype.isAnswered = function (box) {
    var input = this.textInput(box);
    return input ? input.value.trim() !== "" : this.choice(box).length > 0;
  };

  Quiz.prototype.typed = function (box) {
    var self = this, qid = box.dataset.question;
    clearTimeout(this.typing[qid]);
    this.paintGrid(box);
    this.typing[qid] = setTimeout(function () { delete self.typing[qid]; self.changed(box); }, 800);
  };

  Quiz.prototype.flushTyping = function () {
    var self = this;
    Object.keys(this.typing).forEach(function (qid) {
      clearTimeout(self.typing[qid]);
      delete self.typing[qid];
      self.changed(self.form.querySelector('.question[data-question="' + qid + '"]'));
    });
  };

  Quiz.prototype.changed = function (box) {
    if (this.closed) return;
    var qid = box.dataset.question;
    clearTimeout(this.typing[qid]);
    delete this.typing[qid];
    var entry = this.answerOf(box), queued = this.queue[qid];
    var shown = this.form.querySelector("input[name=was" + qid + "]").value;
    if (entry.text !== undefined && !queued && entry.text.trim() === shown.trim()) return; // nothing new
    var seq = Math.max(Math.round(this.now()), this.lastSeq + 1);
    this.lastSeq = seq;
    entry.seq = seq;
    this.queue[qid] = entry;
    this.store(this.queueKey, this.queue);
    this.setState(box.dataset.question, "saving");
    this.paintGrid(box);
    this.pump();
  };

  Quiz.prototype.restoreQueue = function () {
    var self = this;
    Object.keys(this.queue).forEach(function (qid) {
      var box = self.form.querySelector('.question[data-question="' + qid + '"]');
      if (!box) { delete self.queue[qid]; return; }
      var entry = self.queue[qid];
      self.lastSeq = Math.max(self.lastSeq, entry.seq);
      var text = self.textInput(box);
      if (text && entry.text !== undefined) {
        text.value = entry.text;
      } else if (!text && entry.ids) {
        box.querySelectorAll("input[name=q" + qid + "]").forEach(function (input) {
          input.checked = entry.ids.indexOf(parseInt(input.value, 10)) !== -1;
        });
      } else {
        delete self.queue[qid]; // kept for another kind of question: nothing to send
        return;
      }
      self.setState(qid, "queued");
      self.paintGrid(box);
    });
    this.store(this.queueKey, this.queue);
  };

  Quiz.prototype.pending = function () { return Object.keys(this.queue).length; };

  Quiz.prototype.pump = function () {
    var self = this;
    if (this.inflight || this.closed) return;
    var qid = Object.keys(this.queue)[0];
    if (qid === undefined) { this.drained(); return; }
    var entry = this.queue[qid];
    var sentAt = Date.now();
    var controller = window.AbortController ? new AbortController() : null;
    var timeout = controller && setTimeout(function () { controller.abort(); }, 20000);
    this.inflight = true;
    fetch(this.form.dataset.saveBase + qid, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrf, "Accept": "application/json" },
      body: JSON.stringify(entry.text !== undefined ? { text: entry.text, seq: entry.seq }
                                                    : { option_ids: entry.ids, seq: entry.seq }),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        clearTimeout(timeout);
        self.inflight = false;
        self.answered(qid, entry, response, body, sentAt);
      });
    }, function () {
      clearTimeout(timeout);
      self.inflight = false;
      self.failed(true);
    });
  };

  Quiz.prototype.answered = function (qid, entry, response, body, sentAt) {
    var code = body.error && body.error.code;
    if (response.ok) {
      this.offset = Date.parse(body.server_time) - (sentAt + Date.now()) / 2;
      if (this.queue[qid] && this.queue[qid].seq === entry.seq) {
        delete this.queue[qid];
        this.store(this.queueKey, this.queue);
        this.showSaved(qid, body);
      }
      this.savedSome = true;
      this.backoff = 1000;
      this.showBanner(false);
      this.pump();
    } else if (code === "attempt_closed") {
      this.close();
    } else if (code === "csrf_failed") {
      this.refreshCsrf();
    } else if (response.status === 400 || response.status === 404) {
      delete this.queue[qid];
      this.store(this.queueKey, this.queue);
      this.setState(qid, "error");
      this.pump();
    } else {
      if (response.status === 401) this.say(this.msg.msgSignedOut, true);
      this.failed(false);
    }
  };

  Quiz.prototype.showSaved = function (qid, saved) {
    // The server keeps the newest answer (another device may have answered later): show it,
    // unless the candidate is typing in that box right now.
    var box = this.form.querySelector('.question[data-question="' + qid + '"]');
    var text = this.textInput(box), was = this.form.querySelector("input[name=was" + qid + "]");
    if (text) {
      if (document.activeElement !== text && !this.typing[qid]) text.value = saved.text || "";
      was.value = saved.text || "";
    } else {
      var ids = saved.option_ids || [];
      box.querySelectorAll("input[name=q" + qid + "]").forEach(function (input) {
        input.checked = ids.indexOf(parseInt(input.value, 10)) !== -1;
      });
      was.value = ids.join(",");
    }
    this.setState(qid, "saved");
    this.paintGrid(box);
  };

  Quiz.prototype.refreshCsrf = function () {
    var self = this;
    fetch(this.form.dataset.csrfUrl, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (body) { self.csrf = body.csrf_token; self.pump(); }, function () { self.failed(true); });
  };

  Quiz.prototype.failed = function (network) {
    var self = this;
    if (network || !navigator.onLine) this.showBanner(true);
    Object.keys(this.queue).forEach(function (qid) { self.setState(qid, "queued"); });
    this.say(this.msg.msgPending.replace("{n}", this.pending()), true);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(function () { self.pump(); }, this.backoff);
    this.backoff = Math.min(this.backoff * 2, 30000);
  };

  Quiz.prototype.retryNow = function () {
    clearTimeout(this.retryTimer);
    this.backoff = 1000;
    this.pump();
  };

  Quiz.prototype.drained = function () {
    if (this.savedSome) this.say(this.msg.msgAllSaved, false);
    if (this.afterDrain) { var next = this.afterDrain; this.afterDrain = null; next(); }
  };

  Quiz.prototype.close = function () {
    this.closed = true;
    this.queue = {};
    this.store(this.queueKey, this.queue);
    this.form.classList.add("is-closed");
    this.form.querySelectorAll("fieldset").forEach(function (fieldset) { fieldset.disabled = true; });
    this.say(this.msg.msgClosed, true);
    var result = this.form.dataset.resultUrl;
    setTimeout(function () { window.location.assign(result); }, 1500);
  };

  /* ---- what the candidate sees ----------------------------------------------------------- */

  Quiz.prototype.setState = function (qid, state) {
    var node = document.getElementById("status-" + qid);
    if (!node) return;
    var text = { saving: this.msg.msgSaving, saved: this.msg.msgSaved, queued: this.msg.msgQueued,
                 error: this.msg.msgRejected }[state];
    node.dataset.state = state;
    node.textContent = text || "";
  };

  Quiz.prototype.say = function (text, pending) {
    this.status.textContent = text;
    this.status.classList.toggle("is-pending", pending);
  };

  Quiz.prototype.showBanner = function (show) { this.banner.hidden = !show; };

  Quiz.prototype.gridCell = function (box) {
    return this.form.querySelector('.grid-cell[data-position="' + box.dataset.position + '"]');
  };

  Quiz.prototype.paintGrid = function (box) {
    var cell = this.gridCell(box);
    if (!cell) return;
    var answered = this.isAnswered(box), flagged = !!this.flags[box.dataset.question];
    cell.classList.toggle("is-answered", answered);
    cell.classList.toggle("is-flagged", flagged);
    var label = cell.getAttribute("aria-label").split(",")[0] + ", " +
      (answered ? this.msg.msgAnswered : this.msg.msgUnanswered) + (flagged ? ", " + this.msg.msgFlagged : "");
    cell.setAttribute("aria-label", label);
  };

  Quiz.prototype.paintFlag = function (box) {
    var button = box.querySelector(".flag-toggle");
    var flagged = !!this.flags[box.dataset.question];
    button.setAttribute("aria-pressed", flagged ? "true" : "false");
    button.textContent = flagged ? this.msg.msgUnflag : this.msg.msgFlag;
    this.paintGrid(box);
  };

  Quiz.prototype.clicked = function (event) {
    var button = event.target.closest("button");
    if (!button || !this.form.contains(button)) return;
    var box = button.closest(".question");
    if (button.classList.contains("flag-toggle")) {
      this.flags[box.dataset.question] = !this.flags[box.dataset.question];
      this.store(this.flagKey, this.flags);
      this.paintFlag(box);
    } else if (button.classList.contains("clear-answer")) {
      event.preventDefault();
      box.querySelectorAll("input:checked").forEach(function (input) { input.checked = false; });
      if (this.textInput(box)) this.textInput(box).value = "";
      this.changed(box);
    } else if (button.value === "submit") {
      this.flushTyping();
      this.submitWhenSaved(event, button);
    } else if (button.classList.contains("default-action")) {
      event.preventDefault(); // Enter in the form: answers are already saved as they change
      this.flushTyping();
    } else if (button.classList.contains("save-all")) {
      event.preventDefault();
      this.flushTyping();
      this.retryNow();
    } else if (button.name === "go" && /^\d+$/.test(button.value)) {
      event.preventDefault();
      this.flushTyping();
      this.show(parseInt(button.value, 10));
    }
  };

  Quiz.prototype.submitWhenSaved = function (event, button) {
    var self = this;
    if (!this.pending()) return; // the form posts as usual
    event.preventDefault();
    this.afterDrain = function () { self.form.requestSubmit(button); };
    this.retryNow();
    if (this.pending() && !navigator.onLine) this.say(this.msg.msgSubmitBlocked, true);
  };

  Quiz.prototype.show = function (position) {
    var target = document.getElementById("q-" + position);
    if (!target) return;
    if (this.onePerPage) {
      this.form.querySelectorAll(".question").forEach(function (box) { box.hidden = box !== target; });
      this.form.querySelectorAll(".grid-cell").forEach(function (cell) {
        if (cell.dataset.position === String(position)) cell.setAttribute("aria-current", "step");
        else cell.removeAttribute("aria-current");
      });
      this.form.querySelector("input[name=q]").value = position;
      this.form.querySelector(".default-action").value = position;
      history.replaceState(null, "", "?q=" + position + "#q-" + position);
    }
    target.focus();
    target.scrollIntoView({ block: "start" });
  };

  /* ---- the clock ------------------------------------------------------------------------- */

  Quiz.prototype.tick = function () {
    var left = this.deadline - this.now();
    this.timer.textContent = formatLeft(left, this.msg.msgDays);
    this.timer.parentNode.classList.toggle("is-low", left <= 60000);
    this.warn(left, 300000, this.msg.msgWarn5);
    this.warn(left, 60000, this.msg.msgWarn1);
    if (left <= 0 && !this.timeUp) this.finish();
  };

  Quiz.prototype.warn = function (left, at, text) {
    this.warned = this.warned || {};
    if (left <= at && left > at - 5000 && !this.warned[at]) {
      this.warned[at] = true;
      this.alert.textContent = text;
    }
  };

  Quiz.prototype.finish = function () {
    // Time is up: nothing more can be changed; what is queued still has the grace to arrive.
    var self = this;
    this.flushTyping();
    this.timeUp = true;
    clearInterval(this.clock);
    this.form.querySelectorAll("fieldset").forEach(function (fieldset) { fieldset.disabled = true; });
    this.alert.textContent = this.msg.msgTimeUp;
    this.retryNow();
    var wait = Math.max(0, this.deadline + this.grace + 1000 - this.now());
    setTimeout(function () { window.location.assign(self.form.dataset.resultUrl); }, wait);
  };

  document.addEventListener("DOMContentLoaded", function () {
    startCountdowns();
    var form = document.getElementById("quiz");
    if (form && window.fetch && window.JSON) new Quiz(form).start();
  });
})();
