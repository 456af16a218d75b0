#!/usr/bin/env bash
# Runs the exchange over libcurl against a real sandbox: tests/c/test_exchange.c (each binary given, e.g. the
# plain, AddressSanitizer and valgrind runs), then examples/exchange_curl as a user runs it.
# Usage: exchange_test.sh YDRZ_BINARY EXCHANGE_CURL_BINARY TEST_COMMAND...
set -euo pipefail
ydrz="$1"
example="$2"
shift 2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The sandbox lives as long as this script holds its standard input open.
coproc SANDBOX { exec "$ydrz" sandbox --port 0 --exit-on-stdin-eof 2>/dev/null; }
read -r info <&"${SANDBOX[0]}"
python3 - "$info" "$work" <<'PY'
import json, socket, sys
info, work = json.loads(sys.argv[1]), sys.argv[2]
config = info["client_config"]
with socket.socket() as s:  # a port that was just free: connections to it are refused
    s.bind(("127.0.0.1", 0))
    closed = s.getsockname()[1]
for name, changes in [("config", {}), ("refused", {"base_url": f"http://127.0.0.1:{closed}"}),
                      ("short", {"timeout_ms": 300})]:
    with open(f"{work}/{name}.json", "w") as f:
        json.dump(dict(config, **changes), f)
with open(f"{work}/control_url", "w") as f:
    f.write(info["control_url"])
PY
control_url="$(cat "$work/control_url")"
for command in "$@"; do
    curl -s -X POST "$control_url/reset" -d '{}' >/dev/null
    $command "$control_url" "$work/config.json" "$work/refused.json" "$work/short.json"
done

# The example as a program: a token from the sandbox, validated once, refused the second time by the sandbox
# (a new process is a new client, so the platform's own single-use rule answers).
issued="$(curl -s -X POST "$control_url/token" -d '{"app_id":"300012345678","product":"onekey","phone":"13800138000"}')"
token="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["token"])' "$issued")"
user_information="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["userInformation"])' "$issued")"
result="$("$example" onekey "$work/config.json" "$token" "$user_information" "")"
python3 -c 'import json,sys; r=json.loads(sys.argv[1]); assert r["phone"]=="13800138000" and r["details"]["resultCode"]=="103000", r' "$result"
if "$example" onekey "$work/config.json" "$token" "$user_information" "" 2>"$work/second.err"; then
    echo "exchange_curl: a used token was accepted" >&2
    exit 1
fi
grep -q "^YDRZ_E_PLATFORM: platform result code 104007" "$work/second.err" || { cat "$work/second.err" >&2; exit 1; }
echo "exchange_curl example: ok"
