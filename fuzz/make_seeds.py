#!/usr/bin/env python3
"""Writes the fuzz targets' seed inputs (fuzz/seeds/<target>/) from tests/data/vectors.json, using the openssl CLI
for the other key encodings. Run it again when the vectors change; the seeds are committed."""
import json
import pathlib
import subprocess

HERE = pathlib.Path(__file__).resolve().parent
VECTORS = json.loads((HERE.parent / "tests/data/vectors.json").read_text())
FIXED = VECTORS["fixed_inputs"]


def write(target, name, data):
    path = HERE / "seeds" / target / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode())


def pem(label, b64):
    lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----\n"


def openssl(args, data):
    return subprocess.run(["openssl", *args], input=data.encode(), capture_output=True, check=True).stdout.decode()


for name, key in VECTORS["keys"].items():
    private_pem = pem("PRIVATE KEY", key["private_pkcs8_der_base64"])
    public_pem = pem("PUBLIC KEY", key["public_x509_spki_der_base64"])
    write("key_load", f"{name}_pkcs8_base64", key["private_pkcs8_der_base64"])
    write("key_load", f"{name}_pkcs8_pem", private_pem)
    write("key_load", f"{name}_pkcs1_pem", openssl(["rsa", "-traditional"], private_pem))
    write("key_load", f"{name}_spki_base64", key["public_x509_spki_der_base64"])
    write("key_load", f"{name}_spki_pem", public_pem)
    write("key_load", f"{name}_pkcs1_public_pem", openssl(["rsa", "-pubin", "-RSAPublicKey_out"], public_pem))
write("key_load", "mislabelled_pem", pem("RSA PRIVATE KEY", VECTORS["keys"]["customer_1024"]["private_pkcs8_der_base64"]))

for vector in VECTORS["vectors"]:
    if "ciphertext_base64" in vector and vector.get("key"):
        write("rsa_decrypt", f"{vector['id']}_base64", vector["ciphertext_base64"])
        if "ciphertext_hex_upper" in vector:
            write("rsa_decrypt", f"{vector['id']}_hex", vector["ciphertext_hex_upper"])
    if "appkey" in vector and "ciphertext_base64" in vector:
        write("msisdn", vector["id"], f"{vector['appkey']}\0{vector['ciphertext_base64']}")

for name, answer in VECTORS["sample_responses"].items():
    write("response", name.split(" ")[0], json.dumps(answer, ensure_ascii=False))

config = {
    "app_id": FIXED["appId"],
    "app_key": FIXED["appkey"],
    "private_key": VECTORS["keys"]["customer_1024"]["private_pkcs8_der_base64"],
    "platform_public_key": VECTORS["keys"]["platform_1024"]["public_x509_spki_der_base64"],
    "base_url": "http://127.0.0.1:9",
    "timeout_ms": 1000,
}
write("client_config", "full", json.dumps(config))
write("client_config", "minimal", json.dumps({"app_id": FIXED["appId"], "app_key": FIXED["appkey"]}))
write("client_config", "unknown_key", json.dumps({"app_id": FIXED["appId"], "app_kye": FIXED["appkey"]}))

fields = [FIXED["appId"], FIXED["appkey"], FIXED["traceId_msgId"], FIXED["timestamp"], FIXED["phone"], "2.0", "8"]
write("sign_fields", "jssdk", "\0".join(fields))
write("sign_fields", "app", "\0".join([*fields[:5], "1.0", FIXED["token_app"]]))
