// Question bank pages. Progressive enhancement: every form works without this script.
// - Upload: check the size first, then send the file with XMLHttpRequest to show its progress.
// - Import: disable the button while the server writes, so a second click cannot resubmit.
// - Editor: only the part of the form the chosen question type uses is shown.
(function () {
  "use strict";

  function showError(form, message) {
    var box = form.querySelector(".bank-upload-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "error bank-upload-error";
      box.setAttribute("role", "alert");
      form.insertBefore(box, form.querySelector("button[type=submit]"));
    }
    box.textContent = message;
  }

  function enhanceUpload(form) {
    var input = form.querySelector("input[type=file]");
    var panel = form.querySelector(".bank-progress");
    var bar = panel.querySelector("progress");
    var status = panel.querySelector("p");
    var button = form.querySelector("button[type=submit]");
    var maxBytes = parseInt(form.dataset.maxBytes, 10);

    form.addEventListener("submit", function (event) {
      var file = input.files && input.files[0];
      if (!file || !window.FormData) {
        return; // let the browser submit the plain form
      }
      event.preventDefault();
      if (maxBytes && file.size > maxBytes) {
        showError(form, form.dataset.tooLarge);
        return;
      }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (progress) {
        if (progress.lengthComputable) {
          bar.value = Math.round((progress.loaded / progress.total) * 100);
          status.textContent = bar.value + "%";
        }
      });
      xhr.upload.addEventListener("load", function () {
        bar.removeAttribute("value"); // indeterminate while the server stores the file
        status.textContent = form.dataset.reading;
      });
      xhr.addEventListener("load", function () {
        var body = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch (ignored) {
          body = null;
        }
        if (xhr.status === 200 && body && body.redirect) {
          window.location.assign(body.redirect);
          return;
        }
        panel.hidden = true;
        button.disabled = false;
        showError(form, body && body.error ? body.error.message : form.dataset.failed);
      });
      xhr.addEventListener("error", function () {
        panel.hidden = true;
        button.disabled = false;
        showError(form, form.dataset.failed);
      });
      panel.hidden = false;
      button.disabled = true;
      bar.value = 0;
      xhr.send(new FormData(form));
    });
  }

  function enhanceCommit(form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      window.setTimeout(function () {
        button.disabled = true;
        button.textContent = button.dataset.busy;
      }, 0);
    });
  }

  // Editor: show the option rows or the fill-in answers, as the chosen type uses them.
  function enhanceEditor(form) {
    var select = form.querySelector(".bank-qtype");
    var parts = form.querySelectorAll("[data-types]");
    function show() {
      Array.prototype.forEach.call(parts, function (part) {
        part.hidden = part.dataset.types.split(" ").indexOf(select.value) === -1;
      });
    }
    select.addEventListener("change", show);
    show();
  }

  var upload = document.getElementById("bank-upload");
  if (upload) {
    enhanceUpload(upload);
  }
  Array.prototype.forEach.call(document.querySelectorAll("form.bank-commit"), enhanceCommit);
  Array.prototype.forEach.call(document.querySelectorAll("form.bank-editor"), enhanceEditor);
})();
