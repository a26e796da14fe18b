// The officer's page. Everything it shows comes from this server's /v1 API: the words of the page (/v1/messages),
// the violations (search), the form (the facts a violation needs), the result and the memo (worded by the same
// functions as the command line). It computes nothing and fetches nothing from anywhere else.
"use strict";

const state = {
  lang: "zh", ui: {}, rulebooks: [], rulebook: null, violations: [], violation: null, facts: null,
  result: null, token: sessionStorage.getItem("penalty-token") || "",
};
const $ = (id) => document.getElementById(id);

function t(code, args) {
  const entry = state.ui[code];
  let text = entry ? (entry[state.lang] || entry.en) : code;
  for (const [k, v] of Object.entries(args || {})) text = text.split("{" + k + "}").join(String(v));
  return text;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

class Unauthorized extends Error {}

async function api(path, options) {
  const headers = Object.assign({}, (options && options.headers) || {});
  if (state.token) headers.Authorization = "Bearer " + state.token;
  let response;
  try {
    response = await fetch(path, Object.assign({}, options || {}, { headers }));
  } catch (err) {
    throw new Error(t("ui.offline", { reason: err.message }));
  }
  if (response.status === 401) {
    $("token-section").hidden = false;
    $("token").focus();
    throw new Unauthorized();
  }
  return response;
}

async function getJson(path) {
  const r = await api(path);
  const data = await r.json();
  if (!r.ok) throw new Error(data.problems.map((p) => p.message).join("; "));
  return data;
}

function pick(label) {
  if (!label) return "";
  if (typeof label === "string") return label;
  return label[state.lang] || label.zh || label.en || "";
}

// ---- words of the page and the language switch ----

function applyUi() {
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.title = t("ui.title") + " · penalty";
  for (const node of document.querySelectorAll("[data-ui]")) node.textContent = t(node.dataset.ui);
  $("q").placeholder = t("ui.search.placeholder");
  for (const b of document.querySelectorAll("#lang-switch button")) {
    b.setAttribute("aria-pressed", String(b.dataset.lang === state.lang));
  }
  const select = $("rulebook");
  for (const opt of select.options) {
    const rb = state.rulebooks.find((r) => r.id === opt.value);
    opt.textContent = pick(rb.title) + " (" + rb.version + ")";
  }
}

async function setLang(lang) {
  const values = readValues();
  state.lang = lang;
  applyUi();
  await search();
  if (state.facts) renderFields(values);
  if (state.result) await assess();
}

// ---- choosing the violation ----

let searchTimer = null;

async function search() {
  const q = $("q").value;
  const url = `/v1/rulebooks/${encodeURIComponent(state.rulebook)}/violations?lang=${state.lang}&q=${encodeURIComponent(q)}`;
  state.violations = await getJson(url);
  const list = $("violations");
  list.replaceChildren();
  $("search-count").textContent = state.violations.length ? t("ui.search.count", { n: state.violations.length })
                                                          : t("ui.search.none");
  for (const v of state.violations) {
    const button = el("button", {
      type: "button", class: "violation", "data-id": v.id, "aria-pressed": String(v.id === state.violation),
      onclick: () => chooseViolation(v.id), onkeydown: listKeys,
    }, el("span", { class: "v-title", text: pick(v.title) }),
       el("span", { class: "v-meta", text: `${v.id} · ${pick(v.penalty_basis)} · ${v.statutory}` }));
    list.append(el("li", {}, button));
  }
}

function listKeys(event) {  // arrows move between the violations; Enter or Space chooses (a button does)
  const buttons = [...document.querySelectorAll("#violations button")];
  const i = buttons.indexOf(event.target);
  if (event.key === "ArrowDown" && i < buttons.length - 1) { buttons[i + 1].focus(); event.preventDefault(); }
  if (event.key === "ArrowUp") { (i > 0 ? buttons[i - 1] : $("q")).focus(); event.preventDefault(); }
}

async function chooseViolation(id) {
  const values = state.violation === id ? readValues() : {};
  state.violation = id;
  state.facts = await getJson(`/v1/rulebooks/${encodeURIComponent(state.rulebook)}/violations/${encodeURIComponent(id)}/facts`);
  for (const b of document.querySelectorAll("#violations button")) b.setAttribute("aria-pressed", String(b.dataset.id === id));
  renderFields(values);
  $("result-section").hidden = true;
  $("memo-section").hidden = true;
  state.result = null;
  const first = document.querySelector("#fields input, #fields select");
  if (first) first.focus();
}

// ---- the form, made from the facts the violation needs ----

function fieldHint(f) {
  const parts = [];
  if (f.unit) parts.push(pick(f.unit));
  if (f.min !== null && f.max !== null) parts.push(`${f.min} – ${f.max}`);
  else if (f.min !== null) parts.push(`≥ ${f.min}`);
  else if (f.max !== null) parts.push(`≤ ${f.max}`);
  if (!f.required) parts.push(t("ui.optional", { default: pick(f.default_words) }));
  return parts.join(" · ");
}

function control(f, id, value) {
  const common = { id, name: f.name, "aria-describedby": `${id}-hint ${id}-error`, "aria-required": String(f.required) };
  if (f.type === "enum" || f.type === "boolean") {
    const choices = f.type === "enum" ? f.choices.map((c) => [c.id, pick(c.label)])
                                      : [["true", t("ui.yes")], ["false", t("ui.no")]];
    const select = el("select", common, el("option", { value: "", text: t("ui.choose") }));
    for (const [v, label] of choices) select.append(el("option", { value: v, text: label, selected: v === value }));
    return select;
  }
  if (f.type === "date") return el("input", Object.assign({ type: "date", value: value || "" }, common));
  // numbers are typed as text: the server reads 12,000 and full-width digits exactly, and says what is wrong
  return el("input", Object.assign({ type: "text", inputmode: f.type === "integer" ? "numeric" : "decimal",
                                     autocomplete: "off", value: value || "" }, common));
}

function renderFields(values) {
  const facts = state.facts;
  $("violation-chosen").textContent = `${pick(facts.title)} [${facts.violation}] · ${pick(facts.penalty_basis)}`;
  const box = $("fields");
  box.replaceChildren();
  const caseId = el("div", { class: "field" },
    el("label", { for: "f--case-id", text: t("ui.case_id") }),
    el("input", { id: "f--case-id", name: "case_id", type: "text", autocomplete: "off", value: values.case_id || "" }));
  box.append(caseId);
  // what must be answered first, then what has a default (each group in the rulebook's order)
  const ordered = [...facts.facts.filter((f) => f.required), ...facts.facts.filter((f) => !f.required)];
  for (const f of ordered) {
    const id = "f-" + f.name;
    const label = el("label", { for: id }, pick(f.label));
    if (f.required) label.append(el("span", { class: "req", text: " " + t("ui.required") }));
    box.append(el("div", { class: "field", "data-fact": f.name }, label, control(f, id, values[f.name]),
      el("small", { id: `${id}-hint`, class: "hint", text: fieldHint(f) }),
      el("small", { id: `${id}-error`, class: "error", "aria-live": "polite" })));
  }
  $("assess").disabled = false;
  $("form-problems").hidden = true;
}

function readValues() {
  const out = {};
  for (const node of document.querySelectorAll("#fields [name]")) if (node.value !== "") out[node.name] = node.value;
  return out;
}

function caseData() {
  const values = readValues();
  const facts = {};
  for (const f of state.facts.facts) {
    if (!(f.name in values)) continue;
    facts[f.name] = f.type === "boolean" ? values[f.name] === "true" : values[f.name];
  }
  const data = { violation: state.violation, facts };
  if (values.case_id) data.case_id = values.case_id;
  return data;
}

// ---- the result ----

function showProblems(problems) {
  const box = $("form-problems");
  box.replaceChildren(el("strong", { text: t("ui.problems") }));
  const list = el("ul");
  for (const node of document.querySelectorAll("#fields .error")) node.textContent = "";
  for (const node of document.querySelectorAll("#fields [aria-invalid]")) node.removeAttribute("aria-invalid");
  for (const p of problems) {
    list.append(el("li", {}, p.message, p.hint ? el("span", { class: "hint", text: " — " + p.hint }) : null));
    const input = p.fact && $("f-" + p.fact);
    if (input) {
      input.setAttribute("aria-invalid", "true");
      $(`f-${p.fact}-error`).textContent = p.message + (p.hint ? " — " + p.hint : "");
    }
  }
  box.append(list);
  box.hidden = false;
  box.focus();
}

async function assess(event) {
  if (event) event.preventDefault();
  if (!state.facts) return;
  $("busy").textContent = t("ui.busy");
  $("assess").disabled = true;
  try {
    const r = await api(`/v1/explain?lang=${state.lang}`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ rulebook: state.rulebook, case: caseData() }),
    });
    const data = await r.json();
    if (!data.ok) { showProblems(data.problems); return; }
    $("form-problems").hidden = true;
    for (const node of document.querySelectorAll("#fields .error")) node.textContent = "";
    for (const node of document.querySelectorAll("#fields [aria-invalid]")) node.removeAttribute("aria-invalid");
    state.result = data;
    renderResult(data);
    if (event) $("result-section").focus();
  } catch (err) {
    if (!(err instanceof Unauthorized)) showProblems([{ message: err.message, hint: "" }]);
  } finally {
    $("busy").textContent = "";
    $("assess").disabled = false;
  }
}

function row(dl, term, value, cls) {
  dl.append(el("dt", { text: term }), el("dd", { class: cls || null, text: value }));
}

function stepsList(steps) {
  const ol = el("ol", { class: "steps" });
  let last = null;
  for (const [depth, text] of steps) {
    if (depth === 0 || !last) {
      last = el("li", {}, el("span", { text }));
      ol.append(last);
    } else {
      let sub = last.querySelector("ul");
      if (!sub) { sub = el("ul"); last.append(sub); }
      sub.append(el("li", { text }));
    }
  }
  return ol;
}

function renderResult(data) {
  const L = data.labels;
  const box = $("result");
  box.replaceChildren();
  for (const line of data.header) box.append(el("p", { class: "muted", text: line }));
  for (const act of data.acts) {
    const dl = el("dl", { class: "summary" });
    row(dl, L["result.violation"], act.title);
    row(dl, L["result.grade"], act.grade);
    row(dl, L["result.range"], act.range, "range");
    row(dl, act.recommended_label, act.recommended, "recommended");
    row(dl, L["result.measures"], act.measures);
    const art = el("article", { class: "act", "data-violation": act.violation },
      el("h3", { text: act.violation + (act.applied ? "" : " " + L["result.not_applied"]) }), dl,
      el("ul", { class: "citations" }, ...act.citations.map((c) => el("li", { text: c }))));
    if (act.alternatives.length) {
      art.append(el("h4", { text: L["result.alternatives"] }),
                 el("ul", { class: "alternatives" }, ...act.alternatives.map((a) => el("li", { text: a }))));
    }
    if (act.warnings.length) {
      art.append(el("h4", { text: L["result.warnings"] }),
                 el("ul", { class: "warnings" }, ...act.warnings.map((w) => el("li", { text: w }))));
    }
    art.append(el("h4", { text: L.explanation }), stepsList(act.steps));
    box.append(art);
  }
  if (data.decision) box.append(el("p", { class: "decision", text: data.decision }));
  if (data.time.length) box.append(stepsList(data.time));
  box.append(el("p", { class: "muted footer", text: data.footer }));
  $("result-section").hidden = false;
  renderMemo(data.memo);
}

// The memo is the command line's Markdown (`penalty calc -f md`), laid out for print: headings, lists, bold.
function inline(text) {
  const span = el("span");
  text.split("**").forEach((part, i) => span.append(i % 2 ? el("strong", { text: part }) : part));
  return span;
}

function renderMemo(markdown) {
  const box = $("memo");
  box.replaceChildren();
  box.dataset.markdown = markdown;
  let list = null;
  let sub = null;
  for (const line of markdown.split("\n")) {
    const heading = line.match(/^(#{1,3}) (.*)$/);
    const item = line.match(/^(\s*)(?:- |\d+\. )(.*)$/);
    if (heading) {
      list = sub = null;
      box.append(el("h" + (heading[1].length + 2), {}, inline(heading[2])));
    } else if (item && item[1].length > 0 && list && list.lastElementChild) {
      if (!sub) { sub = el("ul"); list.lastElementChild.append(sub); }
      sub.append(el("li", {}, inline(item[2])));
    } else if (item) {
      const ordered = /^\d+\. /.test(line);
      if (!list || (list.tagName === "OL") !== ordered) { list = el(ordered ? "ol" : "ul"); box.append(list); }
      sub = null;
      list.append(el("li", {}, inline(item[2])));
    } else if (line === "---") {
      list = sub = null;
      box.append(el("hr"));
    } else if (line.trim()) {
      list = sub = null;
      box.append(el("p", {}, inline(line)));
    }
  }
  $("memo-section").hidden = false;
}

// ---- start ----

async function start() {
  state.ui = await getJson("/v1/messages");
  state.rulebooks = await getJson("/v1/rulebooks");
  const select = $("rulebook");
  select.replaceChildren(...state.rulebooks.map((r) => el("option", { value: r.id })));
  state.rulebook = state.rulebooks.some((r) => r.id === "cn-env-food") ? "cn-env-food" : state.rulebooks[0].id;
  select.value = state.rulebook;
  const rb = state.rulebooks.find((r) => r.id === state.rulebook);
  state.lang = (rb.languages && rb.languages[0]) || "zh";
  applyUi();
  await search();
}

document.addEventListener("DOMContentLoaded", () => {
  $("q").addEventListener("input", () => { clearTimeout(searchTimer); searchTimer = setTimeout(search, 150); });
  $("q").addEventListener("keydown", (e) => {
    const first = document.querySelector("#violations button");
    if (e.key === "ArrowDown" && first) { first.focus(); e.preventDefault(); }
    if (e.key === "Enter" && state.violations.length === 1) { chooseViolation(state.violations[0].id); e.preventDefault(); }
  });
  $("rulebook").addEventListener("change", async (e) => {
    state.rulebook = e.target.value;
    state.violation = state.facts = state.result = null;
    $("fields").replaceChildren(el("p", { class: "muted", text: t("ui.choose_violation") }));
    $("assess").disabled = true;
    $("result-section").hidden = $("memo-section").hidden = true;
    await search();
  });
  for (const b of document.querySelectorAll("#lang-switch button")) b.addEventListener("click", () => setLang(b.dataset.lang));
  $("case-form").addEventListener("submit", assess);
  $("print").addEventListener("click", () => window.print());
  $("token-form").addEventListener("submit", (e) => {
    e.preventDefault();
    state.token = $("token").value.trim();
    sessionStorage.setItem("penalty-token", state.token);
    $("token-section").hidden = true;
    start().catch(report);
  });
  start().catch(report);
});

function report(err) {
  if (err instanceof Unauthorized) return;
  $("search-count").textContent = err.message;
}
