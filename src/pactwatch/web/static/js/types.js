// The event vocabulary of pactwatch, mirrored from pactwatch.models
// (EVENT_TYPES, STAGES, Certainty); tests/web/test_dashboard.py checks that they agree.

export const EVENT_TYPES = Object.freeze([
  "arms_transfer",
  "military_aid",
  "training",
  "joint_exercise",
  "defense_agreement",
  "basing_access",
  "defense_industry",
  "defense_meeting",
  "security_cooperation",
  "sanction",
  "condemnation",
]);

export const STAGES = Object.freeze(["offered", "requested", "planned", "agreed", "occurred"]);

export const CERTAINTIES = Object.freeze(["stated", "claimed", "denied"]);

// One colour per type, chosen to stay distinguishable on white and to keep the
// hostile types (sanction, condemnation) dark and muted.
export const TYPE_COLORS = Object.freeze({
  arms_transfer: "#d62728",
  military_aid: "#ff7f0e",
  training: "#b8a800",
  joint_exercise: "#2ca02c",
  defense_agreement: "#1f77b4",
  basing_access: "#9467bd",
  defense_industry: "#8c564b",
  defense_meeting: "#17becf",
  security_cooperation: "#e377c2",
  sanction: "#3b3f8f",
  condemnation: "#6b6b6b",
});

/** "arms_transfer" -> "arms transfer". */
export function typeLabel(type) {
  return String(type).replaceAll("_", " ");
}

/** The colour of a type, grey for one this page does not know. */
export function typeColor(type) {
  return TYPE_COLORS[type] ?? "#999999";
}
