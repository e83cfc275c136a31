#!/usr/bin/env bash
# SDK compatibility test: real clients against timestream-local: boto3 and the AWS CLI
# (tests/sdk/requirements.txt, in the venv of PYTHON) and the JS SDK v3 (node_modules, from the
# root package.json). Builds the release binary, starts it on a free loopback port with a
# temporary --s3-root, runs tests/sdk/test_boto3.py, test_fidelity.py, test_batch_load.py and
# test_cli.py (stdlib unittest) and tests/sdk/*.test.mjs (node --test), and stops the server on
# exit. Exit status: the tests' (non-zero on failure).
#   PYTHON=path/to/python tests/sdk/run.sh   (default: python3, else python, from PATH)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

python="${PYTHON:-}"
if [ -z "$python" ]; then
  if command -v python3 >/dev/null 2>&1; then python=python3; else python=python; fi
fi
if ! "$python" -c 'import boto3, awscli' 2>/dev/null; then
  echo "tests/sdk: $python cannot import boto3 and awscli; install it with: $python -m pip install -r tests/sdk/requirements.txt" >&2
  exit 1
fi

cargo build --release -p timestream-local
target_dir="${CARGO_TARGET_DIR:-$root/target}"
bin="$target_dir/release/timestream-local"

log="$(mktemp)"
s3="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -f "$log"
  rm -rf "$s3"
}
trap cleanup EXIT INT TERM

# Port 0: the server picks a free port and prints "timestream-local listening on http://HOST:PORT ...".
"$bin" serve --bind 127.0.0.1 --port 0 --region us-east-1 --s3-root "$s3" >"$log" 2>&1 &
server_pid=$!

url=""
for _ in $(seq 1 200); do
  url="$(sed -n 's/^timestream-local listening on \(http:\/\/[^ ]*\).*/\1/p' "$log")"
  [ -n "$url" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "tests/sdk: timestream-local exited before listening:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.05
done
if [ -z "$url" ]; then
  echo "tests/sdk: timestream-local did not start within 10 s:" >&2
  cat "$log" >&2
  exit 1
fi
echo "tests/sdk: timestream-local at $url"

status=0
TIMESTREAM_LOCAL_URL="$url" "$python" "$here/test_boto3.py" || status=$?
TIMESTREAM_LOCAL_URL="$url" "$python" "$here/test_fidelity.py" || status=$?
# Batch load starts its own server with a temporary --s3-root.
TIMESTREAM_LOCAL_BIN="$bin" "$python" "$here/test_batch_load.py" || status=$?
TIMESTREAM_LOCAL_URL="$url" TIMESTREAM_LOCAL_S3="$s3" "$python" "$here/test_cli.py" || status=$?
TIMESTREAM_LOCAL_URL="$url" TIMESTREAM_LOCAL_S3="$s3" node --test "$here"/*.test.mjs || status=$?
exit "$status"
