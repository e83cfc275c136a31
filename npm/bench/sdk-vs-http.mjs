// WriteRecords through the real AWS SDK for JavaScript v3: the npm package's in-process request
// handler against the same SDK talking HTTP to timestream-local (the native server), interleaved
// in one run. `cargo xtask bench` runs it (xtask/src/bench/npm.rs); by hand:
//   node npm/bench/sdk-vs-http.mjs --bin target/release/timestream-local [--pkg pkg] [--rounds 11] [--batches 200]
// Prints `NPMBENCH {json}`: records/s of each round for both, medians, the ratio of each round
// (in-process / HTTP) and their median, min and max. Two more measures in the same rounds say
// where the time goes: the same bodies through `emulator.handle` without the SDK (the engine and
// the package's glue), and the SDK with a handler that answers a canned success without any
// engine (the SDK's own ceiling on this machine).
import { spawn } from "node:child_process";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { TimestreamWriteClient, CreateDatabaseCommand, CreateTableCommand, WriteRecordsCommand } from "@aws-sdk/client-timestream-write";

const { values: opt } = parseArgs({
  options: { bin: { type: "string" }, pkg: { type: "string", default: "pkg" }, rounds: { type: "string", default: "11" }, batches: { type: "string", default: "200" } },
});
if (!opt.bin) throw new Error("--bin path/to/timestream-local is required");
const ROUNDS = Number(opt.rounds);
const BATCHES = Number(opt.batches);
const BATCH = 100;
const SERIES = 1000;
const credentials = { accessKeyId: "bench", secretAccessKey: "bench" };
const { Emulator } = await import(pathToFileURL(resolve(opt.pkg, "node.mjs")).href);

/** Starts timestream-local on a free port of 127.0.0.1; resolves to { url, stop }. */
function startServer(bin) {
  return new Promise((ok, fail) => {
    const child = spawn(bin, ["serve", "--bind", "127.0.0.1", "--port", "0", "--region", "us-east-1"], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) ok({ url: m[1], stop: () => child.kill() });
    });
    child.on("exit", (code) => fail(new Error(`timestream-local exited (${code}): ${out}`)));
  });
}

/** BATCHES WriteRecords inputs of BATCH records: SERIES hosts, distinct times (insert only). */
function inputs(db, now) {
  return Array.from({ length: BATCHES }, (_, b) => ({
    DatabaseName: db,
    TableName: "tbl",
    Records: Array.from({ length: BATCH }, (_, i) => {
      const n = b * BATCH + i;
      return {
        Dimensions: [{ Name: "host", Value: `host-${n % SERIES}` }, { Name: "region", Value: "eu-central-1" }],
        MeasureName: "cpu",
        MeasureValue: String((n % 997) / 10),
        MeasureValueType: "DOUBLE",
        Time: String(now - 60_000 - Math.floor(n / SERIES)),
      };
    }),
  }));
}

/** Records/s of one round: a fresh database, then every batch sent one after the other. */
async function round(client, db) {
  await client.send(new CreateDatabaseCommand({ DatabaseName: db }));
  await client.send(new CreateTableCommand({ DatabaseName: db, TableName: "tbl" }));
  const batches = inputs(db, Date.now());
  const start = performance.now();
  for (const input of batches) await client.send(new WriteRecordsCommand(input));
  return (BATCHES * BATCH) / ((performance.now() - start) / 1000);
}

/** Records/s of the same bodies straight through `emulator.handle` (JSON text, no SDK). */
function direct(db) {
  const emulator = new Emulator();
  emulator.handle("CreateDatabase", { DatabaseName: db });
  emulator.handle("CreateTable", { DatabaseName: db, TableName: "tbl" });
  const bodies = inputs(db, Date.now()).map((i) => JSON.stringify(i));
  const start = performance.now();
  for (const body of bodies) {
    if (emulator.handle("WriteRecords", body).status !== 200) throw new Error("direct write failed");
  }
  const rate = (BATCHES * BATCH) / ((performance.now() - start) / 1000);
  emulator.free();
  return rate;
}

/** An SDK request handler that answers every request with one canned success: no engine. */
const canned = {
  metadata: { handlerProtocol: "http/1.1" },
  async handle(request) {
    const op = request.headers["x-amz-target"].split(".")[1];
    const answers = {
      DescribeEndpoints: { Endpoints: [{ Address: "canned.example", CachePeriodInMinutes: 1440 }] },
      WriteRecords: { RecordsIngested: { Total: BATCH, MemoryStore: BATCH, MagneticStore: 0 } },
    };
    const body = new TextEncoder().encode(JSON.stringify(answers[op] ?? {}));
    return { response: { statusCode: 200, headers: { "content-type": "application/x-amz-json-1.0" }, body } };
  },
  updateHttpClientConfig() {},
  httpHandlerConfigs: () => ({}),
  destroy() {},
};

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const server = await startServer(resolve(opt.bin));
try {
  const http = new TimestreamWriteClient({ region: "us-east-1", credentials, endpoint: server.url, maxAttempts: 1 });
  const ceiling = new TimestreamWriteClient({ region: "us-east-1", credentials, requestHandler: canned, maxAttempts: 1 });
  const inProcess = [];
  const overHttp = [];
  const noSdk = [];
  const sdkOnly = [];
  // Round 0 warms everything up (JIT, connection) and is not counted; the order of the four
  // measures rotates from round to round.
  for (let r = 0; r <= ROUNDS; r++) {
    const emulator = new Emulator();
    const local = new TimestreamWriteClient({ region: "us-east-1", credentials, requestHandler: emulator.requestHandler(), maxAttempts: 1 });
    const measures = [
      async () => inProcess.push(await round(local, `bench_${r}`)),
      async () => overHttp.push(await round(http, `bench_${r}`)),
      async () => noSdk.push(direct(`bench_${r}`)),
      async () => sdkOnly.push(await round(ceiling, `bench_${r}`)),
    ];
    for (let i = 0; i < measures.length; i++) await measures[(i + r) % measures.length]();
    emulator.free();
    if (r === 0) for (const v of [inProcess, overHttp, noSdk, sdkOnly]) v.length = 0;
  }
  const ratios = inProcess.map((x, i) => x / overHttp[i]);
  const result = {
    records_per_request: BATCH,
    requests_per_round: BATCHES,
    rounds: ROUNDS,
    in_process_records_per_s: inProcess.map(Math.round),
    http_records_per_s: overHttp.map(Math.round),
    in_process_median: Math.round(median(inProcess)),
    http_median: Math.round(median(overHttp)),
    ratio_median: Number(median(ratios).toFixed(3)),
    ratio_min: Number(Math.min(...ratios).toFixed(3)),
    ratio_max: Number(Math.max(...ratios).toFixed(3)),
    package_without_sdk_records_per_s: noSdk.map(Math.round),
    package_without_sdk_median: Math.round(median(noSdk)),
    sdk_canned_handler_records_per_s: sdkOnly.map(Math.round),
    sdk_canned_handler_median: Math.round(median(sdkOnly)),
    node: process.version,
  };
  console.log(`NPMBENCH ${JSON.stringify(result)}`);
} finally {
  server.stop();
}
