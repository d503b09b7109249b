// The dashboard: signs in with a token (typed, or `#token=...` in the link the demo prints),
// reads the reports with the filters set, draws a chart and a table per report, downloads CSVs.
// `body[data-state]` (signed-out, loading, ready, error) and `body[data-generation]` (one more
// after each render) let a browser test wait for the page instead of guessing.

import { REPORT_FILTERS, fetchCsv, fetchReport } from "./api.js";
import { chartsAvailable, drawChart } from "./charts.js";
import { collect, renderErrors } from "./errors.js";
import { LANGUAGES, applyLanguage, formatDate, text } from "./i18n.js";
import { FilterChoices, renderTable } from "./tables.js";

const REPORTS = Object.keys(REPORT_FILTERS);
const TOKEN_KEY = "taawun.dashboard.token";
const LANG_KEY = "taawun.dashboard.lang";
const FILTERS = ["province", "programme", "year", "as_of"];

const byId = (id) => document.getElementById(id);
const state = {
  lang: LANGUAGES[localStorage.getItem(LANG_KEY)] ? localStorage.getItem(LANG_KEY) : "fr",
  token: sessionStorage.getItem(TOKEN_KEY),
  filters: Object.fromEntries(FILTERS.map((name) => [name, ""])),
  results: new Map(),
  choices: new FilterChoices(),
  errors: [],
  ticket: 0,
};
const selects = {
  province: byId("filter-province"),
  programme: byId("filter-programme"),
  year: byId("filter-year"),
};

function buildSections() {
  const template = byId("report-template");
  for (const report of REPORTS) {
    const section = template.content.firstElementChild.cloneNode(true);
    section.id = `report-${report}`;
    section.dataset.report = report;
    section.dataset.testid = `report-${report}`;
    section.querySelector("h2").dataset.i18n = `report-${report}`;
    const csv = section.querySelector("button.csv");
    csv.id = `csv-${report}`;
    csv.dataset.testid = `csv-${report}`;
    csv.addEventListener("click", () => download(report));
    const table = section.querySelector("table");
    table.id = `table-${report}`;
    table.dataset.testid = `table-${report}`;
    const canvas = section.querySelector("canvas");
    if (report === "recent-decisions") canvas.parentElement.remove();
    else canvas.id = `chart-${report}`;
    byId("reports").append(section);
  }
}

function setState(name) {
  document.body.dataset.state = name;
}

function rendered() {
  document.body.dataset.generation = String(Number(document.body.dataset.generation) + 1);
}

function showErrors() {
  renderErrors(byId("error"), state.errors, state.lang, REPORTS.length);
}

/** Who the token says the user is, shown beside "sign out" (read, not verified: the API does). */
function whoIs(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    const roles = Array.isArray(claims.roles) ? ` (${claims.roles.join(", ")})` : "";
    return `${claims.sub ?? ""}${roles}`;
  } catch {
    return "";
  }
}

function showSignedIn() {
  const signedIn = Boolean(state.token);
  byId("sign-in-form").hidden = signedIn;
  byId("signed-in").hidden = !signedIn;
  byId("filters").hidden = !signedIn;
  byId("reports").hidden = !signedIn;
  byId("who").textContent = signedIn ? whoIs(state.token) : "";
  if (!signedIn) setState("signed-out");
}

/** Says which of the filters set this report does not take (beneficiaries have no programme). */
function showUnfiltered(report, lang) {
  const note = byId(`report-${report}`).querySelector(".unfiltered");
  const ignored = ["province", "programme", "year"].filter(
    (name) => state.filters[name] && !REPORT_FILTERS[report].includes(name),
  );
  const names = ignored.map((name) => text(lang, name)).join(text(lang, "list-separator"));
  note.textContent = ignored.length ? text(lang, "unfiltered", { names }) : "";
  note.hidden = ignored.length === 0;
}

function render() {
  const lang = state.lang;
  applyLanguage(lang);
  byId("chart-missing").hidden = chartsAvailable();
  for (const report of REPORTS) {
    showUnfiltered(report, lang);
    const result = state.results.get(report) ?? { columns: [], rows: [] };
    renderTable(byId(`table-${report}`), result, lang);
    const canvas = byId(`chart-${report}`);
    if (canvas) {
      canvas.parentElement.hidden = result.rows.length === 0; // the table says "no data"
      drawChart(report, canvas, result.rows, lang);
    }
  }
  state.choices.fill(selects, state.filters, lang);
  const asOf = [...state.results.values()].find((result) => result.as_of)?.as_of;
  byId("as-of-shown").textContent = asOf
    ? text(lang, "as-of-shown", { date: formatDate(lang, asOf.slice(0, 10)) })
    : text(lang, "as-of-now");
  showErrors();
  rendered();
}

async function load() {
  if (!state.token) return;
  const ticket = ++state.ticket;
  const filters = { ...state.filters };
  setState("loading");
  const answers = await Promise.allSettled(
    REPORTS.map((report) => fetchReport(state.token, report, filters)),
  );
  if (ticket !== state.ticket) return; // a newer load is on its way
  state.errors = [];
  answers.forEach((answer, i) => {
    if (answer.status === "fulfilled") {
      state.results.set(REPORTS[i], answer.value);
      state.choices.add(answer.value);
    } else {
      state.results.delete(REPORTS[i]);
      collect(state.errors, answer.reason, REPORTS[i]);
    }
  });
  if (state.errors.some((e) => e.status === 401)) forget(); // ask for another token
  render();
  setState(state.errors.length ? "error" : "ready");
}

function forget() {
  state.token = null;
  sessionStorage.removeItem(TOKEN_KEY);
  showSignedIn();
}

function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

async function download(report) {
  try {
    const { blob, filename } = await fetchCsv(state.token, report, state.filters);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = filename ?? `${report}-${state.filters.as_of || today()}.csv`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  } catch (error) {
    state.errors = [];
    collect(state.errors, error, report);
    showErrors();
  }
}

function signIn(token) {
  state.token = token.trim() || null;
  state.results.clear();
  state.choices.clear();
  if (state.token) sessionStorage.setItem(TOKEN_KEY, state.token);
  else sessionStorage.removeItem(TOKEN_KEY);
  showSignedIn();
  load();
}

/** `#token=...` signs in, then leaves the address bar (and the history) without the token. */
function tokenFromFragment() {
  const token = new URLSearchParams(location.hash.slice(1)).get("token");
  if (token === null) return false;
  history.replaceState(null, "", location.pathname + location.search);
  signIn(token);
  return true;
}

function wire() {
  byId("lang-toggle").addEventListener("click", () => {
    state.lang = state.lang === "fr" ? "ar" : "fr";
    localStorage.setItem(LANG_KEY, state.lang);
    render();
  });
  byId("sign-in-form").addEventListener("submit", (event) => {
    event.preventDefault();
    signIn(byId("token").value);
    byId("token").value = "";
  });
  byId("sign-out").addEventListener("click", () => {
    state.errors = [];
    signIn("");
    render();
  });
  for (const [name, select] of Object.entries(selects)) {
    select.addEventListener("change", () => {
      state.filters[name] = select.value;
      load();
    });
  }
  byId("filter-as-of").addEventListener("change", (event) => {
    state.filters.as_of = event.target.value;
    load();
  });
  byId("filters").addEventListener("reset", () => {
    for (const name of FILTERS) state.filters[name] = "";
    setTimeout(load); // after the form has reset its fields
  });
  window.addEventListener("hashchange", tokenFromFragment);
}

buildSections();
wire();
render();
showSignedIn();
if (!tokenFromFragment()) load();
