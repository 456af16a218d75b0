#!/usr/bin/env bash
# Runs the exchange over libcurl against a real sandbox: tests/c/test_exchange.c (each binary given, e.g. the
# plain, AddressSanitizer and valgrind runs), then the external-signer test (the command in
# $EXTERNAL_SIGNER_TEST, e.g. tests/c/test_external_signer under valgrind), then examples/kms_signer
# ($KMS_SIGNER_EXAMPLE) and examples/exchange_curl as a user runs them. Needs python3 and the openssl command.
# Usage: EXTERNAL_SIGNER_TEST=COMMAND KMS_SIGNER_EXAMPLE=BINARY exchange_test.sh YDRZ_BINARY EXCHANGE_CURL_BINARY
#        TEST_COMMAND...
set -euo pipefail
ydrz="$1"
example="$2"
shift 2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The external signer's app (tests/data/vectors.json's keys, as the sandbox's demo app): its client holds the
# customer public key and the private key goes to a file only the C test reads; App login's RSA-mode msisdn is
# encrypted to a second key (应用公钥2), which the client decrypts with app_login.msisdn_private_key.
python3 - "$work" "$(dirname "$0")/../data/vectors.json" <<'PY'
import base64, json, subprocess, sys
work, keys = sys.argv[1], json.load(open(sys.argv[2]))
fixed, customer, platform = keys["fixed_inputs"], keys["keys"]["customer_1024"], keys["keys"]["platform_1024"]
def openssl(*args, data=None):
    return subprocess.run(["openssl", *args], input=data, capture_output=True, check=True).stdout
encryption = openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024")
app = {"app_id": "300012345690", "name": "external signer", "app_key": fixed["appkey"],
       "app_secret": fixed["APPSecret"], "customer_public_key": customer["public_x509_spki_der_base64"],
       "platform_public_key": platform["public_x509_spki_der_base64"],
       "platform_private_key": platform["private_pkcs8_der_base64"],
       "customer_encryption_public_key": openssl("pkey", "-pubout", data=encryption).decode()}
with open(f"{work}/apps.json", "w") as f:
    json.dump([app], f)
with open(f"{work}/external.json", "w") as f:
    json.dump({"app_id": app["app_id"], "app_key": app["app_key"], "platform_public_key": app["platform_public_key"],
               "signer": "external", "public_key": app["customer_public_key"],
               "app_login": {"mode": "rsa", "msisdn_private_key": encryption.decode()}}, f)
with open(f"{work}/external_decrypt.json", "w") as f:
    json.dump({"app_id": app["app_id"], "app_key": app["app_key"], "platform_public_key": app["platform_public_key"],
               "signer": "external", "public_key": app["customer_public_key"], "app_login": {"mode": "rsa"}}, f)
signing = openssl("pkey", "-inform", "DER", data=base64.b64decode(customer["private_pkcs8_der_base64"]))
with open(f"{work}/signing_key.pem", "wb") as f:
    f.write(signing)
with open(f"{work}/decrypt_key.pem", "wb") as f:
    f.write(encryption)
PY

# The sandbox lives as long as this script holds its standard input open.
coproc SANDBOX { exec "$ydrz" sandbox --port 0 --apps "$work/apps.json" --exit-on-stdin-eof 2>/dev/null; }
read -r info <&"${SANDBOX[0]}"
python3 - "$info" "$work" <<'PY'
import json, socket, sys
info, work = json.loads(sys.argv[1]), sys.argv[2]
config = info["client_config"]
with socket.socket() as s:  # a port that was just free: connections to it are refused
    s.bind(("127.0.0.1", 0))
    closed = s.getsockname()[1]
demo = info["apps"][0]
# For reconfigure: another valid configuration, another app_id, and App login in RSA mode during a key rotation
# (a new msisdn key the sandbox does not encrypt with, and the previous one, which it does).
rotated = {"app_login": {"mode": "rsa", "msisdn_private_key": demo["platform_private_key"],
                         "previous_msisdn_private_key": demo["customer_private_key"]}}
for name, changes in [("config", {}), ("refused", {"base_url": f"http://127.0.0.1:{closed}"}),
                      ("short", {"timeout_ms": 300}), ("alt", {"timeout_ms": 9000, "keep_alive": False}),
                      ("other_app", {"app_id": "300099999999"}), ("rotated", rotated)]:
    with open(f"{work}/{name}.json", "w") as f:
        json.dump(dict(config, **changes), f)
with open(f"{work}/control_url", "w") as f:
    f.write(info["control_url"])
for name in ["external", "external_decrypt"]:
    with open(f"{work}/{name}.json") as f:
        external = json.load(f)
    with open(f"{work}/{name}.json", "w") as f:
        json.dump(dict(external, base_url=config["base_url"]), f)
PY
control_url="$(cat "$work/control_url")"
for command in "$@"; do
    curl -s -X POST "$control_url/reset" -d '{}' >/dev/null
    $command "$control_url" "$work/config.json" "$work/refused.json" "$work/short.json" "$work/alt.json" \
        "$work/other_app.json" "$work/rotated.json"
done

# The external signer: the private key held only by the C test.
curl -s -X POST "$control_url/reset" -d '{}' >/dev/null
${EXTERNAL_SIGNER_TEST:?} "$control_url" "$work/external.json" "$work/signing_key.pem" \
    "$work/external_decrypt.json" "$work/decrypt_key.pem"
echo "external signer: ok"

# The KMS example as a program: one-click login signed by the stand-in KMS, and App login in RSA mode whose
# msisdn the stand-in KMS decrypts.
external_token() {
    curl -s -X POST "$control_url/token" -d "{\"app_id\":\"300012345690\",\"product\":\"$1\",\"phone\":\"13800138000\"}"
}
issued="$(external_token onekey)"
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }
result="$(${KMS_SIGNER_EXAMPLE:?} onekey "$work/external.json" "$work/signing_key.pem" "$work/decrypt_key.pem" \
    "$(field "$issued" token)" "$(field "$issued" userInformation)" "")"
python3 -c 'import json,sys; r=json.loads(sys.argv[1]); assert r["phone"]=="13800138000", r' "$result"
issued="$(external_token app_login)"
result="$("$KMS_SIGNER_EXAMPLE" app_login "$work/external_decrypt.json" "$work/signing_key.pem" "$work/decrypt_key.pem" \
    "$(field "$issued" token)" "" "")"
python3 -c 'import json,sys; r=json.loads(sys.argv[1]); assert r["phone"]=="13800138000", r' "$result"
echo "kms_signer example: ok"

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
