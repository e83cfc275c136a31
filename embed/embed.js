// Runnable Timestream Write requests in any static page (docs/embedding.md).
//
//   <script type="module" src="/timestream/embed.js" data-clock="2024-01-01T00:00:00Z"></script>
//   <pre data-timestream="CreateDatabase">{ "DatabaseName": "demo" }</pre>
//
// Each `pre[data-timestream]` becomes an editable body with the engine's diagnostics, a Run
// button and the response under it. All blocks of a page share one engine (the wasm-bindgen web
// build beside this file, loaded once), so a page can walk through a scenario step by step.
// Attributes of a block: data-setup (hidden prerequisite requests, a JSON array of
// {"operation","request"} run once before the block's first run), data-clock (pins the virtual
// clock before the block runs; on the script tag: at load), data-expect (an HTTP status such as
// "200" or an error type such as "RejectedRecordsException": the block shows ✓ or ✗).
// On the script tag, data-playground (a playground URL) adds an "Open in playground" link: a
// share link (`#s=`, the playground's own session format) carrying the block's operation and body
// and the page's engine state, so the playground opens where the reader is; until the engine has
// loaded, the block's request alone (`?op=&body=`).
// No inline styles and no eval: it runs under `script-src 'self' 'wasm-unsafe-eval'`.
import init, * as wasm from "./timestream_npm.js";
import { bind } from "./emulator.mjs";

const here = import.meta.url;
const script = [...document.querySelectorAll("script[src]")].find((s) => s.src === here);
const DEBOUNCE_MS = 250;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function addStylesheet() {
  const href = new URL("embed.css", here).href;
  if ([...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href === href)) return;
  const link = el("link");
  link.rel = "stylesheet";
  link.href = href;
  document.head.append(link);
}

/** The engine, loaded once for the page: an Emulator of the npm package's API. */
const engine = (async () => {
  await init({ module_or_path: new URL("timestream_npm_bg.wasm", here) });
  const { Emulator } = bind(wasm);
  const emulator = new Emulator();
  if (script?.dataset.clock) emulator.setClock(script.dataset.clock);
  return emulator;
})();

/** The JSON text of a block, pretty-printed when it parses. */
function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text.trim();
  }
}

function playgroundHref(base, operation, body) {
  const url = new URL(base, document.baseURI);
  url.searchParams.set("op", operation);
  url.searchParams.set("body", body);
  return url.href;
}

/** base64url without padding, as the playground's share links (src/share.rs). */
function base64url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * The playground's share link for a session: the session document of src/persist.rs (operation,
 * request, engine snapshot) without its kind and version, which a link leaves out (src/share.rs
 * puts them back), deflate-raw compressed, base64url, in `#s=`.
 */
async function sessionHref(base, operation, body, snapshot) {
  const doc = `{"operation":${JSON.stringify(operation)},"request":${JSON.stringify(body)},"engine":${snapshot}}`;
  const stream = new Blob([doc]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  const url = new URL(base, document.baseURI);
  url.hash = `s=${base64url(bytes)}`;
  return url.href;
}

/** Whether a reply is what `expect` names: an HTTP status ("200") or an error type. */
function meets(expect, reply) {
  return /^\d{3}$/.test(expect) ? String(reply.status) === expect : reply.errorType === expect;
}

function rejectedTable(rejected) {
  const table = el("table", "ts-rejected");
  const head = table.createTHead().insertRow();
  for (const h of ["RecordIndex", "Reason", "ExistingVersion"]) head.append(el("th", "", h));
  const body = table.createTBody();
  for (const r of rejected) {
    const row = body.insertRow();
    row.insertCell().textContent = String(r.RecordIndex);
    row.insertCell().textContent = r.Reason ?? "";
    row.insertCell().textContent = r.ExistingVersion === undefined ? "—" : String(r.ExistingVersion);
  }
  return table;
}

class Block {
  constructor(pre, index) {
    this.operation = pre.dataset.timestream;
    this.expect = pre.dataset.expect;
    this.clock = pre.dataset.clock;
    this.setupText = pre.dataset.setup;
    this.setupDone = false;
    const root = el("div", "ts-embed");
    root.dataset.timestream = this.operation;
    const header = el("div", "ts-header");
    header.append(el("span", "ts-op", this.operation));
    if (this.expect) {
      this.badge = el("span", "ts-expect", `expects ${this.expect}`);
      header.append(this.badge);
    }
    this.textarea = el("textarea", "ts-body");
    this.textarea.value = pretty(pre.textContent);
    this.textarea.rows = Math.min(24, this.textarea.value.split("\n").length + 1);
    this.textarea.spellcheck = false;
    this.textarea.setAttribute("aria-label", `${this.operation} request body`);
    this.textarea.id = `ts-body-${index}`;
    this.diagnostics = el("ul", "ts-diagnostics");
    this.diagnostics.setAttribute("aria-live", "polite");
    const bar = el("div", "ts-bar");
    this.button = el("button", "ts-run", "Run");
    this.button.type = "button";
    this.button.setAttribute("aria-label", `Run ${this.operation}`);
    this.button.title = "Run (Ctrl+Enter in the editor)";
    bar.append(this.button);
    if (script?.dataset.playground) {
      this.link = el("a", "ts-open", "Open in playground");
      this.link.target = "_blank";
      this.link.rel = "noopener";
      // Another block may have changed the shared engine since: brought up to date when the
      // reader reaches for the link.
      for (const event of ["pointerenter", "focus"]) this.link.addEventListener(event, () => this.updateLink());
      bar.append(this.link);
    }
    this.response = el("div", "ts-response");
    this.response.setAttribute("aria-live", "polite");
    root.append(header, this.textarea, this.diagnostics, bar, this.response);
    // The pre stays (hidden) for frameworks that own the DOM (React in Docusaurus, MDX).
    pre.classList.add("ts-source");
    pre.after(root);
    this.root = root;

    let timer;
    this.textarea.addEventListener("input", () => {
      clearTimeout(timer);
      // The link's session (a snapshot of the engine, compressed) is made once typing pauses,
      // not on every keystroke; the reader reaching for the link refreshes it anyway.
      timer = setTimeout(() => {
        this.diagnose();
        this.updateLink();
      }, DEBOUNCE_MS);
    });
    this.button.addEventListener("click", () => this.run());
    this.textarea.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.run();
      }
    });
    this.updateLink();
  }

  /** The link at once with the request; then, once the engine is there, with the session. */
  async updateLink() {
    if (!this.link) return;
    const [base, operation, body] = [script.dataset.playground, this.operation, this.textarea.value];
    const turn = (this.linkTurn = (this.linkTurn ?? 0) + 1);
    if (!this.link.href.includes("#s=")) this.link.href = playgroundHref(base, operation, body);
    try {
      const href = await sessionHref(base, operation, body, (await engine).exportSnapshot());
      if (turn === this.linkTurn) this.link.href = href;
    } catch {
      if (turn === this.linkTurn) this.link.href = playgroundHref(base, operation, body);
    }
  }

  async diagnose() {
    let problems;
    try {
      problems = (await engine).diagnose(this.operation, this.textarea.value);
    } catch (e) {
      problems = [{ path: "", message: String(e?.message ?? e) }];
    }
    this.diagnostics.replaceChildren(...problems.map((p) => el("li", "", p.path ? `${p.path}: ${p.message}` : p.message)));
    this.root.classList.toggle("ts-invalid", problems.length > 0);
  }

  /** data-setup: parsed and run once, before the first run. Answers a line for each request. */
  runSetup(emulator) {
    if (this.setupDone || !this.setupText) return [];
    this.setupDone = true;
    let steps;
    try {
      steps = JSON.parse(this.setupText);
      if (!Array.isArray(steps)) throw new Error("not an array");
    } catch (e) {
      return [`data-setup is not a JSON array of {"operation","request"}: ${e.message}`];
    }
    return steps.map(({ operation, request }) => {
      const r = emulator.handle(operation, request ?? {});
      return `${operation}: ${r.status}${r.errorType ? ` ${r.errorType}` : ""}`;
    });
  }

  async run() {
    this.button.disabled = true;
    this.response.replaceChildren(el("p", "ts-status", "Running…"));
    try {
      const emulator = await engine;
      if (this.clock) emulator.setClock(this.clock);
      const setup = this.runSetup(emulator);
      const reply = emulator.handle(this.operation, this.textarea.value);
      this.show(reply, setup);
      this.updateLink();
    } catch (e) {
      this.response.replaceChildren(el("p", "ts-status ts-error", `The request could not run: ${e?.message ?? e}`));
    } finally {
      this.button.disabled = false;
    }
  }

  show(reply, setup) {
    const ok = reply.status < 300;
    const status = el("p", `ts-status ${ok ? "ts-ok" : "ts-error"}`, `HTTP ${reply.status}${reply.errorType ? ` · ${reply.errorType}` : ""}`);
    const parts = [status];
    if (setup.length) {
      const details = el("details", "ts-setup");
      details.append(el("summary", "", `Setup ran first (${setup.length} request${setup.length > 1 ? "s" : ""})`));
      const list = el("ul");
      for (const line of setup) list.append(el("li", "", line));
      details.append(list);
      parts.push(details);
    }
    const rejected = reply.body?.RejectedRecords;
    if (Array.isArray(rejected) && rejected.length) parts.push(rejectedTable(rejected));
    parts.push(el("pre", "ts-json", reply.body === null ? "(no body)" : JSON.stringify(reply.body, null, 2)));
    this.response.replaceChildren(...parts);
    if (this.badge) {
      const pass = meets(this.expect, reply);
      this.badge.textContent = pass ? `✓ ${this.expect}` : `✗ expected ${this.expect}`;
      this.badge.classList.toggle("ts-pass", pass);
      this.badge.classList.toggle("ts-fail", !pass);
    }
  }
}

let counter = 0;

/** Makes every new `pre[data-timestream]` runnable; diagnoses it once the engine is there. */
function scan(loaded) {
  for (const pre of document.querySelectorAll("pre[data-timestream]:not(.ts-source)")) {
    const block = new Block(pre, counter++);
    if (loaded) block.diagnose();
    else blocks.push(block);
  }
}

const blocks = [];

function start() {
  addStylesheet();
  scan(false);
  engine.then(
    () => {
      for (const b of blocks) b.diagnose();
      document.documentElement.dataset.timestreamReady = "true";
      // Single-page sites (Docusaurus, MkDocs Material's instant navigation) add blocks later.
      new MutationObserver(() => scan(true)).observe(document.body, { childList: true, subtree: true });
    },
    (e) => {
      for (const b of blocks) b.response.replaceChildren(el("p", "ts-status ts-error", `The Timestream engine could not load: ${e?.message ?? e}`));
    },
  );
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
