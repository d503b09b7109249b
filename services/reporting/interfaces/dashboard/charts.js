// The charts above the tables, drawn with Chart.js (served from the locked node_modules).
// Each report's rows become one chart config; the tables below them hold the exact figures.

import { LANGUAGES, formatAmount, formatCount, formatMonth, word } from "./i18n.js";

const COLOURS = ["#1f6f8b", "#e07a1f", "#3c9a5f", "#b8b8b8", "#8e5ea2", "#c44e52", "#d4a72c"];
const drawn = new Map();

export function chartsAvailable() {
  return typeof window.Chart === "function";
}

function sum(rows, keyOf, valueOf) {
  const totals = new Map();
  for (const row of rows) {
    const key = keyOf(row);
    totals.set(key, (totals.get(key) ?? 0) + Number(valueOf(row)));
  }
  return totals;
}

function uniqueSorted(values) {
  return [...new Set(values)].sort();
}

function dataset(label, data, index, extra = {}) {
  const colour = COLOURS[index % COLOURS.length];
  return { label, data, backgroundColor: colour, borderColor: colour, ...extra };
}

function budgets(rows, lang) {
  const label = (r) => {
    const cycle = String(r.cycle ?? "").length <= 7 ? ` ${r.cycle}` : "";
    return `${r.programme_code}${cycle} · ${r.province_code}`;
  };
  const series = [
    ["allocated", "allocated"],
    ["disbursed", "consumption"],
    ["held", "consumption"],
    ["available", "consumption"],
  ];
  return {
    type: "bar",
    amounts: true,
    stacked: true,
    data: {
      labels: rows.map(label),
      datasets: series.map(([column, stack], i) =>
        dataset(word(lang, column), rows.map((r) => Number(r[column])), i, { stack }),
      ),
    },
  };
}

function beneficiaries(rows, lang) {
  const categories = uniqueSorted(rows.map((r) => r.category));
  const statuses = uniqueSorted(rows.map((r) => r.status));
  const totals = sum(rows, (r) => `${r.category}|${r.status}`, (r) => r.beneficiaries);
  return {
    type: "bar",
    stacked: true,
    data: {
      labels: categories.map((c) => word(lang, c)),
      datasets: statuses.map((s, i) =>
        dataset(word(lang, s), categories.map((c) => totals.get(`${c}|${s}`) ?? 0), i),
      ),
    },
  };
}

/** Every month from the first to the last disbursed (at most ten years), so that the line's
 * gaps are months with nothing disbursed rather than left out. */
function monthsBetween(present) {
  if (present.length === 0) return present;
  const index = (m) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
  const [first, last] = [index(present[0]), index(present[present.length - 1])];
  if (Number.isNaN(first) || Number.isNaN(last) || last - first > 120) return present;
  const months = [];
  for (let i = first; i <= last; i++) {
    months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
  }
  return months;
}

function disbursements(rows, lang) {
  const months = monthsBetween(uniqueSorted(rows.map((r) => r.month)));
  const programmes = uniqueSorted(rows.map((r) => r.programme_code));
  const totals = sum(rows, (r) => `${r.programme_code}|${r.month}`, (r) => r.amount);
  return {
    type: "line",
    amounts: true,
    data: {
      labels: months.map((m) => formatMonth(lang, m)),
      datasets: programmes.map((p, i) =>
        dataset(p, months.map((m) => totals.get(`${p}|${m}`) ?? 0), i, { tension: 0.2 }),
      ),
    },
  };
}

function relief(rows, lang) {
  const key = (r) => `${r.province_code}|${r.component}`;
  const keys = uniqueSorted(rows.map(key));
  const decided = sum(rows, key, (r) => r.decided);
  const paid = sum(rows, key, (r) => r.paid);
  return {
    type: "bar",
    amounts: true,
    data: {
      labels: keys.map((k) => {
        const [province, component] = k.split("|");
        return `${province} · ${word(lang, component)}`;
      }),
      datasets: [
        dataset(word(lang, "decided"), keys.map((k) => decided.get(k)), 0),
        dataset(word(lang, "paid"), keys.map((k) => paid.get(k)), 2),
      ],
    },
  };
}

const CHARTS = { budgets, beneficiaries, disbursements, relief };

function options(lang, shape) {
  const rtl = LANGUAGES[lang].dir === "rtl";
  const figure = (v) =>
    shape.amounts ? formatAmount(lang, Number(v).toFixed(2)) : formatCount(lang, v);
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    locale: LANGUAGES[lang].locale,
    layout: { padding: { left: 24, right: 24 } }, // room for the last month's label
    plugins: {
      legend: { rtl, textDirection: rtl ? "rtl" : "ltr", position: "bottom" },
      tooltip: {
        rtl,
        textDirection: rtl ? "rtl" : "ltr",
        callbacks: { label: (c) => `${c.dataset.label}: ${figure(c.parsed.y)}` },
      },
    },
    scales: {
      x: { reverse: rtl, stacked: Boolean(shape.stacked) },
      y: {
        stacked: Boolean(shape.stacked),
        beginAtZero: true,
        position: rtl ? "right" : "left",
        ticks: { callback: (v) => formatCount(lang, v), precision: 0 },
      },
    },
  };
}

/** Draws (or redraws) the chart of a report into `canvas`; reports without one are left. */
export function drawChart(report, canvas, rows, lang) {
  const make = CHARTS[report];
  if (!make || !chartsAvailable()) return;
  drawn.get(report)?.destroy();
  const shape = make(rows, lang);
  const config = { type: shape.type, data: shape.data, options: options(lang, shape) };
  drawn.set(report, new window.Chart(canvas, config));
}

export function chartData(report) {
  return drawn.get(report)?.data;
}
