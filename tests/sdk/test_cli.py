"""The AWS CLI (v1, from PyPI: tests/sdk/requirements.txt) against timestream-local.

tests/sdk/run.sh starts the server and sets TIMESTREAM_LOCAL_URL and TIMESTREAM_LOCAL_S3 (its
--s3-root folder). The `aws` program is the one beside this Python (the project's venv).
"""

import json
import os
import subprocess
import sys
import time
import unittest
import uuid

URL = os.environ["TIMESTREAM_LOCAL_URL"]
S3 = os.environ.get("TIMESTREAM_LOCAL_S3")
AWS = os.path.join(os.path.dirname(sys.executable), "aws")
ENV = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test", AWS_DEFAULT_REGION="eu-west-1",
           AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull, AWS_PAGER="")


def unique(prefix):
    return f"{prefix}_cli_{uuid.uuid4().hex[:8]}"


def aws(*args, ok=True):
    """Runs `aws timestream-write ARGS --endpoint-url URL`; the parsed JSON output (ok), else the process."""
    p = subprocess.run([AWS, "timestream-write", *args, "--endpoint-url", URL, "--output", "json"], env=ENV,
                       capture_output=True, text=True, timeout=60)
    if not ok:
        return p
    if p.returncode != 0:
        raise AssertionError(f"aws {' '.join(args)}: exit {p.returncode}: {p.stderr}")
    return json.loads(p.stdout) if p.stdout.strip() else None


def record(host, t, version, value):
    return {"Dimensions": [{"Name": "host", "Value": host}], "MeasureName": "cpu", "MeasureValue": str(value),
            "MeasureValueType": "DOUBLE", "Time": str(t), "TimeUnit": "MILLISECONDS", "Version": version}


class AwsCli(unittest.TestCase):
    def table(self):
        db, table = unique("db"), unique("tbl")
        aws("create-database", "--database-name", db)
        aws("create-table", "--database-name", db, "--table-name", table)
        return db, table

    def test_create_and_describe(self):
        db = unique("db")
        created = aws("create-database", "--database-name", db, "--tags", "Key=team,Value=cli")["Database"]
        self.assertRegex(created["Arn"], rf"^arn:aws:timestream:eu-west-1:\d{{12}}:database/{db}$")
        self.assertEqual(aws("describe-database", "--database-name", db)["Database"]["TableCount"], 0)
        again = aws("create-database", "--database-name", db, ok=False)
        self.assertNotEqual(again.returncode, 0)
        self.assertIn("ConflictException", again.stderr)
        table = unique("tbl")
        aws("create-table", "--database-name", db, "--table-name", table,
            "--retention-properties", "MemoryStoreRetentionPeriodInHours=12,MagneticStoreRetentionPeriodInDays=30")
        t = aws("describe-table", "--database-name", db, "--table-name", table)["Table"]
        self.assertEqual((t["TableStatus"], t["RetentionProperties"]["MemoryStoreRetentionPeriodInHours"]), ("ACTIVE", 12))

    def test_write_upsert_and_rejection(self):
        db, table = self.table()
        now = int(time.time() * 1000)
        out = aws("write-records", "--database-name", db, "--table-name", table,
                  "--records", json.dumps([record("a", now, 1, 1.5), record("b", now, 1, 2.5)]))
        self.assertEqual(out["RecordsIngested"], {"Total": 2, "MemoryStore": 2, "MagneticStore": 0})
        out = aws("write-records", "--database-name", db, "--table-name", table, "--records", json.dumps([record("a", now, 2, 9.5)]))
        self.assertEqual(out["RecordsIngested"]["Total"], 1)
        # The CLI prints only the message; --debug shows the RejectedRecords of the response body.
        p = aws("write-records", "--database-name", db, "--table-name", table, "--debug",
                "--records", json.dumps([record("c", now, 1, 1), record("a", now, 1, 3.5)]), ok=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("RejectedRecordsException", p.stderr)
        self.assertRegex(p.stderr, r'"RecordIndex":\s*1')
        self.assertRegex(p.stderr, r'"ExistingVersion":\s*2')

    def test_list_with_pagination(self):
        names = [unique("db") for _ in range(3)]
        for name in names:
            aws("create-database", "--database-name", name)
        # list-databases has no paginator in the CLI: --max-results and --next-token by hand.
        listed, token, pages = [], None, 0
        while True:
            page = aws("list-databases", "--max-results", "2", *(["--next-token", token] if token else []))
            self.assertLessEqual(len(page["Databases"]), 2)
            listed += [d["DatabaseName"] for d in page["Databases"]]
            pages += 1
            token = page.get("NextToken")
            if not token:
                break
        self.assertGreaterEqual(pages, 2)
        for name in names:
            self.assertIn(name, listed)
        self.assertEqual(len(set(listed)), len(listed))

    def test_tags(self):
        db = unique("db")
        arn = aws("create-database", "--database-name", db)["Database"]["Arn"]
        aws("tag-resource", "--resource-arn", arn, "--tags", "Key=env,Value=test", "Key=owner,Value=cli")
        self.assertEqual(sorted(t["Key"] for t in aws("list-tags-for-resource", "--resource-arn", arn)["Tags"]), ["env", "owner"])
        aws("untag-resource", "--resource-arn", arn, "--tag-keys", "env")
        self.assertEqual(aws("list-tags-for-resource", "--resource-arn", arn)["Tags"], [{"Key": "owner", "Value": "cli"}])

    @unittest.skipUnless(S3, "TIMESTREAM_LOCAL_S3 is not set")
    def test_batch_load(self):
        db, table = self.table()
        now = int(time.time() * 1000)
        os.makedirs(os.path.join(S3, "cli-source", db), exist_ok=True)
        os.makedirs(os.path.join(S3, "cli-reports"), exist_ok=True)
        with open(os.path.join(S3, "cli-source", db, "data.csv"), "w") as f:
            f.write("host,time,cpu\n" + "".join(f"h{i},{now - i},{i}.5\n" for i in range(30)))
        model = {"TimeColumn": "time", "TimeUnit": "MILLISECONDS", "DimensionMappings": [{"SourceColumn": "host"}],
                 "MultiMeasureMappings": {"TargetMultiMeasureName": "metrics",
                                          "MultiMeasureAttributeMappings": [{"SourceColumn": "cpu", "MeasureValueType": "DOUBLE"}]}}
        task = aws("create-batch-load-task", "--target-database-name", db, "--target-table-name", table,
                   "--data-source-configuration", json.dumps({"DataSourceS3Configuration": {"BucketName": "cli-source", "ObjectKeyPrefix": f"{db}/data.csv"},
                                                              "CsvConfiguration": {}, "DataFormat": "CSV"}),
                   "--report-configuration", json.dumps({"ReportS3Configuration": {"BucketName": "cli-reports", "ObjectKeyPrefix": "reports"}}),
                   "--data-model-configuration", json.dumps({"DataModel": model}))["TaskId"]
        deadline = time.time() + 30
        while True:
            d = aws("describe-batch-load-task", "--task-id", task)["BatchLoadTaskDescription"]
            if d["TaskStatus"] in ("SUCCEEDED", "FAILED") or time.time() > deadline:
                break
            time.sleep(0.1)
        self.assertEqual((d["TaskStatus"], d["ProgressReport"]["RecordsIngested"]), ("SUCCEEDED", 30))


if __name__ == "__main__":
    unittest.main(verbosity=2)
