// Thin JSON client for the pactwatch API. Every request goes to the origin the
// page came from; nothing is fetched from anywhere else.

let pending = 0;

/** Mark the document busy while requests are in flight (tests and screenshots wait on it). */
function track(delta) {
  pending += delta;
  document.documentElement.dataset.busy = pending > 0 ? "true" : "false";
}

/** Build a query string; arrays repeat the key, empty values are left out. */
export function queryString(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) {
      if (item !== undefined && item !== null && item !== "") search.append(key, String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

/** An API error carrying the server's own message (FastAPI puts it in `detail`). */
export class ApiError extends Error {}

function detailMessage(body, status) {
  const detail = body?.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) return detail.map((item) => item.msg ?? String(item)).join("; ");
  return `request failed with status ${status}`;
}

/** GET `api/<path>` with `params`, returning the parsed JSON or throwing ApiError. */
export async function getJSON(path, params = {}) {
  track(+1);
  try {
    const response = await fetch(`api/${path}${queryString(params)}`, {
      headers: { Accept: "application/json" },
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = new ApiError(detailMessage(body, response.status));
      error.status = response.status;
      throw error;
    }
    return body;
  } finally {
    track(-1);
  }
}

/** Memoise GETs that never change while the page is open (one article, one event). */
export function cachedGetter(pathOf) {
  const cache = new Map();
  const get = (id) => {
    const key = String(id);
    if (!cache.has(key)) {
      const request = getJSON(pathOf(id));
      request.catch(() => cache.delete(key)); // let a failed fetch be retried
      cache.set(key, request);
    }
    return cache.get(key);
  };
  get.forget = (id) => cache.delete(String(id));
  return get;
}

export const getArticle = cachedGetter((id) => `articles/${encodeURIComponent(id)}`);
export const getEvent = cachedGetter((id) => `events/${encodeURIComponent(id)}`);

/**
 * What this server's API takes: {events: Set of query parameter names, enums:
 * {name: [values]}, review: the review route or null}, read from its OpenAPI
 * schema, so controls for parameters an older server lacks stay disabled.
 */
export async function capabilities() {
  const schema = await getJSON("openapi.json");
  const operation = schema.paths?.["/api/events"]?.get ?? {};
  const events = new Set();
  const enums = {};
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in !== "query") continue;
    events.add(parameter.name);
    const values = enumValues(parameter.schema, schema);
    if (values) enums[parameter.name] = values;
  }
  const review = Object.keys(schema.paths ?? {}).find(
    (path) => /^\/api\/events\/\{[^}]+\}\/review$/.test(path) && schema.paths[path].post,
  );
  return { events, enums, review: review ?? null };
}

/** The allowed values of a parameter schema (direct, through anyOf/items, or a $ref). */
function enumValues(schema, root) {
  if (!schema) return null;
  if (schema.$ref) {
    const target = schema.$ref.replace("#/components/schemas/", "");
    return enumValues(root.components?.schemas?.[target], root);
  }
  if (schema.enum) return schema.enum;
  if (schema.const !== undefined) return [schema.const];
  for (const part of [...(schema.anyOf ?? []), schema.items].filter(Boolean)) {
    const values = enumValues(part, root);
    if (values) return values;
  }
  return null;
}

/** POST JSON to `api/<path>` with the bearer token; the server's message on failure. */
export async function postJSON(path, body, token) {
  track(+1);
  try {
    const headers = { Accept: "application/json", "Content-Type": "application/json" };
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(`api/${path}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    });
    const answer = await response.json().catch(() => null);
    if (!response.ok) {
      const error = new ApiError(detailMessage(answer, response.status));
      error.status = response.status;
      throw error;
    }
    return answer;
  } finally {
    track(-1);
  }
}

/** Forget cached events (after a review changed one). */
export function forgetEvent(id) {
  getEvent.forget(id);
}
