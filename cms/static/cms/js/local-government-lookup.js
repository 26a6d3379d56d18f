// Suggestions for "member local government" in the registration form when the federation is too large to
// list every member in the page: as the person types, the open API's list of local governments is asked
// for names containing the text (or codes starting with its digits), and the form's datalist is refilled.
// Without this script the field still works: the name or code typed is checked when the form is sent.
(function () {
  "use strict";
  const list = document.querySelector("datalist[data-lookup]");
  if (!list) return;
  const address = list.dataset.lookup;
  let timer = null;
  let controller = null;

  function fill(items) {
    list.replaceChildren(...items.map((item) => {
      const option = document.createElement("option");
      option.value = `${item.name} (${item.code})`;
      return option;
    }));
  }

  function lookup(text) {
    const query = new URLSearchParams({ limit: "20" });
    const digits = text.match(/^\d{2,7}$/);
    if (digits) query.set("code", digits[0]);
    else query.set("q", text);
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(`${address}?${query}`, { signal: controller.signal, headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { items: [] }))
      .then((body) => fill(body.items || []))
      .catch(() => {});
  }

  document.addEventListener("input", (event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement) || field.getAttribute("list") !== list.id) return;
    const text = field.value.trim();
    clearTimeout(timer);
    if (text.length < 2 || /\(\d{6,7}\)$/.test(text)) return;
    timer = setTimeout(() => lookup(text), 200);
  });
})();
