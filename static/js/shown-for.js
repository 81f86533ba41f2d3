// Fields shown only for some answers to a radio question in the same form, such as a call's
// length for the channels that carry calls. The markup names the question and the answers:
// <div data-shown-for="channel" data-shown-values="phone text_relay">. Without JavaScript
// every such field shows and the server judges all that is posted; with it, the form posts
// hid_unchosen=1 and the server sets aside what the answers hid (here and under GOV.UK's
// conditional reveals).
function chosen(form, name) {
  const checked = [...form.elements].find(
    (input) => input.name === name && input.type === "radio" && input.checked,
  );
  return checked ? checked.value : "";
}

function update(form) {
  for (const block of form.querySelectorAll("[data-shown-for]")) {
    const values = block.dataset.shownValues.split(" ");
    block.hidden = !values.includes(chosen(form, block.dataset.shownFor));
  }
}

export function initShownFor(root = document) {
  const forms = new Set([...root.querySelectorAll("[data-shown-for]")].map((block) => block.closest("form")));
  for (const form of forms) {
    if (!form) continue;
    update(form);
    // Tells the server that what the answers hide was hidden, so it sets that aside.
    const told = document.createElement("input");
    Object.assign(told, { type: "hidden", name: "hid_unchosen", value: "1" });
    form.append(told);
    form.addEventListener("change", (event) => {
      if (event.target.type === "radio") update(form);
    });
  }
}
