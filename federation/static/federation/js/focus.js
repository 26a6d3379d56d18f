// Moves focus to the element marked `data-focus-on-load` (a form's error summary), so a screen reader reads
// the errors and the keyboard starts from them. Focused again after the load if going to the address's
// #fragment has moved focus back to the page in the meantime.
(function () {
  "use strict";
  const target = document.querySelector("[data-focus-on-load]");
  if (!target) return;
  target.focus();
  window.addEventListener("load", function () {
    const active = document.activeElement;
    if (!active || active === document.body || active === document.documentElement) target.focus();
  });
})();
