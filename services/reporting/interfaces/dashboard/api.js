// Reporting's report API (`GET /reports/{report}`), read with the user's own bearer token: the
// same answers the auditors get, JSON for the page and CSV for the downloads.

/** An answer other than 2xx: its status and the API's JSON error ({error, detail, fields}). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.body = body ?? {};
  }
}

// The filters each report takes besides as_of (the API answers 422 to any other): the same as
// the reports' declarations in services/reporting/application/projections/.
export const REPORT_FILTERS = {
  budgets: ["province", "programme", "year"],
  beneficiaries: ["province"],
  disbursements: ["province", "programme", "year"],
  relief: ["province", "programme"],
  "recent-decisions": ["province", "programme", "year"],
};

/** The query string of a report: as_of and the report's own filters, only those set. */
export function reportQuery(report, filters, format) {
  const query = new URLSearchParams();
  for (const name of REPORT_FILTERS[report] ?? []) {
    if (filters[name]) query.set(name, filters[name]);
  }
  if (filters.as_of) query.set("as_of", filters.as_of);
  if (format) query.set("format", format);
  return query;
}

async function get(token, report, query) {
  let response;
  try {
    response = await fetch(`/reports/${encodeURIComponent(report)}?${query}`, {
      headers: { Authorization: `Bearer ${token}` },
      cache: "no-store",
    });
  } catch (cause) {
    throw new ApiError(0, { error: "network", detail: String(cause) });
  }
  if (!response.ok) {
    let body;
    try {
      body = await response.json();
    } catch {
      body = { error: "http", detail: `HTTP ${response.status}` };
    }
    throw new ApiError(response.status, body);
  }
  return response;
}

/** A report as JSON: {report, as_of, columns, rows}. */
export async function fetchReport(token, report, filters) {
  const response = await get(token, report, reportQuery(report, filters));
  return response.json();
}

/** A report as the API's CSV file, untouched (UTF-8 with its BOM), and the file name the API
 * gives it (Content-Disposition), if any. */
export async function fetchCsv(token, report, filters) {
  const response = await get(token, report, reportQuery(report, filters, "csv"));
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
  return { blob: await response.blob(), filename };
}
