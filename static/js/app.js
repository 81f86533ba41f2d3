// Runs only in browsers that support ES modules, which is what GOV.UK Frontend needs.
import { initAll as initGovuk } from "../vendor/govuk-frontend.min.js";
import { initAll as initMoj } from "../vendor/moj-frontend.min.js";
import { initShownFor } from "./shown-for.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initGovuk();
initMoj();
initShownFor();
