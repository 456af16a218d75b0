// Shared test fixtures: repository paths, the vectors, loaded keys, and a sandbox process per test file.
// Environment: YDRZ_LIBRARY (the library under test; test.sh sets it) and YDRZ_BIN (the ydrz executable that
// serves the sandbox; default <repo>/target/release/ydrz).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';

import ydrz from '../index.mjs';
import { Sandbox } from '../testing.mjs';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const MANIFEST = join(REPO, 'include', 'ydrz.abi.json');
export const VECTORS = JSON.parse(readFileSync(join(REPO, 'tests', 'data', 'vectors.json'), 'utf8'));
export const FIXED = VECTORS.fixed_inputs;
export const TS = '20240131235959123';

/** name ("customer_1024", ...) -> key handle made from `field` of every vector key. */
function loadKeys(Kind, field) {
  return Object.fromEntries(Object.entries(VECTORS.keys).map(([name, k]) => [name, new Kind(k[field])]));
}
export const privateKeys = loadKeys(ydrz.PrivateKey, 'private_pkcs8_der_base64');
export const publicKeys = loadKeys(ydrz.PublicKey, 'public_x509_spki_der_base64');

export function sandboxBinary() {
  return process.env.YDRZ_BIN || join(REPO, 'target', 'release', 'ydrz');
}

/**
 * Starts one sandbox for the calling test file and resets it before each test (no faults, zero counters,
 * the demo app's registered settings). Returns an object whose `sandbox` is set once started.
 */
export function useSandbox() {
  const holder = { sandbox: null };
  before(async () => {
    holder.sandbox = await Sandbox.start(sandboxBinary(), { log: 'inherit' });
  });
  beforeEach(async () => {
    const s = holder.sandbox;
    await s.control('/reset', {});
    await s.control('/apps', {
      app_id: s.demo.app_id,
      allowed_ips: s.demo.allowed_ips,
      daily_limit: s.demo.daily_limit,
    });
  });
  after(async () => {
    await holder.sandbox?.stop();
  });
  return holder;
}

/** `withClient(overrides, fn)` for the sandbox of `env` (useSandbox()): calls `fn` with a new client of the demo
 * app (`overrides` replacing configuration keys) and closes the client when `fn` has settled. */
export function clientRunner(env) {
  return async (overrides, fn) => {
    const client = env.sandbox.client(overrides);
    try {
      return await fn(client);
    } finally {
      client.close();
    }
  };
}

/** Asserts that `fn` throws (or, for a Promise, rejects with) a YdrzError of `statusName` whose reason holds
 * `fragment`; returns the error. */
export function expectStatus(fn, statusName, fragment = '') {
  const check = (e) => {
    assert.ok(e instanceof ydrz.YdrzError, `not a YdrzError: ${e}`);
    assert.ok(e instanceof Error);
    assert.equal(e.statusName, statusName, e.message);
    assert.equal(e.code, statusName);
    assert.equal(e.status, ydrz.Status[statusName.replace(/^YDRZ_/, '')]);
    assert.equal(ydrz.statusName(e.status), statusName);
    assert.ok(e.reason.includes(fragment), `"${fragment}" not in "${e.reason}"`);
    return true;
  };
  let result;
  try {
    result = fn();
  } catch (e) {
    check(e);
    return e;
  }
  if (result && typeof result.then === 'function') {
    return result.then(
      () => assert.fail(`expected ${statusName}, got success`),
      (e) => {
        check(e);
        return e;
      },
    );
  }
  return assert.fail(`expected ${statusName}, got ${result}`);
}
