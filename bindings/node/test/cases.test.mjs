// The behaviour table tests/data/cases.json: every case's call must end with its status (docs/bindings.md).
// Node's mapping: NULL is null, invalid UTF-8 is a Buffer of those bytes, a closed handle is one after close(),
// and a failure is a YdrzError whose code (= statusName) is the table's status. No case is skipped: each
// placeholder has a Node form. A new `call` fails below until it is mapped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { test } from 'node:test';

import ydrz from '../index.mjs';
import { REPO } from './helpers.mjs';

const TABLE = JSON.parse(readFileSync(join(REPO, 'tests', 'data', 'cases.json'), 'utf8'));
const FIXTURES = TABLE.fixtures;

const CALLS = {
  mask_phone: (phone) => ydrz.maskPhone(phone),
  decrypt_msisdn: (appKey, msisdn) => ydrz.decryptMsisdn(appKey, msisdn),
  private_key_load: (text) => new ydrz.PrivateKey(text),
  public_key_load: (text) => new ydrz.PublicKey(text),
  private_key_public_spki: (key) => key.publicSpki(),
  client_jssdk_params: (client) => client.jssdkParams(),
  client_stats: (client) => client.stats(),
  client_presign_step: (client, presign) => client.presignStep(presign),
  client_presign_accept: (client, presign, signature) => client.presignAccept(presign, signature),
  client_new: (config) => new ydrz.Client(config),
  code_describe: (code, product, stage) => ydrz.codeDescribe(code, { product, stage }),
  jssdk_sign: (appId, appKey, traceId, timestamp, version, businessType, encoding) =>
    ydrz.jssdkSign({ appId, appKey, traceId, timestamp, version, businessType, encoding }),
  key_generate: (bits) => ydrz.generateKeyPair(bits),
};

const MAKE = {
  private_key: () => new ydrz.PrivateKey(FIXTURES.private_key),
  public_key: () => new ydrz.PublicKey(FIXTURES.public_key),
  client: () => new ydrz.Client(FIXTURES.client_config),
};

function argument(arg) {
  if (arg === null || typeof arg !== 'object') return arg;
  if (arg.null) return null;
  if ('invalid_utf8_hex' in arg) return Buffer.from(arg.invalid_utf8_hex, 'hex');
  if ('repeat' in arg) return arg.repeat.repeat(arg.times);
  if ('closed' in arg) {
    const handle = MAKE[arg.closed]();
    handle.close();
    return handle;
  }
  throw new Error(`unknown placeholder ${JSON.stringify(arg)}`);
}

for (const c of TABLE.cases) {
  test(`cases.json: ${c.name}`, () => {
    const call = CALLS[c.call];
    assert.ok(call, `cases.json calls ${c.call}, which this runner does not map`);
    const args = c.args.map(argument);
    if (c.status === 'YDRZ_OK') {
      call(...args);
      return;
    }
    assert.throws(() => call(...args), (e) => {
      assert.ok(e instanceof ydrz.YdrzError, `not a YdrzError: ${e}`);
      assert.equal(e.code, c.status, e.message);
      return true;
    });
  });
}
