// The API's refusals (401, 403, 422 and the rest, as JSON {error, detail, fields}) shown in the
// page, in its language, saying which reports got them.

import { ApiError } from "./api.js";
import { text } from "./i18n.js";

/** Adds `error` (from `report`) to `errors`, once per distinct answer, with the reports that
 * got it. */
export function collect(errors, error, report) {
  const same = errors.find((e) => e.status === error.status && e.message === error.message);
  if (same) same.reports.push(report);
  else errors.push(Object.assign(error, { reports: [report] }));
}

function fieldList(body) {
  const fields = Array.isArray(body.fields) ? body.fields : [];
  // One field whose message is the detail itself says nothing more.
  if (fields.length === 0 || (fields.length === 1 && fields[0].message === body.detail)) {
    return null;
  }
  const list = document.createElement("ul");
  for (const field of fields) {
    const item = document.createElement("li");
    item.textContent = `${field.field}: ${field.message}`;
    list.append(item);
  }
  return list;
}

/** Fills `box` (hidden when there is nothing to say); each line's `data-status` is the HTTP
 * status (0: the service did not answer). */
export function renderErrors(box, errors, lang, everyReport) {
  box.replaceChildren();
  for (const error of errors) {
    const status = error instanceof ApiError ? error.status : 0;
    const kind = status === 0 ? "network" : [401, 403, 422].includes(status) ? status : "other";
    const body = error.body ?? {};
    const code = kind === "other" ? ` (HTTP ${status})` : "";
    const said = `${text(lang, `error-${kind}`)}${code} ${body.detail ?? ""}`.trim();
    // Which reports answered it, unless all did (a bad token fails every one alike).
    const reports = error.reports ?? [];
    const where = reports.length < everyReport ? reports.map((r) => text(lang, `report-${r}`)) : [];
    const line = document.createElement("p");
    line.dataset.status = String(status);
    line.textContent = where.length ? `${where.join(" ; ")} — ${said}` : said;
    box.append(line);
    const list = fieldList(body);
    if (list) box.append(list);
  }
  box.hidden = errors.length === 0;
}
