// The real AWS SDK for JavaScript v3 (@aws-sdk/client-timestream-write, pinned in the root
// package.json) against the in-process engine through `emulator.requestHandler()`: the same
// operations as tests/sdk/test_boto3.py, errors as the SDK's typed exceptions.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import {
  TimestreamWriteClient,
  CreateDatabaseCommand,
  DescribeDatabaseCommand,
  UpdateDatabaseCommand,
  DeleteDatabaseCommand,
  ListDatabasesCommand,
  CreateTableCommand,
  DescribeTableCommand,
  DeleteTableCommand,
  ListTablesCommand,
  WriteRecordsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ListTagsForResourceCommand,
  paginateListDatabases,
  ValidationException,
  ResourceNotFoundException,
  ConflictException,
  RejectedRecordsException,
} from "@aws-sdk/client-timestream-write";
import { Emulator } from "./load.mjs";

const REGION = "eu-central-1";
const ACCOUNT = "123456789012";
const NOW = Date.parse("2024-05-01T12:00:00Z");

/** A client on a fresh emulator whose clock stands at NOW; `seen` logs each request's host and target. */
function setup(options = { region: REGION, clock: NOW }) {
  const emulator = new Emulator(options);
  const inner = emulator.requestHandler();
  const seen = [];
  const requestHandler = {
    ...inner,
    handle(request, options) {
      seen.push({ host: request.hostname, target: request.headers["x-amz-target"] });
      return inner.handle(request, options);
    },
  };
  const client = new TimestreamWriteClient({
    region: REGION,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    requestHandler,
    maxAttempts: 1,
  });
  return { emulator, client, seen };
}

function record(value, timeMs, { version, host = "h1", measure = "cpu" } = {}) {
  const r = {
    Dimensions: [{ Name: "host", Value: host }],
    MeasureName: measure,
    MeasureValue: String(value),
    MeasureValueType: "DOUBLE",
    Time: String(timeMs),
  };
  if (version !== undefined) r.Version = version;
  return r;
}

async function dbAndTable(client, db = "mydb", table = "tbl") {
  await client.send(new CreateDatabaseCommand({ DatabaseName: db }));
  await client.send(new CreateTableCommand({ DatabaseName: db, TableName: table }));
  const write = (Records, extra = {}) => client.send(new WriteRecordsCommand({ DatabaseName: db, TableName: table, Records, ...extra }));
  return { db, table, write };
}

describe("endpoint discovery", () => {
  test("DescribeEndpoints first, then the discovered host, all in process", async () => {
    const { client, seen } = setup();
    await client.send(new CreateDatabaseCommand({ DatabaseName: "mydb" }));
    assert.deepEqual(seen.map((s) => s.target), ["Timestream_20181101.DescribeEndpoints", "Timestream_20181101.CreateDatabase"]);
    assert.equal(seen[1].host, `ingest-cell1.timestream.${REGION}.amazonaws.com`);
  });

  test("the region of the request's signature names the ARNs, whatever the emulator's default", async () => {
    const { client } = setup({ region: "us-east-1" });
    const { Database } = await client.send(new CreateDatabaseCommand({ DatabaseName: "regional" }));
    assert.equal(Database.Arn, `arn:aws:timestream:${REGION}:${ACCOUNT}:database/regional`);
  });
});

describe("databases", () => {
  test("lifecycle: create, describe, update, delete", async () => {
    const { client } = setup();
    const { Database: db } = await client.send(new CreateDatabaseCommand({ DatabaseName: "life" }));
    assert.equal(db.Arn, `arn:aws:timestream:${REGION}:${ACCOUNT}:database/life`);
    assert.equal(db.TableCount, 0);
    assert.ok(db.KmsKeyId);
    assert.ok(db.CreationTime instanceof Date);
    assert.equal(db.CreationTime.getTime(), NOW);

    const key = `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-1111-2222-3333-444444444444`;
    const { Database: updated } = await client.send(new UpdateDatabaseCommand({ DatabaseName: "life", KmsKeyId: key }));
    assert.equal(updated.KmsKeyId, key);
    const deleted = await client.send(new DeleteDatabaseCommand({ DatabaseName: "life" }));
    assert.equal(deleted.$metadata.httpStatusCode, 200);
    assert.ok(deleted.$metadata.requestId);
    await assert.rejects(client.send(new DescribeDatabaseCommand({ DatabaseName: "life" })), ResourceNotFoundException);
  });

  test("conflict, not found and validation are the SDK's typed exceptions", async () => {
    const { client } = setup();
    await client.send(new CreateDatabaseCommand({ DatabaseName: "mydb" }));
    await assert.rejects(client.send(new CreateDatabaseCommand({ DatabaseName: "mydb" })), (e) => {
      assert.ok(e instanceof ConflictException, e.name);
      assert.equal(e.$metadata.httpStatusCode, 409);
      assert.ok(e.message);
      return true;
    });
    await assert.rejects(client.send(new DescribeDatabaseCommand({ DatabaseName: "missing" })), (e) => {
      assert.ok(e instanceof ResourceNotFoundException, e.name);
      assert.equal(e.$metadata.httpStatusCode, 404);
      return true;
    });
    // The SDK does not check patterns: the service does.
    await assert.rejects(client.send(new CreateDatabaseCommand({ DatabaseName: "a b c" })), ValidationException);
    await assert.rejects(client.send(new ListDatabasesCommand({ MaxResults: 21 })), ValidationException);
  });

  test("a database with tables cannot be deleted", async () => {
    const { client } = setup();
    await dbAndTable(client);
    await assert.rejects(client.send(new DeleteDatabaseCommand({ DatabaseName: "mydb" })), ValidationException);
  });

  test("pagination: by hand and with the SDK's paginator", async () => {
    const { client } = setup();
    const names = Array.from({ length: 7 }, (_, i) => `page_${i}`);
    for (const n of names) await client.send(new CreateDatabaseCommand({ DatabaseName: n }));
    const seen = [];
    let token;
    let pages = 0;
    do {
      const resp = await client.send(new ListDatabasesCommand({ MaxResults: 2, NextToken: token }));
      assert.ok(resp.Databases.length <= 2);
      seen.push(...resp.Databases.map((d) => d.DatabaseName));
      token = resp.NextToken;
      assert.ok(++pages < 100, "pagination does not end");
    } while (token);
    assert.equal(pages, 4);
    assert.deepEqual([...seen].sort(), names);
    const viaPaginator = [];
    for await (const page of paginateListDatabases({ client, pageSize: 3 }, {})) viaPaginator.push(...page.Databases.map((d) => d.DatabaseName));
    assert.deepEqual(viaPaginator.sort(), names);
  });
});

describe("tables", () => {
  test("defaults, describe, list with pagination, delete", async () => {
    const { client } = setup();
    await client.send(new CreateDatabaseCommand({ DatabaseName: "mydb" }));
    for (let i = 0; i < 5; i++) await client.send(new CreateTableCommand({ DatabaseName: "mydb", TableName: `tbl${i}` }));
    const { Table: t } = await client.send(new DescribeTableCommand({ DatabaseName: "mydb", TableName: "tbl0" }));
    assert.equal(t.Arn, `arn:aws:timestream:${REGION}:${ACCOUNT}:database/mydb/table/tbl0`);
    assert.deepEqual(t.RetentionProperties, { MemoryStoreRetentionPeriodInHours: 6, MagneticStoreRetentionPeriodInDays: 73000 });
    assert.equal(t.TableStatus, "ACTIVE");
    const seen = [];
    let token;
    do {
      const resp = await client.send(new ListTablesCommand({ DatabaseName: "mydb", MaxResults: 2, NextToken: token }));
      seen.push(...resp.Tables.map((x) => x.TableName));
      token = resp.NextToken;
    } while (token && seen.length < 100);
    assert.deepEqual(seen.sort(), ["tbl0", "tbl1", "tbl2", "tbl3", "tbl4"]);
    await client.send(new DeleteTableCommand({ DatabaseName: "mydb", TableName: "tbl0" }));
    await assert.rejects(client.send(new DescribeTableCommand({ DatabaseName: "mydb", TableName: "tbl0" })), ResourceNotFoundException);
    await assert.rejects(client.send(new CreateTableCommand({ DatabaseName: "mydb", TableName: "tbl1" })), ConflictException);
    await assert.rejects(client.send(new ListTablesCommand({ DatabaseName: "nodb" })), ResourceNotFoundException);
    await assert.rejects(
      client.send(new CreateTableCommand({ DatabaseName: "mydb", TableName: "xyz", RetentionProperties: { MemoryStoreRetentionPeriodInHours: 8767, MagneticStoreRetentionPeriodInDays: 1 } })),
      ValidationException,
    );
  });
});

describe("tags", () => {
  test("tag, untag, list; unknown ARN", async () => {
    const { client } = setup();
    const { Database } = await client.send(new CreateDatabaseCommand({ DatabaseName: "tags", Tags: [{ Key: "team", Value: "a" }] }));
    const list = async () => (await client.send(new ListTagsForResourceCommand({ ResourceARN: Database.Arn }))).Tags;
    assert.deepEqual(await list(), [{ Key: "team", Value: "a" }]);
    await client.send(new TagResourceCommand({ ResourceARN: Database.Arn, Tags: [{ Key: "team", Value: "b" }, { Key: "env", Value: "dev" }] }));
    assert.deepEqual(Object.fromEntries((await list()).map((t) => [t.Key, t.Value])), { team: "b", env: "dev" });
    await client.send(new UntagResourceCommand({ ResourceARN: Database.Arn, TagKeys: ["team"] }));
    assert.deepEqual(await list(), [{ Key: "env", Value: "dev" }]);
    const ghost = `arn:aws:timestream:${REGION}:${ACCOUNT}:database/ghost`;
    await assert.rejects(client.send(new ListTagsForResourceCommand({ ResourceARN: ghost })), ResourceNotFoundException);
  });
});

describe("writes", () => {
  test("write, idempotent rewrite, common attributes", async () => {
    const { client } = setup();
    const { db, table, write } = await dbAndTable(client);
    const resp = await write([record(1.5, NOW - 1000), record(2.5, NOW - 2000, { host: "h2" })]);
    assert.deepEqual(resp.RecordsIngested, { Total: 2, MemoryStore: 2, MagneticStore: 0 });
    assert.equal((await write([record(1.5, NOW - 1000), record(2.5, NOW - 2000, { host: "h2" })])).RecordsIngested.Total, 2);
    const common = await client.send(
      new WriteRecordsCommand({
        DatabaseName: db,
        TableName: table,
        CommonAttributes: { Dimensions: [{ Name: "region", Value: "eu" }], MeasureValueType: "BIGINT", Time: String(NOW) },
        Records: [{ MeasureName: "a", MeasureValue: "1" }, { MeasureName: "b", MeasureValue: "2" }],
      }),
    );
    assert.equal(common.RecordsIngested.Total, 2);
  });

  test("upsert: a higher version replaces, a lower one is a RejectedRecordsException with RecordIndex and ExistingVersion", async () => {
    const { client } = setup();
    const { write } = await dbAndTable(client);
    const t = NOW - 60_000;
    await write([record(1.0, t, { version: 2 })]);
    await assert.rejects(write([record(7.0, t + 1, { version: 1 }), record(9.0, t, { version: 1 })]), (e) => {
      assert.ok(e instanceof RejectedRecordsException, e.name);
      assert.equal(e.$metadata.httpStatusCode, 419);
      assert.deepEqual(e.RejectedRecords.map((r) => r.RecordIndex), [1]);
      assert.equal(e.RejectedRecords[0].ExistingVersion, 2);
      assert.match(e.RejectedRecords[0].Reason, /lower than the existing version 2/);
      return true;
    });
    assert.equal((await write([record(9.0, t, { version: 3 })])).RecordsIngested.Total, 1);
    // The upsert took: version 3 is now the one a lower version collides with.
    await assert.rejects(write([record(5.0, t, { version: 2 })]), (e) => e instanceof RejectedRecordsException && e.RejectedRecords[0].ExistingVersion === 3);
  });

  test("records outside the memory store window are rejected", async () => {
    const { client } = setup();
    const { write } = await dbAndTable(client);
    await assert.rejects(write([record(1, NOW), record(2, NOW - 7 * 3_600_000), record(3, NOW + 3_600_000)]), (e) => {
      assert.ok(e instanceof RejectedRecordsException, e.name);
      assert.deepEqual(e.RejectedRecords.map((r) => r.RecordIndex).sort(), [1, 2]);
      for (const r of e.RejectedRecords) assert.match(r.Reason, /outside the time range/);
      return true;
    });
  });

  test("validation errors and a missing table", async () => {
    const { client } = setup();
    const { db, write } = await dbAndTable(client);
    await assert.rejects(write(Array.from({ length: 101 }, (_, i) => record(i, NOW - i, { host: `h${i}` }))), (e) => {
      assert.ok(e instanceof ValidationException, e.name);
      assert.equal(e.$metadata.httpStatusCode, 400);
      return true;
    });
    await assert.rejects(write([{ MeasureName: "m", MeasureValue: "1", Time: String(NOW) }]), (e) => {
      assert.ok(e instanceof ValidationException, e.name);
      assert.match(e.message, /At least one dimension is required for a record\./);
      return true;
    });
    await assert.rejects(client.send(new WriteRecordsCommand({ DatabaseName: db, TableName: "nope", Records: [record(1, NOW)] })), ResourceNotFoundException);
  });

  test("the clock moves the window: a record too old now is accepted after setting the clock back", async () => {
    const { client, emulator } = setup();
    const { write } = await dbAndTable(client);
    const old = NOW - 7 * 3_600_000;
    await assert.rejects(write([record(1, old)]), RejectedRecordsException);
    emulator.advance("-2h");
    assert.equal((await write([record(1, old)])).RecordsIngested.Total, 1);
  });
});
