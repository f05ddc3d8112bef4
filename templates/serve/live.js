// Live preview: ask the preview server for its build number and reload when it changes.
(function () {
  var seen = null;
  function poll() {
    fetch("/__registry/build", {cache: "no-store"})
      .then(function (response) { return response.text(); })
      .then(function (build) {
        if (seen !== null && build !== seen) { location.reload(); return; }
        seen = build;
        setTimeout(poll, {{ interval }});
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
