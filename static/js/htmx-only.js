// Controls only needed without htmx (a form's "save all" button where every tap already
// saves) are hidden once htmx has loaded; without it they stay and the form works as is.
function hideWhereHtmxSaves(root) {
  if (!window.htmx) return;
  root.querySelectorAll("[data-without-htmx]").forEach((element) => { element.hidden = true; });
}

document.addEventListener("htmx:afterSwap", (event) => hideWhereHtmxSaves(event.target));
hideWhereHtmxSaves(document);

// Enter in a field that saves through its own button (a roll-call reason) presses that
// button, rather than sending the whole form around it; the field keeps the focus.
document.addEventListener("keydown", (event) => {
  const button = event.key === "Enter" && window.htmx && event.target.dataset?.enterPresses;
  if (!button) return;
  event.preventDefault();
  document.getElementById(button)?.click();
});

// The roll refreshes itself so self check-ins show up; it waits while a reason is being
// written (its field has the focus, or holds text not saved yet), so no typing is lost.
document.addEventListener("htmx:beforeRequest", (event) => {
  const list = event.detail.elt;
  if (list.id !== "roll-list" || event.detail.requestConfig?.verb !== "get") return;
  const writing = [...list.querySelectorAll("input[data-enter-presses]")].some(
    (input) => input === document.activeElement || input.value !== input.defaultValue,
  );
  if (writing) event.preventDefault();
});
