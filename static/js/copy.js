// Copy buttons beside addresses (calendar feeds, certificate links): shown only where the
// browser can copy; the field beside them stays selectable without them.
function showCopyButtons(root) {
  if (!navigator.clipboard) return;
  root.querySelectorAll("[data-copy-target]").forEach((button) => { button.hidden = false; });
}

document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy-target]");
  if (!button) return;
  await navigator.clipboard.writeText(document.getElementById(button.dataset.copyTarget).value);
  button.textContent = button.dataset.copied;
});
document.addEventListener("htmx:afterSwap", (event) => showCopyButtons(event.target));
showCopyButtons(document);
