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
    if (!response.ok) throw new ApiError(detailMessage(body, response.status));
    return body;
  } finally {
    track(-1);
  }
}

/** Memoise GETs that never change while the page is open (one article, one event). */
export function cachedGetter(pathOf) {
  const cache = new Map();
  return (id) => {
    if (!cache.has(id)) {
      const request = getJSON(pathOf(id));
      request.catch(() => cache.delete(id)); // let a failed fetch be retried
      cache.set(id, request);
    }
    return cache.get(id);
  };
}

export const getArticle = cachedGetter((id) => `articles/${encodeURIComponent(id)}`);
export const getEvent = cachedGetter((id) => `events/${encodeURIComponent(id)}`);
