// The package's own API: handle, diagnose, the clock, snapshots; and its layout (exports, the
// bundler build).
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";
import { Emulator, TARGET_PREFIX, PKG_DIR, manifest } from "./load.mjs";

const T0 = "2024-05-01T12:00:00.000Z";
const MS0 = Date.parse(T0);

function withTable(options = { clock: T0 }) {
  const emu = new Emulator(options);
  assert.equal(emu.handle("CreateDatabase", { DatabaseName: "mydb" }).status, 200);
  assert.equal(emu.handle(`${TARGET_PREFIX}.CreateTable`, '{"DatabaseName":"mydb","TableName":"tbl"}').status, 200);
  return emu;
}

const write = (emu, time, extra = {}) =>
  emu.handle("WriteRecords", {
    DatabaseName: "mydb",
    TableName: "tbl",
    Records: [{ Dimensions: [{ Name: "host", Value: "a" }], MeasureName: "cpu", MeasureValue: "1", Time: String(time), ...extra }],
  });

describe("handle", () => {
  test("answers status, error type, request id and the parsed body", () => {
    const emu = withTable();
    const ok = write(emu, MS0);
    assert.equal(ok.status, 200);
    assert.equal(ok.errorType, undefined);
    assert.ok(ok.requestId);
    assert.deepEqual(ok.body.RecordsIngested, { Total: 1, MemoryStore: 1, MagneticStore: 0 });

    const missing = emu.handle("DescribeDatabase", { DatabaseName: "nope" });
    assert.equal(missing.status, 404);
    assert.equal(missing.errorType, "ResourceNotFoundException");
    assert.match(missing.body.message, /The database nope does not exist/);

    assert.equal(emu.handle("DeleteTable", new TextEncoder().encode('{"DatabaseName":"mydb","TableName":"tbl"}')).body, null);
    const unknown = emu.handle("Timestream_20181101.Nope", {});
    assert.equal(unknown.status, 404);
    assert.equal(unknown.errorType, "UnknownOperationException");
  });

  test("the region of a request names its ARNs", () => {
    const emu = new Emulator({ region: "eu-west-1" });
    assert.match(emu.handle("CreateDatabase", { DatabaseName: "aaa" }).body.Database.Arn, /^arn:aws:timestream:eu-west-1:/);
    assert.match(emu.handle("CreateDatabase", { DatabaseName: "bbb" }, { region: "ap-south-1" }).body.Database.Arn, /^arn:aws:timestream:ap-south-1:/);
    assert.equal(emu.handle("DescribeEndpoints", {}).body.Endpoints[0].Address, "ingest-cell1.timestream.eu-west-1.amazonaws.com");
  });
});

describe("diagnose", () => {
  test("names every problem with its member path and rule, without running the request", () => {
    const emu = withTable();
    const diags = emu.diagnose("WriteRecords", {
      DatabaseName: "mydb",
      TableName: "tbl",
      Records: [{ MeasureName: "cpu", MeasureValue: "1", MeasureValueType: "DUBLE", Time: String(MS0) }],
    });
    assert.ok(diags.length >= 1, JSON.stringify(diags));
    const bad = diags.find((d) => d.path === "Records[0].MeasureValueType");
    assert.ok(bad, JSON.stringify(diags));
    assert.equal(bad.rule, "enum");
    assert.match(bad.message, /DUBLE/);
    assert.deepEqual(emu.diagnose("WriteRecords", { DatabaseName: "mydb", TableName: "tbl", Records: [{ Dimensions: [{ Name: "h", Value: "a" }], MeasureName: "cpu", MeasureValue: "1", Time: String(MS0) }] }), []);
    assert.equal(emu.diagnose(`${TARGET_PREFIX}.CreateDatabase`, "{").at(0).rule, "syntax");
    // Nothing ran: the table holds no record.
    assert.equal(emu.handle("DescribeTable", { DatabaseName: "mydb", TableName: "tbl" }).status, 200);
    assert.throws(() => emu.diagnose("Nope", {}), /unknown operation `Nope`/);
  });
});

describe("clock", () => {
  test("set (ISO, epoch ms, Date), advance (ms and durations), freeze, system", () => {
    const emu = new Emulator();
    assert.equal(emu.clock().frozen, false);
    assert.ok(Math.abs(emu.now().getTime() - Date.now()) < 5_000, "a fresh emulator follows the system clock");
    emu.setClock(T0);
    assert.deepEqual(emu.clock(), { epochMs: MS0, iso: T0, frozen: true });
    emu.advance(1500).advance("1h30m").advance("-2d");
    assert.equal(emu.now().getTime(), MS0 + 1500 + 90 * 60_000 - 2 * 86_400_000);
    emu.setClock(MS0).setClock(new Date(MS0 + 1));
    assert.equal(emu.now().getTime(), MS0 + 1);
    emu.setClock("2024-05-01");
    assert.equal(emu.clock().iso, "2024-05-01T00:00:00.000Z");
    emu.useSystemClock();
    assert.equal(emu.clock().frozen, false);
    emu.freeze();
    const frozen = emu.clock();
    assert.equal(frozen.frozen, true);
    assert.ok(Math.abs(frozen.epochMs - Date.now()) < 5_000);
  });

  test("refuses times and durations it cannot read", () => {
    const emu = new Emulator({ clock: T0 });
    assert.throws(() => emu.setClock("2024-05-01T12:00:00"), /with a zone/);
    assert.throws(() => emu.setClock("yesterday"), TypeError);
    assert.throws(() => emu.setClock(Number.NaN), TypeError);
    assert.throws(() => emu.setClock(1e300), /not a time the clock can hold/);
    assert.throws(() => emu.advance("5 minutes"), /duration/);
    assert.equal(emu.clock().iso, T0, "nothing changed");
  });

  test("the clock decides the memory store window", () => {
    const emu = withTable();
    const rejected = write(emu, MS0 + 60 * 60_000);
    assert.equal(rejected.status, 419);
    assert.equal(rejected.body.RejectedRecords[0].RecordIndex, 0);
    emu.advance("1h");
    assert.equal(write(emu, MS0 + 60 * 60_000).status, 200);
  });
});

describe("snapshots", () => {
  test("export and import carry resources, records, versions and the clock", () => {
    const emu = withTable();
    assert.equal(write(emu, MS0, { Version: 5 }).status, 200);
    emu.advance("10m");
    const text = emu.exportSnapshot();
    assert.equal(JSON.parse(text).kind, "timestream-playground/snapshot");

    for (const copy of [Emulator.fromSnapshot(text), new Emulator().importSnapshot(JSON.parse(text))]) {
      assert.equal(copy.clock().epochMs, MS0 + 600_000);
      assert.equal(copy.handle("DescribeTable", { DatabaseName: "mydb", TableName: "tbl" }).status, 200);
      const lower = write(copy, MS0, { Version: 4, MeasureValue: "2" });
      assert.equal(lower.status, 419);
      assert.equal(lower.body.RejectedRecords[0].ExistingVersion, 5);
    }
  });

  test("a bad document is refused and changes nothing", () => {
    const emu = withTable();
    const before = emu.exportSnapshot();
    assert.throws(() => emu.importSnapshot("{}"), /not a snapshot document/);
    assert.throws(() => emu.importSnapshot(before.replace('"version":1', '"version":99')), /unsupported snapshot version 99/);
    assert.equal(emu.exportSnapshot(), before);
  });
});

describe("package", () => {
  test("package.json names files that exist", () => {
    const entry = manifest.exports["."];
    for (const f of [entry.types, entry.node, entry.default, manifest.main, manifest.module, manifest.types]) assert.ok(existsSync(join(PKG_DIR, f)), f);
    assert.ok(existsSync(join(PKG_DIR, "node/timestream_npm_bg.wasm")));
    assert.ok(existsSync(join(PKG_DIR, "bundler/timestream_npm_bg.wasm")));
  });

  test("the bundler build loads where ES modules import .wasm", () => {
    const url = pathToFileURL(join(PKG_DIR, manifest.exports["."].default)).href;
    const script = `const { Emulator } = await import(${JSON.stringify(url)});
      const e = new Emulator({ clock: 0 });
      console.log(e.handle("CreateDatabase", { DatabaseName: "xyz" }).body.Database.CreationTime);`;
    const out = execFileSync(process.execPath, ["--experimental-wasm-modules", "--no-warnings", "--input-type=module", "-e", script], { encoding: "utf8" });
    assert.equal(out.trim(), "0");
  });
});
