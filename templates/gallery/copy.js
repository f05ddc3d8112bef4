// The gallery's copy buttons. "rich" puts the notice on the clipboard as HTML and as plain text together, so
// that Word, Outlook or a site's editor paste it formatted and a plain field pastes its words; "text" puts
// the plain text alone. Where the browser offers no clipboard API (pages served over plain HTTP on a
// network address), a selection of the same content is copied the older way. The status line always says
// whether the copy worked; when it did not, the text is left selected for Ctrl+C.
(function () {
  "use strict";
  var BOX = "\u2610";

  // The notice as pasted: a form's boxes become the box character, which every editor shows.
  function content(preview) {
    var copy = preview.cloneNode(true);
    copy.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.replaceWith(document.createTextNode(BOX));
    });
    return copy;
  }

  // Laid out off screen, so that the plain text is the browser's own reading of the formatted one.
  function offscreen(node, editable) {
    var holder = document.createElement("div");
    holder.style.cssText = "position:fixed;left:-10000px;top:0;width:40em;white-space:normal";
    if (editable) { holder.contentEditable = "true"; }
    holder.appendChild(node);
    document.body.appendChild(holder);
    return holder;
  }

  function plainText(node) {
    var holder = offscreen(node.cloneNode(true), false);
    var text = holder.innerText.replace(/[ \t]+\n/g, "\n").replace(/\n{3,}/g, "\n\n").trim() + "\n";
    holder.remove();
    return text;
  }

  // Without the clipboard API: the content selected in an editable block, copied by the browser, with both
  // flavours set exactly by the copy event.
  function copySelection(html, text) {
    var node = document.createElement("div");
    node.innerHTML = html === null ? "" : html;
    if (html === null) { node.textContent = text; }
    var holder = offscreen(node, true);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.selectAllChildren(holder);
    function fill(event) {
      event.clipboardData.setData("text/plain", text);
      if (html !== null) { event.clipboardData.setData("text/html", html); }
      event.preventDefault();
    }
    document.addEventListener("copy", fill);
    var done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    document.removeEventListener("copy", fill);
    selection.removeAllRanges();
    holder.remove();
    return done;
  }

  function copyWithApi(html, text) {
    var flavours = {"text/plain": new Blob([text], {type: "text/plain"})};
    if (html !== null) { flavours["text/html"] = new Blob([html], {type: "text/html"}); }
    return navigator.clipboard.write([new ClipboardItem(flavours)]);
  }

  function report(article, preview, done) {
    var status = article.querySelector(".status");
    status.textContent = status.getAttribute(done ? "data-done" : "data-failed");
    status.setAttribute("data-state", done ? "done" : "failed");
    if (!done) { window.getSelection().selectAllChildren(preview); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) { return; }
    var preview = document.getElementById(button.getAttribute("data-copy"));
    var article = button.closest("article");
    var node = content(preview);
    var text = plainText(node);
    var html = button.getAttribute("data-as") === "rich" ? node.innerHTML.trim() : null;
    if (navigator.clipboard && window.ClipboardItem) {
      copyWithApi(html, text).then(function () { report(article, preview, true); }, function () {
        report(article, preview, copySelection(html, text));
      });
    } else {
      report(article, preview, copySelection(html, text));
    }
  });
})();
