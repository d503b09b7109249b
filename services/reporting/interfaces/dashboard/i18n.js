// The page's words in French and Arabic, and figures formatted per locale. CSV files are never
// formatted here: they are downloaded as the API wrote them.

export const LANGUAGES = {
  fr: { locale: "fr-MA", dir: "ltr" },
  ar: { locale: "ar-MA", dir: "rtl" },
};

const TEXT = {
  fr: {
    title: "Taawun — tableau de bord des rapports",
    "other-language": "العربية",
    token: "Jeton d'accès",
    "sign-in": "Se connecter",
    "sign-out": "Se déconnecter",
    "signed-out": "Saisissez votre jeton pour afficher les rapports.",
    province: "Province",
    programme: "Programme",
    year: "Année",
    "as-of": "Situation au",
    all: "Tous",
    "clear-filters": "Effacer les filtres",
    "as-of-now": "Chiffres à ce jour",
    "as-of-shown": "Chiffres au {date}",
    loading: "Chargement…",
    empty: "Aucune donnée pour ces filtres.",
    csv: "CSV",
    "csv-title": "Télécharger ce tableau en CSV",
    "chart-missing":
      "La bibliothèque de graphiques n'est pas disponible : seuls les tableaux sont affichés.",
    "error-401": "Jeton absent, invalide ou expiré.",
    "error-403": "Accès refusé.",
    "error-422": "Requête invalide.",
    "error-network": "Le service de rapports ne répond pas.",
    "error-other": "Erreur du service de rapports.",
    "report-budgets": "Consommation des budgets par programme et province",
    "report-beneficiaries": "Bénéficiaires par catégorie",
    "report-disbursements": "Décaissements par mois",
    "report-relief": "Aide aux sinistrés des inondations par province et composante",
    "report-recent-decisions": "Décisions récentes",
    unfiltered: "Ce rapport ne se filtre pas par : {names}.",
    "list-separator": ", ",
  },
  ar: {
    title: "تعاون — لوحة متابعة التقارير",
    "other-language": "Français",
    token: "رمز الدخول",
    "sign-in": "تسجيل الدخول",
    "sign-out": "تسجيل الخروج",
    "signed-out": "أدخل رمز الدخول لعرض التقارير.",
    province: "الإقليم",
    programme: "البرنامج",
    year: "السنة",
    "as-of": "الوضعية في",
    all: "الكل",
    "clear-filters": "مسح عوامل التصفية",
    "as-of-now": "الأرقام إلى اليوم",
    "as-of-shown": "الأرقام إلى غاية {date}",
    loading: "جارٍ التحميل…",
    empty: "لا توجد بيانات لهذه الاختيارات.",
    csv: "CSV",
    "csv-title": "تنزيل هذا الجدول بصيغة CSV",
    "chart-missing": "مكتبة الرسوم البيانية غير متوفرة: تُعرض الجداول فقط.",
    "error-401": "رمز الدخول غير موجود أو غير صالح أو منتهي الصلاحية.",
    "error-403": "غير مسموح بالوصول.",
    "error-422": "طلب غير صالح.",
    "error-network": "خدمة التقارير لا تستجيب.",
    "error-other": "خطأ في خدمة التقارير.",
    "report-budgets": "استهلاك الميزانيات حسب البرنامج والإقليم",
    "report-beneficiaries": "المستفيدون حسب الفئة",
    "report-disbursements": "المبالغ المصروفة حسب الشهر",
    "report-relief": "دعم متضرري الفيضانات حسب الإقليم والمكوّن",
    "report-recent-decisions": "أحدث القرارات",
    unfiltered: "هذا التقرير لا يُصفّى حسب: {names}.",
    "list-separator": "، ",
  },
};

// Column names and the codes the reports hold (categories, statuses, components).
const WORDS = {
  fr: {
    programme_code: "Programme", programme_name: "Intitulé", programme_id: "Id. programme",
    cycle: "Cycle",
    province_code: "Province", allocated: "Alloué", transferred_in: "Virements reçus",
    transferred_out: "Virements émis", held: "Engagé", disbursed: "Décaissé",
    available: "Disponible", category: "Catégorie", status: "Statut",
    beneficiaries: "Bénéficiaires", month: "Mois", amount: "Montant", disaster: "Catastrophe",
    component: "Composante", decisions: "Décisions", decided: "Décidé", paid: "Payé",
    decision_id: "Id. décision", proposed_at: "Proposée le", last_step_at: "Dernière étape",
    seconds_to_last_step: "Délai (s)",
    disability: "Handicap", elderly_without_support: "Personnes âgées sans soutien",
    child_in_difficulty: "Enfance en difficulté", woman_in_difficulty: "Femmes en difficulté",
    disaster_affected: "Sinistrés", enrolled: "Inscrit", active: "Actif",
    suspended: "Suspendu", exited: "Sorti", proposed: "Proposée",
    awaiting_authorisation: "En attente d'autorisation", approved: "Approuvée",
    rejected: "Rejetée", appealed: "En recours", appeal_dismissed: "Recours rejeté",
    cancelled: "Annulée", emergency_aid: "Aide d'urgence", housing_aid: "Aide au logement",
  },
  ar: {
    programme_code: "البرنامج", programme_name: "التسمية", programme_id: "معرّف البرنامج",
    cycle: "الدورة",
    province_code: "الإقليم", allocated: "المخصص", transferred_in: "التحويلات الواردة",
    transferred_out: "التحويلات الصادرة", held: "الملتزم به", disbursed: "المصروف",
    available: "المتاح", category: "الفئة", status: "الحالة", beneficiaries: "المستفيدون",
    month: "الشهر", amount: "المبلغ", disaster: "الكارثة", component: "المكوّن",
    decisions: "القرارات", decided: "المقرر", paid: "المؤدى", decision_id: "معرّف القرار",
    proposed_at: "تاريخ الاقتراح", last_step_at: "آخر خطوة",
    seconds_to_last_step: "المدة (ثانية)",
    disability: "الإعاقة", elderly_without_support: "المسنون بدون سند",
    child_in_difficulty: "الأطفال في وضعية صعبة", woman_in_difficulty: "النساء في وضعية صعبة",
    disaster_affected: "المتضررون من الكوارث", enrolled: "مسجل", active: "نشط",
    suspended: "موقوف", exited: "خارج البرنامج", proposed: "مقترح",
    awaiting_authorisation: "في انتظار الإذن", approved: "موافق عليه", rejected: "مرفوض",
    appealed: "موضوع طعن", appeal_dismissed: "طعن مرفوض", cancelled: "ملغى",
    emergency_aid: "مساعدة استعجالية", housing_aid: "مساعدة السكن",
  },
};

const AMOUNTS = new Set([
  "allocated", "transferred_in", "transferred_out", "held", "disbursed", "available",
  "amount", "decided", "paid",
]);
const CODES = new Set(["category", "status", "component"]);
const TIMES = new Set(["proposed_at", "last_step_at", "since"]);

export function text(lang, key, values = {}) {
  const template = TEXT[lang][key] ?? TEXT.fr[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => values[name] ?? "");
}

export function word(lang, code) {
  return WORDS[lang][code] ?? code;
}

export function isAmount(column) {
  return AMOUNTS.has(column);
}

/** An amount's decimal string ("1468411.00") to the centime, grouped per locale; exact, since
 * the integer part is formatted as a BigInt rather than through a float. */
export function formatAmount(lang, amount) {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(amount));
  if (!match) return String(amount);
  const { locale } = LANGUAGES[lang];
  const [, minus, whole, fraction = ""] = match;
  const grouped = new Intl.NumberFormat(locale).format(BigInt(whole));
  const cents = fraction.padEnd(2, "0");
  const digits = new Intl.NumberFormat(locale, {
    minimumIntegerDigits: cents.length, useGrouping: false,
  }).format(BigInt(cents));
  const parts = new Intl.NumberFormat(locale).formatToParts(-1.5);
  const decimal = parts.find((p) => p.type === "decimal")?.value ?? ".";
  const sign = parts.find((p) => p.type === "minusSign")?.value ?? "-";
  return `${minus ? sign : ""}${grouped}${decimal}${digits}`;
}

export function formatCount(lang, count) {
  return new Intl.NumberFormat(LANGUAGES[lang].locale).format(count);
}

export function formatMonth(lang, month) {
  const [year, number] = String(month).split("-").map(Number);
  if (!year || !number) return String(month);
  const options = { year: "numeric", month: "long", timeZone: "UTC" };
  return new Intl.DateTimeFormat(LANGUAGES[lang].locale, options).format(
    new Date(Date.UTC(year, number - 1, 1)),
  );
}

export function formatDate(lang, isoDate) {
  const options = { dateStyle: "long", timeZone: "UTC" };
  return new Intl.DateTimeFormat(LANGUAGES[lang].locale, options).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}

function formatTime(lang, timestamp) {
  // A timestamp without an offset (SQLite's) is UTC, as every time reporting records.
  const value = String(timestamp);
  const when = new Date(/(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(when.getTime())) return String(timestamp);
  const options = { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" };
  return new Intl.DateTimeFormat(LANGUAGES[lang].locale, options).format(when);
}

/** A table cell's text: the value as the API gave it, formatted for a person to read. */
export function formatCell(lang, column, value) {
  if (value === null || value === undefined) return "—";
  if (AMOUNTS.has(column)) return formatAmount(lang, value);
  if (typeof value === "number") return formatCount(lang, value);
  if (column === "month") return formatMonth(lang, value);
  if (TIMES.has(column)) return formatTime(lang, value);
  if (CODES.has(column)) return word(lang, value);
  return String(value);
}

/** Sets `<html lang dir>`, every `[data-i18n]` element's text and `[data-i18n-title]`'s title. */
export function applyLanguage(lang) {
  const root = document.documentElement;
  root.lang = lang;
  root.dir = LANGUAGES[lang].dir;
  document.title = text(lang, "title");
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = text(lang, element.dataset.i18n);
  }
  for (const element of document.querySelectorAll("[data-i18n-title]")) {
    element.title = text(lang, element.dataset.i18nTitle);
  }
}
