// Every report as a table (the exact figures under each chart), and the filters' choices, taken
// from the data the reports answered.

import { formatCell, isAmount, text, word } from "./i18n.js";

function cell(tag, content, attributes = {}) {
  const element = document.createElement(tag);
  element.textContent = content;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** The report's columns and rows; each cell keeps the API's own value in `data-value` (what
 * the CSV holds) and shows it formatted for the page's language. */
export function renderTable(table, result, lang) {
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const column of result.columns) {
    head.append(cell("th", word(lang, column), { scope: "col", "data-column": column }));
  }
  const body = table.createTBody();
  if (result.rows.length === 0) {
    const empty = cell("td", text(lang, "empty"), { colspan: String(result.columns.length) });
    empty.className = "empty";
    body.insertRow().append(empty);
    return;
  }
  for (const row of result.rows) {
    const line = body.insertRow();
    for (const column of result.columns) {
      const value = row[column];
      const td = cell("td", formatCell(lang, column, value), {
        "data-column": column,
        "data-value": value === null || value === undefined ? "" : String(value),
      });
      if (isAmount(column) || typeof value === "number") td.className = "figure";
      if (column.endsWith("_id") && typeof value === "string" && value.length > 12) {
        td.textContent = `${value.slice(0, 8)}…`; // a uuid: its start, the whole in the title
        td.title = value;
        td.className = "id";
        td.dir = "ltr"; // the ellipsis after the start, in Arabic too
      }
      line.append(td);
    }
  }
}

/** What the filters can offer: provinces, programmes (code → name) and years seen so far. */
export class FilterChoices {
  constructor() {
    this.clear();
  }

  clear() {
    this.provinces = new Set();
    this.programmes = new Map();
    this.years = new Set();
  }

  add(result) {
    for (const row of result.rows) {
      if (row.province_code) this.provinces.add(row.province_code);
      if (row.programme_code) {
        const known = this.programmes.get(row.programme_code);
        this.programmes.set(row.programme_code, row.programme_name ?? known ?? "");
      }
      if (/^\d{4}$/.test(String(row.cycle ?? ""))) this.years.add(String(row.cycle));
      if (/^\d{4}-\d{2}$/.test(String(row.month ?? ""))) this.years.add(row.month.slice(0, 4));
    }
  }

  /** Fills the three selects, keeping what each has selected (even if no longer seen). */
  fill(selects, filters, lang) {
    const sorted = (values) => [...values].sort();
    fillSelect(selects.province, sorted(this.provinces).map((p) => [p, p]), filters.province, lang);
    const programmes = sorted(this.programmes.keys()).map((code) => {
      const name = this.programmes.get(code);
      return [code, name ? `${code} — ${name}` : code];
    });
    fillSelect(selects.programme, programmes, filters.programme, lang);
    fillSelect(selects.year, sorted(this.years).reverse().map((y) => [y, y]), filters.year, lang);
  }
}

function fillSelect(select, choices, selected, lang) {
  const options = [cell("option", text(lang, "all"), { value: "" })];
  const values = new Set(choices.map(([value]) => value));
  if (selected && !values.has(selected)) choices.push([selected, selected]);
  for (const [value, label] of choices) options.push(cell("option", label, { value }));
  select.replaceChildren(...options);
  select.value = selected ?? "";
}
