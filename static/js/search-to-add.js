// Finding one of many by typing, for a form that offers only the few already chosen.
// Without JavaScript the search box and its Find button post the form back with the matches
// offered as checkboxes (or radios, for a single choice); with it, GOV.UK's
// accessible-autocomplete asks the search endpoint as the person types and chooses the one
// they pick, adding its checkbox or radio if the page had none.
import "../vendor/accessible-autocomplete.min.js";

const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function addStylesheet(href) {
  if (!href || document.querySelector(`link[href="${CSS.escape(href)}"]`)) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  document.head.append(link);
}

// Choose the record found: tick its checkbox, or select its radio (which unselects the rest),
// adding the box if the page had none. GOV.UK markup where the list has it, else the admin's.
function choose(choices, name, record) {
  const id = String(record.id);
  const group = choices.querySelector(".govuk-checkboxes, .govuk-radios");
  const type = choices.dataset.choiceType || (group?.classList.contains("govuk-radios") ? "radio" : "checkbox");
  let box = [...choices.querySelectorAll(`input[type=${type}]`)].find(
    (input) => input.name === name && input.value === id,
  );
  if (!box) {
    const prefix = group ? (type === "radio" ? "govuk-radios" : "govuk-checkboxes") : "";
    const item = document.createElement("div");
    box = document.createElement("input");
    box.type = type;
    box.name = name;
    box.value = id;
    box.id = `id_${name}_found_${id}`;
    const label = document.createElement("label");
    label.htmlFor = box.id;
    label.textContent = record.label;
    if (prefix) {
      item.className = `${prefix}__item`;
      box.className = `${prefix}__input`;
      label.className = `govuk-label ${prefix}__label`;
      item.append(box, label);
    } else {
      item.append(box, " ", label);
    }
    (group || choices.querySelector("ul, div") || choices).append(item);
  }
  box.checked = true;
  // As if ticked by hand, so what listens to the form (the contact form's live check against
  // a restriction) hears the choice.
  box.dispatchEvent(new Event("change", { bubbles: true }));
}

function enhance(container) {
  const { field, searchUrl, added, noResults } = container.dataset;
  const input = container.querySelector("input[type=text]");
  const button = container.querySelector("button[name=find]");
  const choices = document.querySelector(`[data-choices-for="${field}"]`);
  if (!input || !choices || !searchUrl || !window.accessibleAutocomplete) return;

  const wrapper = document.createElement("div");
  const status = document.createElement("div");
  status.className = "govuk-visually-hidden";
  status.setAttribute("aria-live", "polite");
  input.replaceWith(wrapper);
  button?.remove();
  container.append(status);

  let pending;
  window.accessibleAutocomplete({
    element: wrapper,
    id: input.id,
    name: input.name,
    minLength: 2,
    confirmOnBlur: false,
    showNoOptionsFound: true,
    tNoResults: () => noResults,
    templates: {
      inputValue: (record) => (record && typeof record === "object" ? record.label : ""),
      suggestion: (record) => {
        if (!record || typeof record !== "object") return escapeHtml(record || "");
        const hint = record.hint
          ? ` <span class="app-search-to-add__hint">${escapeHtml(record.hint)}</span>`
          : "";
        return escapeHtml(record.label) + hint;
      },
    },
    source: (query, populateResults) => {
      pending?.abort();
      pending = new AbortController();
      // The endpoint's own parameters (the disputes an assignee is for, say) are kept.
      const url = new URL(searchUrl, window.location.href);
      url.searchParams.set("q", query);
      fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: pending.signal,
      })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((data) => populateResults(data.results))
        .catch(() => {});
    },
    onConfirm: (record) => {
      if (!record || typeof record !== "object") return;
      choose(choices, field, record);
      status.textContent = `${record.label}: ${added}`;
      // The box is for finding the next one; the choice now shows as a ticked or chosen box.
      setTimeout(() => {
        const box = document.getElementById(input.id);
        if (box) box.value = "";
      }, 0);
    },
  });
  const box = document.getElementById(input.id);
  const hint = input.getAttribute("aria-describedby");
  if (box && hint) {
    box.setAttribute("aria-describedby", `${hint} ${box.getAttribute("aria-describedby") || ""}`.trim());
  }
}

const containers = document.querySelectorAll("[data-module='app-search-to-add']");
if (containers.length) {
  addStylesheet(containers[0].dataset.stylesheet);
  containers.forEach(enhance);
}
