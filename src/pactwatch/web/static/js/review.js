// Reviewing an event: accept it, reject it, or correct its type, direction,
// parties, stage or date, through the server's review route with the token
// the analyst typed (kept in this tab's sessionStorage, never in the address).
// Without a token, or with a wrong one, the server refuses and the dialog says why.

import { postJSON } from "./api.js";
import { el, partiesLabel, replace } from "./dom.js";
import { EVENT_TYPES, STAGES, typeLabel } from "./types.js";

const TOKEN_KEY = "pactwatch-token";
const REVIEWER_KEY = "pactwatch-reviewer";

export function currentToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? "";
}

const codes = (text) =>
  String(text ?? "")
    .split(/[\s,;]+/)
    .map((code) => code.trim().toUpperCase())
    .filter(Boolean);

const same = (x, y) => JSON.stringify(x ?? null) === JSON.stringify(y ?? null);

/**
 * The correction: only the fields that differ from the event as it stands
 * (the review API's names); a new date is a day range, "reverse" swaps the direction.
 */
function changes(form, event) {
  const fields = {
    type: form.elements.type.value,
    stage: form.elements.stage.value,
    sources: codes(form.elements.sources.value),
    targets: codes(form.elements.targets.value),
    participants: codes(form.elements.participants.value),
    date_start: form.elements.date_start.value || null,
    date_end: form.elements.date_end.value || form.elements.date_start.value || null,
  };
  const changed = {};
  for (const [key, value] of Object.entries(fields)) {
    const before = Array.isArray(value) ? (event[key] ?? []) : (event[key] ?? null);
    if (!same(value, before)) changed[key] = value;
  }
  if (("date_start" in changed || "date_end" in changed) && changed.date_start !== null) {
    changed.date_start = fields.date_start;
    changed.date_end = fields.date_end;
    changed.date_precision = "day";
  }
  if (form.elements.reverse.checked) changed.reverse = true;
  return changed;
}

/** What the reviews of an event amount to: accepted, corrected, rejected, or null. */
export function reviewState(event) {
  const review = event.review;
  return typeof review === "string" ? review : (review?.status ?? null);
}

/**
 * The review dialog. `caps()` tells whether the server has a review route;
 * `onReviewed(event, action)` runs after the server accepted a review of `event`.
 */
export function createReview({ caps, nameOf, onReviewed, onError }) {
  const dialog = document.getElementById("review-dialog");
  const form = document.getElementById("review-form");
  const errorLine = document.getElementById("review-error");
  let current = null;

  const options = (values) => values.map((value) => el("option", { value }, typeLabel(value)));
  replace(form.elements.type, options(EVENT_TYPES));
  replace(form.elements.stage, options(STAGES));

  function fail(message) {
    errorLine.hidden = false;
    errorLine.textContent = message;
    onError(message);
  }

  async function send(action) {
    if (!current) return;
    errorLine.hidden = true;
    const route = caps().review;
    if (!route) {
      fail("Not saved: this server has no review API (update pactwatch).");
      return;
    }
    const token = currentToken();
    const reviewer = form.elements.reviewer.value.trim();
    if (!reviewer) {
      fail("Not saved: give your name as the reviewer.");
      return;
    }
    sessionStorage.setItem(REVIEWER_KEY, reviewer);
    const body = { action, reviewer, note: form.elements.note.value || null };
    if (action === "correct") {
      const changed = changes(form, current);
      if (!Object.keys(changed).length) {
        fail("Nothing to save: change a field first.");
        return;
      }
      Object.assign(body, changed);
    }
    const path = route.replace(/^\/api\//, "").replace(/\{[^}]+\}/, encodeURIComponent(current.event_id));
    try {
      await postJSON(path, body, token);
    } catch (error) {
      const hint = !token && (error.status === 401 || error.status === 403)
        ? " Enter the server's token with “Review token” first."
        : "";
      fail(`Not saved: ${error.message}.${hint}`);
      return;
    }
    const reviewed = current;
    current = null;
    dialog.close();
    onError(null);
    await onReviewed(reviewed, action);
  }

  function open(event) {
    current = event;
    errorLine.hidden = true;
    replace(
      document.getElementById("review-event"),
      `Event ${event.event_id}: ${typeLabel(event.type)} · ${partiesLabel(event, nameOf)} · `,
      `${event.stage} · ${event.date_start ?? "undated"}`,
      el("br"),
      event.evidence ?? "",
    );
    form.elements.type.value = event.type;
    form.elements.stage.value = event.stage;
    form.elements.sources.value = (event.sources ?? []).join(", ");
    form.elements.targets.value = (event.targets ?? []).join(", ");
    form.elements.participants.value = (event.participants ?? []).join(", ");
    form.elements.date_start.value = event.date_start ?? "";
    form.elements.date_end.value = event.date_end ?? "";
    form.elements.note.value = "";
    form.elements.reverse.checked = false;
    form.elements.reviewer.value = sessionStorage.getItem(REVIEWER_KEY) ?? "";
    const state = reviewState(event);
    document.getElementById("review-state").textContent = state
      ? `Reviewed so far: ${state}.`
      : "Not reviewed yet.";
    if (!dialog.open) dialog.showModal();
  }

  document.getElementById("review-accept").addEventListener("click", () => send("accept"));
  document.getElementById("review-reject").addEventListener("click", () => send("reject"));
  document.getElementById("review-correct").addEventListener("click", () => send("correct"));
  document.getElementById("review-cancel").addEventListener("click", () => dialog.close());
  wireToken();
  return { open };
}

function wireToken() {
  const dialog = document.getElementById("token-dialog");
  const input = document.getElementById("token-input");
  const buttonLabel = () => {
    document.getElementById("token-button").textContent = currentToken() ? "Token set" : "Review token";
  };
  document.getElementById("token-button").addEventListener("click", () => {
    input.value = currentToken();
    dialog.showModal();
  });
  dialog.addEventListener("close", () => {
    if (dialog.returnValue === "save" && input.value.trim()) {
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    } else if (dialog.returnValue === "clear") {
      sessionStorage.removeItem(TOKEN_KEY);
    }
    input.value = "";
    buttonLabel();
  });
  buttonLabel();
}
