#!/usr/bin/env bash
# Installs dist/ydrz-<version>.tgz as a user would, in a fresh directory outside the repository with no
# environment variable pointing at the build, then signs a vector and validates a token against the sandbox the
# package carries, started with no path given (ydrz/testing), from both an ES module and a CommonJS script;
# runs `npx ydrz sandbox` from the shell; and checks the package's docs (README, docs/, examples/) and their links.
# Usage: bindings/node/consumer-test.sh <package.tgz>
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tgz="$(realpath "$1")"
[[ -f "$tgz" ]] || { echo "consumer-test.sh: no $tgz: run make dist-node" >&2; exit 1; }

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
# The vector the scripts sign, as data: the scripts themselves know nothing of the repository.
node -e 'const v = require(process.argv[1]).vectors.find((x) => x.id === "jssdk_md5_sign_bt8");
  require("fs").writeFileSync(process.argv[2], JSON.stringify(v))' "$repo/tests/data/vectors.json" "$dir/vector.json"

cd "$dir"
unset YDRZ_LIBRARY YDRZ_BIN YDRZ_LIB_DIR LD_LIBRARY_PATH NODE_PATH
# The install command of bindings/node/README.md.
npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "$tgz"

cat >consumer.mjs <<'JS'
import { readFileSync } from 'node:fs';
import ydrz, { jssdkSign } from 'ydrz';
import { Sandbox } from 'ydrz/testing';

const v = JSON.parse(readFileSync('vector.json', 'utf8'));
const i = v.inputs;
const sign = jssdkSign({ appId: i.appId, appKey: i.appkey, traceId: i.traceId, timestamp: i.timestamp });
if (sign !== v.expected_hex_upper) throw new Error(`sign ${sign} is not ${v.expected_hex_upper}`);
if (!ydrz.libraryPath().includes('/node_modules/ydrz/native/linux-')) {
  throw new Error(`the library came from ${ydrz.libraryPath()}, not from inside the package`);
}
const sandbox = await Sandbox.start();
const client = sandbox.client();
try {
  const token = await sandbox.token('onekey', '13800138000');
  const { phone } = await client.onekeyValidate({ token: token.token, userInformation: token.userInformation });
  if (phone !== '13800138000') throw new Error(`validated ${phone}`);
  console.log(`esm: ydrz ${ydrz.version()} from ${ydrz.libraryPath()}: sign ok, validated ${ydrz.maskPhone(phone)}`);
} finally {
  client.close();
  await sandbox.stop();
}
JS
cat >consumer.cjs <<'JS'
const ydrz = require('ydrz');
const v = require('./vector.json');
const i = v.inputs;
const sign = ydrz.jssdkSign({ appId: i.appId, appKey: i.appkey, traceId: i.traceId, timestamp: i.timestamp });
if (sign !== v.expected_hex_upper) throw new Error(`sign ${sign} is not ${v.expected_hex_upper}`);
console.log(`cjs: sign ok with ydrz ${ydrz.version()}`);
JS
node consumer.mjs
node consumer.cjs

# From the shell, as the README says, with no path given; then the docs the package carries, every link inside it.
python3 "$repo/scripts/package/shell_sandbox.py" npx --no-install ydrz
python3 "$repo/scripts/package/check_doc_links.py" --require examples/quickstart.mjs node_modules/ydrz
# The package carries the licence text (Apache-2.0 asks redistributions to include it).
grep -q 'Apache License' node_modules/ydrz/LICENSE || { echo "the npm package carries no LICENSE" >&2; exit 1; }
