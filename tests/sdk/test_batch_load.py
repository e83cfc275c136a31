"""Batch load through real boto3 against timestream-local with --s3-root (a folder stands in for S3).

Starts its own server (TIMESTREAM_LOCAL_BIN, default target/release/timestream-local, then
target/debug) on a free port with a temporary --s3-root, so it needs no running server:

    cargo build --release -p timestream-local && python tests/sdk/test_batch_load.py

Expectations follow shared/spec/batch-load.md and docs/assumptions.md ("Batch load").
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

import boto3
from botocore.config import Config

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REGION = "us-east-1"


def binary():
    explicit = os.environ.get("TIMESTREAM_LOCAL_BIN")
    if explicit:
        return explicit
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    for profile in ("release", "debug"):
        path = os.path.join(target, profile, "timestream-local")
        if os.path.exists(path):
            return path
    raise SystemExit("build timestream-local first: cargo build --release -p timestream-local")


def unique(prefix):
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def now_ms():
    return int(time.time() * 1000)


class BatchLoad(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s3 = tempfile.mkdtemp(prefix="ts-s3-")
        cls.server = subprocess.Popen(
            [binary(), "serve", "--port", "0", "--s3-root", cls.s3],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        line = cls.server.stdout.readline()
        m = re.search(r"listening on (http://\S+)", line)
        if not m:
            cls.server.kill()
            raise SystemExit(f"timestream-local did not start: {line}")
        cls.client = boto3.client(
            "timestream-write", endpoint_url=m.group(1), region_name=REGION,
            aws_access_key_id="test", aws_secret_access_key="test",
            config=Config(retries={"max_attempts": 1, "mode": "standard"}),
        )

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(timeout=10)
        shutil.rmtree(cls.s3, ignore_errors=True)

    def put(self, bucket, key, text):
        path = os.path.join(self.s3, bucket, *key.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", newline="") as f:
            f.write(text)

    def table(self):
        db, table = unique("db"), unique("tbl")
        self.client.create_database(DatabaseName=db)
        self.client.create_table(DatabaseName=db, TableName=table)
        return db, table

    def create_task(self, db, table, prefix, **extra):
        return self.client.create_batch_load_task(
            TargetDatabaseName=db, TargetTableName=table,
            DataSourceConfiguration={
                "DataSourceS3Configuration": {"BucketName": "source-data", "ObjectKeyPrefix": prefix},
                "CsvConfiguration": {},
                "DataFormat": "CSV",
            },
            ReportConfiguration={"ReportS3Configuration": {"BucketName": "report-bucket", "ObjectKeyPrefix": "reports"}},
            DataModelConfiguration={"DataModel": {
                "TimeColumn": "time", "TimeUnit": "MILLISECONDS",
                "DimensionMappings": [{"SourceColumn": "host"}],
                "MultiMeasureMappings": {"TargetMultiMeasureName": "metrics", "MultiMeasureAttributeMappings": [
                    {"SourceColumn": "cpu", "MeasureValueType": "DOUBLE"}]},
            }},
            **extra,
        )["TaskId"]

    def wait(self, task_id, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            d = self.client.describe_batch_load_task(TaskId=task_id)["BatchLoadTaskDescription"]
            if d["TaskStatus"] in ("SUCCEEDED", "FAILED"):
                return d
            time.sleep(0.05)
        self.fail(f"task {task_id} did not finish: {d}")

    def test_csv_is_loaded_and_rows_are_real_records(self):
        db, table = self.table()
        t = now_ms() - 60_000
        self.put("source-data", f"{db}/data.csv", "host,time,cpu\n" + "".join(f"h{i},{t},{i}.5\n" for i in range(50)))
        task = self.create_task(db, table, f"{db}/data.csv", RecordVersion=3)
        d = self.wait(task)
        self.assertEqual(d["TaskStatus"], "SUCCEEDED", d)
        self.assertEqual(d["ProgressReport"]["RecordsProcessed"], 50)
        self.assertEqual(d["ProgressReport"]["RecordsIngested"], 50)
        self.assertEqual(d["RecordVersion"], 3)
        self.assertEqual(d["DataModelConfiguration"]["DataModel"]["DimensionMappings"][0]["DestinationColumn"], "host")
        # The rows are stored: a lower version of one is rejected with ExistingVersion = RecordVersion.
        with self.assertRaises(self.client.exceptions.RejectedRecordsException) as ctx:
            self.client.write_records(DatabaseName=db, TableName=table, Records=[{
                "Dimensions": [{"Name": "host", "Value": "h7"}], "MeasureName": "metrics", "MeasureValueType": "MULTI",
                "Time": str(t), "Version": 2, "MeasureValues": [{"Name": "cpu", "Value": "1", "Type": "DOUBLE"}]}])
        self.assertEqual(ctx.exception.response["RejectedRecords"][0]["ExistingVersion"], 3)
        listed = self.client.list_batch_load_tasks(TaskStatus="SUCCEEDED")["BatchLoadTasks"]
        self.assertIn(task, [x["TaskId"] for x in listed])

    def test_failed_task_writes_an_error_report_into_the_folder(self):
        db, table = self.table()
        t = now_ms() - 60_000
        self.put("source-data", f"{db}/bad.csv", f"host,time,cpu\nh1,{t},1\nh2,{t},oops\nh3,{t},nope\n")
        task = self.create_task(db, table, f"{db}/bad.csv")
        d = self.wait(task)
        self.assertEqual(d["TaskStatus"], "FAILED")
        self.assertEqual(d["ProgressReport"]["ParseFailures"], 2)
        self.assertEqual(d["ProgressReport"]["RecordsIngested"], 1)
        path = os.path.join(self.s3, "report-bucket", "reports", task, "error-report.json")
        deadline = time.time() + 5
        while not os.path.exists(path) and time.time() < deadline:
            time.sleep(0.05)
        with open(path) as f:
            report = json.load(f)
        self.assertEqual(report["taskId"], task)
        self.assertEqual(report["fileErrors"][0]["fileName"], f"{db}/bad.csv")
        ranges = [r for e in report["fileErrors"][0]["errors"] for r in e["lineRanges"]]
        self.assertEqual(ranges, [[3, 3], [4, 4]])

    def test_errors(self):
        db, table = self.table()
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException):
            self.client.describe_batch_load_task(TaskId="0123456789ABCDEF")
        with self.assertRaises(self.client.exceptions.ResourceNotFoundException):
            self.create_task(db, "missing", "x.csv")
        self.put("source-data", f"{db}/x.csv", "host,time,cpu\n")
        task = self.create_task(db, table, f"{db}/x.csv")
        self.wait(task)
        with self.assertRaises(self.client.exceptions.ValidationException):
            self.client.resume_batch_load_task(TaskId=task)


if __name__ == "__main__":
    result = unittest.main(exit=False, verbosity=2).result
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
