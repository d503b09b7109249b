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

/** The query string of a report: only the filters that are set (the API refuses empty ones). */
export function reportQuery(filters, format) {
  const query = new URLSearchParams();
  for (const name of ["province", "programme", "year", "as_of"]) {
    if (filters[name]) query.set(name, filters[name]);
  }
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
  const response = await get(token, report, reportQuery(filters));
  return response.json();
}

/** A report as the API's CSV file, untouched (UTF-8 with its BOM). */
export async function fetchCsv(token, report, filters) {
  const response = await get(token, report, reportQuery(filters, "csv"));
  return response.blob();
}
