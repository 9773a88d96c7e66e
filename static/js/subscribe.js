// "Copy" buttons beside calendar addresses: shown only where the browser can copy; the
// field stays selectable without them. Safe to load more than once (htmx swaps).
document.querySelectorAll("[data-copy-target]:not([data-bound])").forEach((button) => {
  if (!navigator.clipboard) return;
  button.dataset.bound = "true";
  button.hidden = false;
  button.addEventListener("click", async () => {
    await navigator.clipboard.writeText(document.getElementById(button.dataset.copyTarget).value);
    button.textContent = button.dataset.copied;
  });
});
