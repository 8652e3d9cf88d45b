// While someone is typing into a form, tell the server they are still here, so the idle
// timeout never signs them out in the middle of writing. No typing, no pings: an unattended
// page still times out as it should.
(function () {
  var form = document.querySelector("form[data-keepalive]");
  if (!form) return;
  var url = form.getAttribute("data-keepalive");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]");
  var lastPing = Date.now();
  var everyMs = 5 * 60 * 1000;
  form.addEventListener("input", function () {
    if (Date.now() - lastPing < everyMs) return;
    lastPing = Date.now();
    fetch(url, { method: "POST", headers: { "X-CSRFToken": token ? token.value : "" }, credentials: "same-origin" });
  });
})();
