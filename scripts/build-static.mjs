// Copies GOV.UK Frontend, MOJ Frontend, GOV.UK's accessible-autocomplete and htmx from
// node_modules into build/static, pointing the stylesheets' asset URLs at Django's static URL.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const out = "build/static";
const govuk = "node_modules/govuk-frontend/dist/govuk";
const moj = "node_modules/@ministryofjustice/frontend/moj";
const autocomplete = "node_modules/accessible-autocomplete/dist";
const htmx = "node_modules/htmx.org/dist";
const staticUrl = process.env.STATIC_URL || "/static/";

rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/vendor`, { recursive: true });

const rewrite = (css) => css.replaceAll("url(/assets/", `url(${staticUrl}assets/`);
const copyCss = (from, to) =>
  writeFileSync(`${out}/vendor/${to}`, rewrite(readFileSync(from, "utf8")).replace(/\/\*# sourceMappingURL=.*\*\//, ""));
const copyJs = (from, to) =>
  writeFileSync(`${out}/vendor/${to}`, readFileSync(from, "utf8").replace(/\/\/# sourceMappingURL=.*$/m, ""));

copyCss(`${govuk}/govuk-frontend.min.css`, "govuk-frontend.min.css");
copyCss(`${moj}/moj-frontend.min.css`, "moj-frontend.min.css");
copyJs(`${govuk}/govuk-frontend.min.js`, "govuk-frontend.min.js");
copyJs(`${moj}/moj-frontend.min.js`, "moj-frontend.min.js");
copyCss(`${autocomplete}/accessible-autocomplete.min.css`, "accessible-autocomplete.min.css");
copyJs(`${autocomplete}/accessible-autocomplete.min.js`, "accessible-autocomplete.min.js");
copyJs(`${htmx}/htmx.min.js`, "htmx.min.js");
cpSync(`${govuk}/assets`, `${out}/assets`, { recursive: true });
cpSync(`${moj}/assets/images`, `${out}/assets/images`, { recursive: true, force: false });
console.log(`GOV.UK Frontend, MOJ Frontend, accessible-autocomplete and htmx copied to ${out}`);
