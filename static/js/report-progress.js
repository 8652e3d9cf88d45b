// Shows a report build's progress without reloading the page, so nothing typed into the
// build form is lost; when the build is done it offers the new report.
(function () {
  var box = document.getElementById("build-progress-box");
  if (!box || !window.fetch) {
    return;
  }
  var bar = document.getElementById("build-progress");
  var label = document.getElementById("build-progress-label");
  var link = document.getElementById("build-progress-link");
  function check() {
    fetch(box.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (build) {
        bar.value = build.progress;
        bar.textContent = build.progress + "%";
        label.textContent = build.label;
        if (build.url) {
          link.innerHTML = "";
          var anchor = document.createElement("a");
          anchor.className = "govuk-link";
          anchor.href = build.url;
          anchor.textContent = box.getAttribute("data-done-text") || "Show the new report";
          link.appendChild(anchor);
        } else if (build.status === "queued" || build.status === "running") {
          window.setTimeout(check, 2000);
        }
      })
      .catch(function () { window.setTimeout(check, 5000); });
  }
  window.setTimeout(check, 1000);
})();
