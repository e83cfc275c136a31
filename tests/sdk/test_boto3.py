"""SDK compatibility: real boto3 (tests/sdk/requirements.txt) against a running timestream-local.

The server address comes from TIMESTREAM_LOCAL_URL (tests/sdk/run.sh starts the server and sets
it). Expectations follow shared/spec (operations.md, write-semantics.md, protocol.md): they state
what the service does, not what the emulator happens to do.

Run: python tests/sdk/test_boto3.py   (stdlib unittest; prints "N passed, N failed" at the end)
"""

import datetime
import json
import os
import sys
import time
import unittest
import urllib.parse
import urllib.request
import uuid

import boto3
from botocore.config import Config

URL = os.environ.get("TIMESTREAM_LOCAL_URL", "http://127.0.0.1:8000")
REGION = "eu-central-1"
ACCOUNT = "123456789012"


def make_client():
    return boto3.client(
        "timestream-write",
        endpoint_url=URL,
        region_name=REGION,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        # One attempt: a retried 5xx would only slow a failing test down.
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


def unique(prefix):
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def now_ms():
    return int(time.time() * 1000)


def record(value, time_ms, version=None, host="h1", measure="cpu"):
    r = {
        "Dimensions": [{"Name": "host", "Value": host}],
        "MeasureName": measure,
        "MeasureValue": str(value),
        "MeasureValueType": "DOUBLE",
        "Time": str(time_ms),
    }
    if version is not None:
        r["Version"] = version
    return r


class TimestreamCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client = make_client()

    def error_of(self, exc_class, fn, **kwargs):
        """Calls fn expecting exc_class; returns the botocore ClientError."""
        with self.assertRaises(exc_class) as ctx:
            fn(**kwargs)
        return ctx.exception

    def create_db(self, name=None, **kwargs):
        name = name or unique("db")
        self.client.create_database(DatabaseName=name, **kwargs)
        return name

    def create_table(self, db, name=None, **kwargs):
        name = name or unique("t")
        self.client.create_table(DatabaseName=db, TableName=name, **kwargs)
        return name


class Databases(TimestreamCase):
    def test_database_lifecycle(self):
        name = unique("life")
        db = self.client.create_database(DatabaseName=name)["Database"]
        self.assertEqual(db["DatabaseName"], name)
        self.assertEqual(db["Arn"], f"arn:aws:timestream:{REGION}:{ACCOUNT}:database/{name}")
        self.assertEqual(db["TableCount"], 0)
        self.assertTrue(db["KmsKeyId"])
        for key in ("CreationTime", "LastUpdatedTime"):
            self.assertIsInstance(db[key], datetime.datetime, key)
            self.assertIsNotNone(db[key].tzinfo, key)
            self.assertLess(abs(db[key].timestamp() - time.time()), 600, key)

        described = self.client.describe_database(DatabaseName=name)["Database"]
        self.assertEqual(described["Arn"], db["Arn"])
        self.assertEqual(described["CreationTime"], db["CreationTime"])

        key = "arn:aws:kms:eu-central-1:123456789012:key/00000000-1111-2222-3333-444444444444"
        updated = self.client.update_database(DatabaseName=name, KmsKeyId=key)["Database"]
        self.assertEqual(updated["KmsKeyId"], key)
        self.assertEqual(self.client.describe_database(DatabaseName=name)["Database"]["KmsKeyId"], key)

        resp = self.client.delete_database(DatabaseName=name)
        self.assertEqual(resp["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.assertTrue(resp["ResponseMetadata"]["RequestId"])
        self.error_of(self.client.exceptions.ResourceNotFoundException, self.client.describe_database, DatabaseName=name)

    def test_create_database_conflict(self):
        name = self.create_db()
        e = self.error_of(self.client.exceptions.ConflictException, self.client.create_database, DatabaseName=name)
        self.assertEqual(e.response["Error"]["Code"], "ConflictException")
        self.assertTrue(e.response["Error"]["Message"])
        self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 409)

    def test_database_not_found(self):
        missing = unique("missing")
        nf = self.client.exceptions.ResourceNotFoundException
        e = self.error_of(nf, self.client.describe_database, DatabaseName=missing)
        self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 404)
        self.error_of(nf, self.client.delete_database, DatabaseName=missing)
        self.error_of(nf, self.client.update_database, DatabaseName=missing, KmsKeyId="alias/mine")

    def test_database_name_pattern_is_enforced_by_the_service(self):
        # botocore does not check patterns (protocol.md section 6): the service must.
        self.error_of(self.client.exceptions.ValidationException, self.client.create_database, DatabaseName="a b")

    def test_delete_database_with_tables_is_refused(self):
        db = self.create_db()
        self.create_table(db)
        self.error_of(self.client.exceptions.ValidationException, self.client.delete_database, DatabaseName=db)

    def test_list_databases_pagination(self):
        prefix = unique("page")
        names = {self.create_db(f"{prefix}_{i}") for i in range(7)}
        seen, token, pages = [], None, 0
        while True:
            kwargs = {"MaxResults": 2}
            if token:
                kwargs["NextToken"] = token
            resp = self.client.list_databases(**kwargs)
            pages += 1
            self.assertLessEqual(len(resp["Databases"]), 2)
            seen.extend(d["DatabaseName"] for d in resp["Databases"])
            token = resp.get("NextToken")
            if not token:
                break
            self.assertLess(pages, 1000, "pagination does not end")
        self.assertEqual(len(seen), len(set(seen)), "a database was listed twice")
        self.assertTrue(names <= set(seen), sorted(names - set(seen)))
        listed = [d for d in self.client.list_databases()["Databases"] if d["DatabaseName"] in names]
        for d in listed:
            self.assertIsInstance(d["CreationTime"], datetime.datetime)

    def test_list_max_results_above_20_is_refused(self):
        # PaginationLimit is 1..20; botocore only checks the minimum.
        self.error_of(self.client.exceptions.ValidationException, self.client.list_databases, MaxResults=21)


class Tables(TimestreamCase):
    def test_table_lifecycle(self):
        db = self.create_db()
        name = unique("t")
        table = self.client.create_table(
            DatabaseName=db,
            TableName=name,
            RetentionProperties={"MemoryStoreRetentionPeriodInHours": 12, "MagneticStoreRetentionPeriodInDays": 30},
        )["Table"]
        self.assertEqual(table["Arn"], f"arn:aws:timestream:{REGION}:{ACCOUNT}:database/{db}/table/{name}")
        self.assertEqual(table["TableStatus"], "ACTIVE")
        self.assertEqual(table["RetentionProperties"], {"MemoryStoreRetentionPeriodInHours": 12, "MagneticStoreRetentionPeriodInDays": 30})
        self.assertIsInstance(table["CreationTime"], datetime.datetime)

        described = self.client.describe_table(DatabaseName=db, TableName=name)["Table"]
        self.assertEqual(described["TableName"], name)
        self.assertEqual(described["DatabaseName"], db)
        self.assertEqual(self.client.describe_database(DatabaseName=db)["Database"]["TableCount"], 1)

        updated = self.client.update_table(
            DatabaseName=db,
            TableName=name,
            RetentionProperties={"MemoryStoreRetentionPeriodInHours": 24, "MagneticStoreRetentionPeriodInDays": 365},
            MagneticStoreWriteProperties={"EnableMagneticStoreWrites": True},
        )["Table"]
        self.assertEqual(updated["RetentionProperties"]["MemoryStoreRetentionPeriodInHours"], 24)
        self.assertEqual(updated["RetentionProperties"]["MagneticStoreRetentionPeriodInDays"], 365)
        self.assertTrue(updated["MagneticStoreWriteProperties"]["EnableMagneticStoreWrites"])

        self.assertEqual(self.client.delete_table(DatabaseName=db, TableName=name)["ResponseMetadata"]["HTTPStatusCode"], 200)
        self.error_of(self.client.exceptions.ResourceNotFoundException, self.client.describe_table, DatabaseName=db, TableName=name)
        self.assertEqual(self.client.describe_database(DatabaseName=db)["Database"]["TableCount"], 0)
        self.client.delete_database(DatabaseName=db)

    def test_table_defaults(self):
        db = self.create_db()
        name = self.create_table(db)
        table = self.client.describe_table(DatabaseName=db, TableName=name)["Table"]
        self.assertEqual(table["RetentionProperties"], {"MemoryStoreRetentionPeriodInHours": 6, "MagneticStoreRetentionPeriodInDays": 73000})
        self.assertFalse(table["MagneticStoreWriteProperties"]["EnableMagneticStoreWrites"])
        self.assertEqual(table["Schema"]["CompositePartitionKey"], [{"Type": "MEASURE"}])

    def test_create_table_conflict_and_missing_database(self):
        db = self.create_db()
        name = self.create_table(db)
        e = self.error_of(self.client.exceptions.ConflictException, self.client.create_table, DatabaseName=db, TableName=name)
        self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 409)
        self.error_of(self.client.exceptions.ResourceNotFoundException, self.client.create_table, DatabaseName=unique("nodb"), TableName="tbl")

    def test_table_not_found(self):
        db = self.create_db()
        nf = self.client.exceptions.ResourceNotFoundException
        self.error_of(nf, self.client.describe_table, DatabaseName=db, TableName="nope")
        self.error_of(nf, self.client.delete_table, DatabaseName=db, TableName="nope")
        self.error_of(nf, self.client.update_table, DatabaseName=db, TableName="nope",
                      RetentionProperties={"MemoryStoreRetentionPeriodInHours": 1, "MagneticStoreRetentionPeriodInDays": 1})
        self.error_of(nf, self.client.describe_table, DatabaseName=unique("nodb"), TableName="tbl")
        self.error_of(nf, self.client.list_tables, DatabaseName=unique("nodb"))

    def test_retention_out_of_range_is_refused(self):
        db = self.create_db()
        self.error_of(self.client.exceptions.ValidationException, self.client.create_table, DatabaseName=db, TableName="tbl",
                      RetentionProperties={"MemoryStoreRetentionPeriodInHours": 8767, "MagneticStoreRetentionPeriodInDays": 1})

    def test_list_tables_pagination(self):
        db = self.create_db()
        names = {self.create_table(db, f"tbl{i}") for i in range(5)}
        seen, token = [], None
        for _ in range(100):
            kwargs = {"DatabaseName": db, "MaxResults": 2}
            if token:
                kwargs["NextToken"] = token
            resp = self.client.list_tables(**kwargs)
            self.assertLessEqual(len(resp["Tables"]), 2)
            for t in resp["Tables"]:
                self.assertEqual(t["DatabaseName"], db)
                self.assertEqual(t["TableStatus"], "ACTIVE")
            seen.extend(t["TableName"] for t in resp["Tables"])
            token = resp.get("NextToken")
            if not token:
                break
        self.assertIsNone(token, "pagination does not end")
        self.assertEqual(sorted(seen), sorted(names))


class Tags(TimestreamCase):
    def test_tag_untag_list(self):
        db = unique("tags")
        arn = self.client.create_database(DatabaseName=db, Tags=[{"Key": "team", "Value": "a"}])["Database"]["Arn"]
        self.assertEqual(self.client.list_tags_for_resource(ResourceARN=arn)["Tags"], [{"Key": "team", "Value": "a"}])

        self.client.tag_resource(ResourceARN=arn, Tags=[{"Key": "team", "Value": "b"}, {"Key": "env", "Value": "dev"}])
        tags = {t["Key"]: t["Value"] for t in self.client.list_tags_for_resource(ResourceARN=arn)["Tags"]}
        self.assertEqual(tags, {"team": "b", "env": "dev"})

        self.client.untag_resource(ResourceARN=arn, TagKeys=["team"])
        self.assertEqual(self.client.list_tags_for_resource(ResourceARN=arn)["Tags"], [{"Key": "env", "Value": "dev"}])

        table_arn = self.client.create_table(DatabaseName=db, TableName="tbl", Tags=[{"Key": "k", "Value": "v"}])["Table"]["Arn"]
        self.assertEqual(self.client.list_tags_for_resource(ResourceARN=table_arn)["Tags"], [{"Key": "k", "Value": "v"}])

    def test_unknown_arn(self):
        nf = self.client.exceptions.ResourceNotFoundException
        arn = f"arn:aws:timestream:{REGION}:{ACCOUNT}:database/{unique('ghost')}"
        self.error_of(nf, self.client.list_tags_for_resource, ResourceARN=arn)
        self.error_of(nf, self.client.tag_resource, ResourceARN=arn, Tags=[{"Key": "k", "Value": "v"}])
        self.error_of(nf, self.client.untag_resource, ResourceARN=arn, TagKeys=["k"])


class Writes(TimestreamCase):
    def setUp(self):
        self.db = self.create_db()
        self.table = self.create_table(self.db)

    def write(self, records, **kwargs):
        return self.client.write_records(DatabaseName=self.db, TableName=self.table, Records=records, **kwargs)

    def test_write_records_success(self):
        t = now_ms()
        resp = self.write([record(1.5, t - 1000), record(2.5, t - 2000, host="h2")])
        self.assertEqual(resp["RecordsIngested"], {"Total": 2, "MemoryStore": 2, "MagneticStore": 0})
        # Same records, same versions: idempotent.
        resp = self.write([record(1.5, t - 1000), record(2.5, t - 2000, host="h2")])
        self.assertEqual(resp["RecordsIngested"]["Total"], 2)

    def test_common_attributes(self):
        t = now_ms()
        resp = self.client.write_records(
            DatabaseName=self.db,
            TableName=self.table,
            CommonAttributes={"Dimensions": [{"Name": "region", "Value": "eu"}], "MeasureValueType": "BIGINT", "Time": str(t)},
            Records=[{"MeasureName": "a", "MeasureValue": "1"}, {"MeasureName": "b", "MeasureValue": "2"}],
        )
        self.assertEqual(resp["RecordsIngested"]["Total"], 2)

    def test_lower_version_is_rejected_with_existing_version(self):
        t = now_ms() - 60_000
        self.write([record(1.0, t, version=2)])
        rejected = self.client.exceptions.RejectedRecordsException
        e = self.error_of(rejected, self.write, records=[record(7.0, t + 1, version=1), record(9.0, t, version=1)])
        self.assertEqual(e.response["Error"]["Code"], "RejectedRecordsException")
        self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 419)
        rejections = e.response["RejectedRecords"]
        self.assertEqual([r["RecordIndex"] for r in rejections], [1])
        self.assertEqual(rejections[0]["ExistingVersion"], 2)
        self.assertIn("lower than the existing version 2", rejections[0]["Reason"])

    def test_record_outside_the_memory_store_window_is_rejected(self):
        t = now_ms()
        e = self.error_of(self.client.exceptions.RejectedRecordsException, self.write,
                          records=[record(1, t), record(2, t - 7 * 3600 * 1000), record(3, t + 3600 * 1000)])
        self.assertEqual(sorted(r["RecordIndex"] for r in e.response["RejectedRecords"]), [1, 2])
        for r in e.response["RejectedRecords"]:
            self.assertIn("outside the time range", r["Reason"])

    def test_101_records_is_a_validation_error(self):
        t = now_ms()
        records = [record(i, t - i, host=f"h{i}") for i in range(101)]
        e = self.error_of(self.client.exceptions.ValidationException, self.write, records=records)
        self.assertEqual(e.response["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_record_without_dimensions_is_a_validation_error(self):
        e = self.error_of(self.client.exceptions.ValidationException, self.write,
                          records=[{"MeasureName": "m", "MeasureValue": "1", "Time": str(now_ms())}])
        self.assertIn("At least one dimension is required for a record.", e.response["Error"]["Message"])

    def test_write_to_missing_table(self):
        self.error_of(self.client.exceptions.ResourceNotFoundException, self.client.write_records,
                      DatabaseName=self.db, TableName="nope", Records=[record(1, now_ms())])


class Endpoints(TimestreamCase):
    def test_describe_endpoints_answers_a_bare_host_like_the_service(self):
        # The service answers a host name with no scheme (spec/protocol.md section 3); an SDK
        # that is not botocore (here: plain HTTP, no User-Agent of an SDK) gets the same form.
        req = urllib.request.Request(
            URL.rstrip("/") + "/", data=b"{}", method="POST",
            headers={"X-Amz-Target": "Timestream_20181101.DescribeEndpoints",
                     "Content-Type": "application/x-amz-json-1.0", "User-Agent": "sdk-test"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            endpoints = json.load(resp)["Endpoints"]
        self.assertEqual(len(endpoints), 1)
        self.assertEqual(endpoints[0]["Address"], urllib.parse.urlsplit(URL).netloc)
        self.assertNotIn("://", endpoints[0]["Address"])
        self.assertIsInstance(endpoints[0]["CachePeriodInMinutes"], int)

    def test_describe_endpoints_names_this_server_to_botocore(self):
        # botocore sends the next call to https://<Address> unless it has a scheme: it is told
        # http:// (docs/local.md).
        endpoints = self.client.describe_endpoints()["Endpoints"]
        self.assertEqual(len(endpoints), 1)
        self.assertEqual(endpoints[0]["Address"], URL.rstrip("/"))

    def test_discovery_driven_calls_reach_this_server(self):
        # With the endpoint configured (AWS_ENDPOINT_URL_TIMESTREAM_WRITE, or the services
        # section of ~/.aws/config) rather than passed as endpoint_url, botocore runs endpoint
        # discovery: DescribeEndpoints first, then every call goes to the Address it answered.
        saved = os.environ.get("AWS_ENDPOINT_URL_TIMESTREAM_WRITE")
        os.environ["AWS_ENDPOINT_URL_TIMESTREAM_WRITE"] = URL
        try:
            client = boto3.client(
                "timestream-write", region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test",
                config=Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=5, read_timeout=10),
            )
        finally:
            if saved is None:
                del os.environ["AWS_ENDPOINT_URL_TIMESTREAM_WRITE"]
            else:
                os.environ["AWS_ENDPOINT_URL_TIMESTREAM_WRITE"] = saved
        sent = []
        client.meta.events.register(
            "before-send.timestream-write",
            lambda request, **_: sent.append((request.headers.get("X-Amz-Target", b"").decode().split(".")[-1], request.url)))
        name = unique("disc")
        client.create_database(DatabaseName=name)
        self.assertEqual(client.describe_database(DatabaseName=name)["Database"]["DatabaseName"], name)
        self.assertIsInstance(client.list_databases()["Databases"], list)
        ops = [op for op, _ in sent]
        self.assertEqual(ops[0], "DescribeEndpoints", sent)
        self.assertEqual(ops[1:], ["CreateDatabase", "DescribeDatabase", "ListDatabases"], sent)
        for op, url in sent[1:]:
            self.assertTrue(url.startswith(URL.rstrip("/")), (op, url))


class BatchLoad(TimestreamCase):
    TASK = "0123456789ABCDEF0123456789ABCDEF"

    def test_describe_and_resume_unknown_task(self):
        nf = self.client.exceptions.ResourceNotFoundException
        self.error_of(nf, self.client.describe_batch_load_task, TaskId=self.TASK)
        self.error_of(nf, self.client.resume_batch_load_task, TaskId=self.TASK)

    def test_list_batch_load_tasks(self):
        resp = self.client.list_batch_load_tasks(MaxResults=100)
        self.assertIsInstance(resp["BatchLoadTasks"], list)

    def test_create_batch_load_task_needs_an_existing_table(self):
        self.error_of(
            self.client.exceptions.ResourceNotFoundException,
            self.client.create_batch_load_task,
            TargetDatabaseName=unique("nodb"),
            TargetTableName="tbl",
            DataSourceConfiguration={"DataSourceS3Configuration": {"BucketName": "source-bucket"}, "DataFormat": "CSV"},
            ReportConfiguration={"ReportS3Configuration": {"BucketName": "report-bucket"}},
            DataModelConfiguration={"DataModel": {
                "TimeColumn": "time",
                "TimeUnit": "MILLISECONDS",
                "DimensionMappings": [{"SourceColumn": "host", "DestinationColumn": "host"}],
                "MultiMeasureMappings": {"TargetMultiMeasureName": "metrics",
                                         "MultiMeasureAttributeMappings": [{"SourceColumn": "cpu", "MeasureValueType": "DOUBLE"}]},
            }},
        )


def main(module=__name__, label=""):
    """Runs the tests of `module` (this file's, or test_fidelity's) and prints the counts."""
    runner = unittest.TextTestRunner(verbosity=2, stream=sys.stdout)
    result = runner.run(unittest.defaultTestLoader.loadTestsFromModule(sys.modules[module]))
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    expected = len(result.expectedFailures)
    passed = result.testsRun - failed - len(result.skipped) - expected
    print(f"\nboto3 {boto3.__version__} against {URL}{label}")
    print(f"{passed} passed, {expected} expected failures, {failed} failed" if expected else f"{passed} passed, {failed} failed")
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
