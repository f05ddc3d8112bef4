document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy]");
  if (!button) { return; }
  var source = document.getElementById(button.getAttribute("data-copy"));
  navigator.clipboard.writeText(source.textContent).then(function () {
    button.setAttribute("data-copied", "true");
    button.textContent = button.getAttribute("data-done");
  });
});
