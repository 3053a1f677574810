// The reviewer page: collect the case, POST it to /v1/score with the reviewer's key, show the
// result. Text from the server is inserted as text (textContent), never as HTML.
"use strict";

const KEY_STORE = "referral-nlp-key";
const LABELS = { re_referral: "rr", escalation: "esc" };

function $(id) { return document.getElementById(id); }

function setStatus(message) { $("status").textContent = message; }

function clearErrors() {
  $("error").hidden = true;
  $("error").textContent = "";
  for (const el of document.querySelectorAll(".field-error")) { el.hidden = true; el.textContent = ""; }
  for (const el of document.querySelectorAll("[aria-invalid=true]")) { el.removeAttribute("aria-invalid"); }
}

function showError(body, status) {
  const box = $("error");
  box.hidden = false;
  const summary = document.createElement("p");
  summary.textContent = (body && body.error) ? body.error : "The request failed (HTTP " + status + ").";
  box.replaceChildren(summary);
  const details = (body && Array.isArray(body.detail)) ? body.detail : [];
  for (const d of details) {
    const loc = Array.isArray(d.loc) ? d.loc.filter((p) => typeof p === "string") : [];
    const field = loc.length ? loc[loc.length - 1] : "";
    const line = document.createElement("p");
    line.textContent = (field ? field + ": " : "") + (d.msg || "invalid");
    box.appendChild(line);
    const holder = $(field + "-error");
    const input = $(field);
    if (holder) { holder.hidden = false; holder.textContent = d.msg || "invalid"; }
    if (input) { input.setAttribute("aria-invalid", "true"); }
  }
  box.focus && box.setAttribute("tabindex", "-1");
  box.focus();
}

function collect(form) {
  const data = { text: form.text.value, explain: true };
  if (form.assessment_text.value.trim()) { data.assessment_text = form.assessment_text.value; }
  for (const name of ["referral_source", "child_sex", "ethnicity", "primary_need"]) {
    if (form[name].value) { data[name] = form[name].value; }
  }
  for (const name of ["child_age", "deprivation_decile", "previous_referrals"]) {
    const raw = form[name].value.trim();
    if (raw !== "") { data[name] = Number(raw); }
  }
  for (const name of ["disability", "previous_cp_plan"]) {
    if (form[name].value) { data[name] = form[name].value === "true"; }
  }
  const factors = [...form.querySelectorAll("input[name=assessment_factors]:checked")].map((c) => c.value);
  if (factors.length) { data.assessment_factors = factors; }
  return data;
}

function renderRedacted(text, entities) {
  const pre = $("redacted");
  pre.replaceChildren();
  const spans = entities
    .filter((e) => Number.isInteger(e.redacted_start) && Number.isInteger(e.redacted_end))
    .sort((a, b) => a.redacted_start - b.redacted_start);
  let at = 0;
  for (const e of spans) {
    if (e.redacted_start < at) { continue; }
    pre.appendChild(document.createTextNode(text.slice(at, e.redacted_start)));
    const mark = document.createElement("mark");
    mark.textContent = text.slice(e.redacted_start, e.redacted_end);
    mark.title = "removed: " + e.entity_type;
    pre.appendChild(mark);
    at = e.redacted_end;
  }
  pre.appendChild(document.createTextNode(text.slice(at)));
}

function renderExplanation(listId, effects) {
  const list = $(listId);
  list.replaceChildren();
  if (!effects || !effects.length) {
    const li = document.createElement("li");
    li.textContent = "No sentence moved this score noticeably.";
    list.appendChild(li);
    return;
  }
  for (const e of effects) {
    const li = document.createElement("li");
    const tag = document.createElement("span");
    tag.className = "effect " + e.direction;
    const points = Math.abs(e.effect * 100).toFixed(1);
    tag.textContent = (e.direction === "raised" ? "raised by " : "lowered by ") + points + " points: ";
    li.appendChild(tag);
    li.appendChild(document.createTextNode("\u201c" + e.sentence + "\u201d"));
    list.appendChild(li);
  }
}

function render(result) {
  $("model-version").textContent = result.model_version;
  $("request-id").textContent = result.request_id;
  for (const [label, prefix] of Object.entries(LABELS)) {
    const score = result[label];
    $(prefix + "-probability").textContent = (score.probability * 100).toFixed(1) + "%";
    const band = $(prefix + "-band");
    band.textContent = score.band;
    band.className = "band " + score.band;
    $(prefix + "-band-text").textContent = score.band_description;
    $(prefix + "-flag").hidden = !score.flagged;
    renderExplanation(prefix + "-explain", result.explanation ? result.explanation[label] : []);
  }
  renderRedacted(result.redacted_text, result.entities);
  $("results").hidden = false;
}

async function submit(event) {
  event.preventDefault();
  const form = event.target;
  clearErrors();
  const key = form.api_key.value.trim();
  if (!key) {
    showError({ error: "Enter your API key.", detail: [{ loc: ["api-key"], msg: "required" }] }, 0);
    return;
  }
  sessionStorage.setItem(KEY_STORE, key);
  const button = $("submit");
  button.disabled = true;
  setStatus("Redacting and scoring\u2026");
  try {
    const response = await fetch("/v1/score", {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer " + key },
      body: JSON.stringify(collect(form)),
    });
    let body = null;
    try { body = await response.json(); } catch (_) { body = null; }
    if (!response.ok) {
      setStatus("");
      showError(body, response.status);
      return;
    }
    render(body);
    setStatus("Scored.");
    $("results-heading").setAttribute("tabindex", "-1");
    $("results-heading").focus();
  } catch (_) {
    setStatus("");
    showError({ error: "The service could not be reached." }, 0);
  } finally {
    button.disabled = false;
  }
}

async function openCard(event) {
  event.preventDefault();
  const key = $("api-key").value.trim() || sessionStorage.getItem(KEY_STORE) || "";
  clearErrors();
  const response = await fetch("/v1/model-card?format=html", { headers: { Authorization: "Bearer " + key } });
  if (!response.ok) {
    let body = null;
    try { body = await response.json(); } catch (_) { body = null; }
    showError(body, response.status);
    return;
  }
  const blob = new Blob([await response.text()], { type: "text/html" });
  window.open(URL.createObjectURL(blob), "_blank", "noopener");
}

document.addEventListener("DOMContentLoaded", () => {
  const saved = sessionStorage.getItem(KEY_STORE);
  if (saved) { $("api-key").value = saved; }
  $("case-form").addEventListener("submit", submit);
  $("card-link").addEventListener("click", openCard);
});
