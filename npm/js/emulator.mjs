// The package's JavaScript face, shared by the Node and bundler entries (node.mjs, bundler.mjs):
// each passes the wasm-bindgen module it loaded to `bind`. Types: index.d.ts.

export const TARGET_PREFIX = "Timestream_20181101";
const CONTENT_TYPE = "application/x-amz-json-1.0";
const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Epoch ms of a time given as a Date, epoch ms, or an ISO-8601 string with a zone (or a date). */
export function toEpochMs(time) {
  let ms;
  if (time instanceof Date) ms = time.getTime();
  else if (typeof time === "number") ms = time;
  else if (typeof time === "string") {
    // A date-time without Z or an offset would be read in the machine's zone: refused.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(time) && !/T.*(Z|[+-]\d{2}:?\d{2})$/i.test(time)) {
      throw new TypeError(`clock: "${time}" is not an ISO-8601 time with a zone (e.g. 2024-05-01T12:00:00Z)`);
    }
    ms = Date.parse(time);
  } else {
    throw new TypeError(`clock: expected a Date, epoch milliseconds or an ISO-8601 string, got ${typeof time}`);
  }
  if (!Number.isFinite(ms)) throw new TypeError(`clock: "${time}" is not a valid time`);
  return ms;
}

/** Milliseconds of a duration: a number (ms) or a string such as "90s", "1h30m", "-2d", "250ms". */
export function toDurationMs(by) {
  if (typeof by === "number" && Number.isFinite(by)) return by;
  if (typeof by === "string") {
    const m = /^([+-]?)((?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+)$/.exec(by.trim());
    if (m) {
      let total = 0;
      for (const [, n, unit] of m[2].matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(n) * UNITS[unit];
      return m[1] === "-" ? -total : total;
    }
  }
  throw new TypeError(`advance: expected milliseconds or a duration such as "90s", "1h30m", "2d", got ${JSON.stringify(by)}`);
}

/** `Timestream_20181101.X` for `X` or the full target. */
function targetOf(operation) {
  if (typeof operation !== "string") throw new TypeError("handle: the target must be a string");
  return operation.includes(".") ? operation : `${TARGET_PREFIX}.${operation}`;
}

const encoder = new TextEncoder();

/** A request body as UTF-8 bytes (objects JSON-encoded); the engine reads bytes. */
function bytesOf(body) {
  if (body == null) return new Uint8Array(0);
  if (body instanceof Uint8Array) return body;
  return encoder.encode(typeof body === "string" ? body : JSON.stringify(body));
}

/** A header's value, whatever the case of its name. */
function header(headers, name) {
  for (const key of Object.keys(headers ?? {})) if (key.toLowerCase() === name) return headers[key];
  return undefined;
}

/** The region of a SigV4 credential scope (`Credential=AKID/20240501/eu-west-1/timestream/aws4_request`). */
export function regionOfAuthorization(authorization) {
  const m = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/[^/]+\/aws4_request/.exec(authorization ?? "");
  return m ? m[1] : undefined;
}

export function bind(wasm) {
  class Emulator {
    #engine;

    /**
     * @param {object} [options] region, account, endpointAddress, endpointCacheMinutes; clock (a
     *   time to freeze the clock at); snapshot (a document to start from).
     */
    constructor(options = {}) {
      const region = options.region ?? "us-east-1";
      const config = {
        region,
        account: options.account ?? "123456789012",
        endpointAddress: options.endpointAddress ?? `ingest-cell1.timestream.${region}.amazonaws.com`,
        endpointCacheMinutes: options.endpointCacheMinutes ?? 1440,
      };
      this.#engine = new wasm.WasmEngine(JSON.stringify(config));
      if (options.snapshot !== undefined) this.importSnapshot(options.snapshot);
      if (options.clock !== undefined) this.setClock(options.clock);
    }

    /** A new emulator from a snapshot document (text or parsed). */
    static fromSnapshot(snapshot) {
      return new Emulator({ snapshot });
    }

    /**
     * One request through the wire seam. `target` is `Timestream_20181101.WriteRecords` or just
     * `WriteRecords`; `body` an object, JSON text or bytes. Answers `{ status, errorType,
     * requestId, body }` (body parsed; null for operations without output).
     */
    handle(target, body, { region } = {}) {
      const reply = this.#engine.handle(targetOf(target), bytesOf(body), region);
      const text = reply.text;
      const out = { status: reply.status, errorType: reply.errorType, requestId: reply.requestId, body: text ? JSON.parse(text) : null };
      reply.free();
      return out;
    }

    /** Every problem of a request without running it: `[{ path, rule, message }]`, empty when valid. */
    diagnose(operation, body) {
      const name = operation.startsWith(`${TARGET_PREFIX}.`) ? operation.slice(TARGET_PREFIX.length + 1) : operation;
      return JSON.parse(this.#engine.diagnose(name, bytesOf(body)));
    }

    /** The emulator's time. */
    now() {
      return new Date(this.#engine.nowMs());
    }

    /** The clock: its time (epoch ms and ISO) and whether it stands still. */
    clock() {
      const epochMs = this.#engine.nowMs();
      return { epochMs, iso: new Date(epochMs).toISOString(), frozen: this.#engine.isFrozen() };
    }

    /** Stops the clock at a time (Date, epoch ms, or ISO-8601 with a zone). */
    setClock(time) {
      this.#engine.setClockMs(toEpochMs(time));
      return this;
    }

    /** Moves the clock by a duration (ms, or "90s", "1h30m", "-2d"); a running clock stops there. */
    advance(by) {
      this.#engine.advanceMs(toDurationMs(by));
      return this;
    }

    /** Stops the clock where it is. */
    freeze() {
      this.#engine.setClockMs(this.#engine.nowMs());
      return this;
    }

    /** The clock follows the system time again. */
    useSystemClock() {
      this.#engine.useSystemClock();
      return this;
    }

    /** The whole state (resources, records and their history, clock, ids) as JSON text. */
    exportSnapshot() {
      return this.#engine.snapshot();
    }

    /** Replaces the state with a snapshot's (text or parsed); throws and changes nothing on a bad document. */
    importSnapshot(snapshot) {
      this.#engine.restore(typeof snapshot === "string" ? snapshot : JSON.stringify(snapshot));
      return this;
    }

    /**
     * A request handler for the AWS SDK for JavaScript v3 (`@aws-sdk/client-timestream-write`):
     * `new TimestreamWriteClient({ region, credentials, requestHandler: emulator.requestHandler() })`.
     * Every request is answered in process, whatever its host (endpoint discovery included).
     */
    requestHandler() {
      const engine = this.#engine;
      return {
        metadata: { handlerProtocol: "http/1.1" },
        async handle(request) {
          const target = header(request.headers, "x-amz-target") ?? "";
          const region = regionOfAuthorization(header(request.headers, "authorization"));
          const reply = engine.handle(target, bytesOf(request.body), region);
          const bytes = reply.body;
          const headers = { "content-type": CONTENT_TYPE, "content-length": String(bytes.length), "x-amzn-requestid": reply.requestId };
          const errorType = reply.errorType;
          if (errorType) headers["x-amzn-errortype"] = errorType;
          const response = { statusCode: reply.status, headers, body: bytes };
          reply.free();
          return { response };
        },
        updateHttpClientConfig() {},
        httpHandlerConfigs() {
          return {};
        },
        destroy() {},
      };
    }

    /** Frees the engine's memory now rather than when the object is collected. */
    free() {
      this.#engine.free();
    }
  }
  return { Emulator };
}
