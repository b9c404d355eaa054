// The dashboard's state lives in the address: the filters under the API's own
// parameter names (so a view's address reads like its API query) and what is
// open (focus, pair, incident, table page and order). Reloading or sharing the
// address restores the view.

/** Filters sent to the API, in the API's names; the repeatable ones are arrays. */
export const FILTER_KEYS = Object.freeze([
  "type",
  "stage",
  "certainty",
  "since",
  "until",
  "country",
  "with",
  "from",
  "to",
  "min_confidence",
  "include_undated",
  "reviewed",
]);
export const REPEATED = new Set(["type", "stage", "certainty"]);
/** What is open: a focused party, a pair "A~B", an incident, the table's page and order. */
export const VIEW_KEYS = Object.freeze(["focus", "pair", "incident", "text", "offset", "sort"]);

function emptyState() {
  const filters = {};
  for (const key of FILTER_KEYS) filters[key] = REPEATED.has(key) ? [] : "";
  const view = {};
  for (const key of VIEW_KEYS) view[key] = "";
  return { filters, view };
}

/** Parse `search` (location.search) into {filters, view}; unknown keys are ignored. */
export function readState(search) {
  const state = emptyState();
  const params = new URLSearchParams(search);
  for (const key of FILTER_KEYS) {
    const values = params.getAll(key).filter((value) => value !== "");
    state.filters[key] = REPEATED.has(key) ? values : (values[0] ?? "");
  }
  for (const key of VIEW_KEYS) state.view[key] = params.get(key) ?? "";
  return state;
}

/** The query string of a state: filters first, then the view; empty values left out. */
export function stateQuery({ filters, view }) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const values = REPEATED.has(key) ? filters[key] : [filters[key]];
    for (const value of values ?? []) if (value !== "" && value != null) params.append(key, value);
  }
  for (const key of VIEW_KEYS) {
    const value = view[key];
    if (value !== "" && value != null && !(key === "offset" && String(value) === "0")) {
      params.set(key, value);
    }
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Put `state` in the address bar without reloading (replace: no new history entry). */
export function writeState(state, { push = false } = {}) {
  const url = `${location.pathname}${stateQuery(state)}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

/** "IRN~RUS" <-> ["IRN", "RUS"]: a pair in the address. */
export const pairKey = (a, b) => `${a}~${b}`;
export function parsePair(text) {
  const parts = String(text ?? "").split("~");
  return parts.length === 2 && parts[0] && parts[1] ? parts : null;
}
