// The JS SDK v3 (@aws-sdk/client-timestream-write, from the root package.json) against
// timestream-local, with Node's test runner. tests/sdk/run.sh starts the server and sets
// TIMESTREAM_LOCAL_URL and TIMESTREAM_LOCAL_S3 (its --s3-root folder).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import {
  TimestreamWriteClient, CreateDatabaseCommand, DescribeDatabaseCommand, ListDatabasesCommand, CreateTableCommand,
  DescribeTableCommand, WriteRecordsCommand, TagResourceCommand, UntagResourceCommand, ListTagsForResourceCommand,
  CreateBatchLoadTaskCommand, DescribeBatchLoadTaskCommand, RejectedRecordsException, ConflictException, paginateListDatabases,
} from "@aws-sdk/client-timestream-write";

const endpoint = process.env.TIMESTREAM_LOCAL_URL;
const s3 = process.env.TIMESTREAM_LOCAL_S3;
assert.ok(endpoint, "TIMESTREAM_LOCAL_URL is not set (run tests/sdk/run.sh)");
const client = new TimestreamWriteClient({ endpoint, region: "eu-central-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
const unique = (prefix) => `${prefix}_js_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
const send = (command) => client.send(command);

async function table() {
  const db = unique("db"), tbl = unique("tbl");
  await send(new CreateDatabaseCommand({ DatabaseName: db }));
  await send(new CreateTableCommand({ DatabaseName: db, TableName: tbl }));
  return [db, tbl];
}

const record = (host, time, version, value) => ({
  Dimensions: [{ Name: "host", Value: host }], MeasureName: "cpu", MeasureValue: String(value), MeasureValueType: "DOUBLE",
  Time: String(time), TimeUnit: "MILLISECONDS", Version: version,
});

test("create and describe: ARNs name the client's region", async () => {
  const db = unique("db");
  const created = await send(new CreateDatabaseCommand({ DatabaseName: db, Tags: [{ Key: "team", Value: "js" }] }));
  assert.equal(created.Database.DatabaseName, db);
  assert.match(created.Database.Arn, new RegExp(`^arn:aws:timestream:eu-central-1:\\d{12}:database/${db}$`));
  const described = await send(new DescribeDatabaseCommand({ DatabaseName: db }));
  assert.equal(described.Database.TableCount, 0);
  assert.ok(described.Database.CreationTime instanceof Date);
  await assert.rejects(send(new CreateDatabaseCommand({ DatabaseName: db })), ConflictException);
  const tbl = unique("tbl");
  await send(new CreateTableCommand({ DatabaseName: db, TableName: tbl, RetentionProperties: { MemoryStoreRetentionPeriodInHours: 12, MagneticStoreRetentionPeriodInDays: 30 } }));
  const t = await send(new DescribeTableCommand({ DatabaseName: db, TableName: tbl }));
  assert.equal(t.Table.TableStatus, "ACTIVE");
  assert.equal(t.Table.RetentionProperties.MemoryStoreRetentionPeriodInHours, 12);
});

test("write, upsert, and rejections with RecordIndex and ExistingVersion", async () => {
  const [db, tbl] = await table();
  const now = Date.now();
  const written = await send(new WriteRecordsCommand({ DatabaseName: db, TableName: tbl, Records: [record("a", now, 1, 1.5), record("b", now, 1, 2.5)] }));
  assert.deepEqual(written.RecordsIngested, { Total: 2, MemoryStore: 2, MagneticStore: 0 });
  const upserted = await send(new WriteRecordsCommand({ DatabaseName: db, TableName: tbl, Records: [record("a", now, 2, 9.5)] }));
  assert.equal(upserted.RecordsIngested.Total, 1);
  const err = await send(new WriteRecordsCommand({ DatabaseName: db, TableName: tbl, Records: [record("c", now, 1, 1), record("a", now, 1, 3.5)] })).catch((e) => e);
  assert.ok(err instanceof RejectedRecordsException, `expected RejectedRecordsException, got ${err}`);
  assert.equal(err.$metadata.httpStatusCode, 419);
  assert.equal(err.RejectedRecords.length, 1);
  assert.equal(err.RejectedRecords[0].RecordIndex, 1);
  assert.equal(err.RejectedRecords[0].ExistingVersion, 2);
  assert.match(err.RejectedRecords[0].Reason, /version/i);
});

test("list databases with pagination", async () => {
  const names = [unique("db"), unique("db"), unique("db")];
  for (const name of names) await send(new CreateDatabaseCommand({ DatabaseName: name }));
  const first = await send(new ListDatabasesCommand({ MaxResults: 1 }));
  assert.equal(first.Databases.length, 1);
  assert.ok(first.NextToken, "a first page of one has a NextToken");
  const seen = [];
  for await (const page of paginateListDatabases({ client, pageSize: 2 }, {})) {
    assert.ok(page.Databases.length <= 2);
    seen.push(...page.Databases.map((d) => d.DatabaseName));
  }
  for (const name of names) assert.ok(seen.includes(name), `${name} listed`);
  assert.equal(new Set(seen).size, seen.length, "no database twice");
});

test("tags: tag, list, untag", async () => {
  const db = unique("db");
  const arn = (await send(new CreateDatabaseCommand({ DatabaseName: db }))).Database.Arn;
  await send(new TagResourceCommand({ ResourceARN: arn, Tags: [{ Key: "env", Value: "test" }, { Key: "owner", Value: "js" }] }));
  let tags = (await send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags;
  assert.deepEqual(tags.map((t) => t.Key).sort(), ["env", "owner"]);
  await send(new UntagResourceCommand({ ResourceARN: arn, TagKeys: ["env"] }));
  tags = (await send(new ListTagsForResourceCommand({ ResourceARN: arn }))).Tags;
  assert.deepEqual(tags, [{ Key: "owner", Value: "js" }]);
});

test("batch load from the --s3-root folder", { skip: !s3 && "TIMESTREAM_LOCAL_S3 is not set" }, async () => {
  const [db, tbl] = await table();
  const now = Date.now();
  fs.mkdirSync(path.join(s3, "js-source", db), { recursive: true });
  fs.mkdirSync(path.join(s3, "js-reports"), { recursive: true });
  const rows = Array.from({ length: 40 }, (_, i) => `h${i},${now - i},${i}.5\n`).join("");
  fs.writeFileSync(path.join(s3, "js-source", db, "data.csv"), "host,time,cpu\n" + rows);
  const { TaskId } = await send(new CreateBatchLoadTaskCommand({
    TargetDatabaseName: db, TargetTableName: tbl,
    DataSourceConfiguration: { DataSourceS3Configuration: { BucketName: "js-source", ObjectKeyPrefix: `${db}/data.csv` }, CsvConfiguration: {}, DataFormat: "CSV" },
    ReportConfiguration: { ReportS3Configuration: { BucketName: "js-reports", ObjectKeyPrefix: "reports" } },
    DataModelConfiguration: { DataModel: { TimeColumn: "time", TimeUnit: "MILLISECONDS", DimensionMappings: [{ SourceColumn: "host" }],
      MultiMeasureMappings: { TargetMultiMeasureName: "metrics", MultiMeasureAttributeMappings: [{ SourceColumn: "cpu", MeasureValueType: "DOUBLE" }] } } },
  }));
  assert.match(TaskId, /^[0-9A-F]{32}$/);
  let d;
  for (let i = 0; i < 400; i++) {
    d = (await send(new DescribeBatchLoadTaskCommand({ TaskId }))).BatchLoadTaskDescription;
    if (d.TaskStatus === "SUCCEEDED" || d.TaskStatus === "FAILED") break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(d.TaskStatus, "SUCCEEDED");
  assert.equal(d.ProgressReport.RecordsIngested, 40);
});
