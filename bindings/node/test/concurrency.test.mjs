// Many Promises sharing one client and one key get the results one caller gets, and the event loop keeps
// turning while the library waits for a slow platform.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

import ydrz, { Encoding, SignAlgorithm } from '../index.mjs';
import { VECTORS, expectStatus, privateKeys, useSandbox } from './helpers.mjs';

const { ASYNC_LIMIT } = createRequire(import.meta.url)('../lib/ffi.cjs');
const env = useSandbox();
const COUNT = 48;
/** The thread-pool transport (the library's own HTTP client), which `retries` selects, as a proxy would. */
const THREAD_POOL = { retries: 1 };
const phoneOf = (i) => `1380013${String(i).padStart(4, '0')}`;

test('concurrent validations from many Promises at once', async () => {
  const { sandbox } = env;
  const vector = VECTORS.vectors.find((v) => v.id === 'h5_tokenValidate_sign_v2.0_customer_2048');
  const key = privateKeys.customer_2048;
  const tokens = await Promise.all(Array.from({ length: COUNT }, (_, i) => sandbox.token('onekey', phoneOf(i))));
  const verifyTokens = await Promise.all(Array.from({ length: COUNT }, (_, i) => sandbox.token('number_verify', phoneOf(i))));
  const client = sandbox.client();
  const results = await Promise.all(
    tokens.map(async (t, i) => {
      const signature = ydrz.rsaSign(key, vector.string_to_sign, SignAlgorithm.SHA256_RSA, Encoding.HEX_UPPER);
      const [validated, verified] = await Promise.all([
        client.onekeyValidate({ token: t.token, userInformation: t.userInformation }),
        client.numberVerify({
          token: verifyTokens[i].token,
          userInformation: verifyTokens[i].userInformation,
          phone: i % 2 ? phoneOf(i) : phoneOf(i + 1),
        }),
      ]);
      return [signature, validated.phone, verified.matched];
    }),
  );
  client.close();
  assert.deepEqual(results.map((r) => r[0]), Array(COUNT).fill(vector.expected_hex_upper));
  assert.deepEqual(results.map((r) => r[1]), Array.from({ length: COUNT }, (_, i) => phoneOf(i)));
  assert.deepEqual(results.map((r) => r[2]), Array.from({ length: COUNT }, (_, i) => i % 2 === 1));
});

test('the event loop keeps turning during a slow platform answer', async () => {
  const { sandbox } = env;
  const DELAY_MS = 1500;
  await sandbox.control('/faults', { kind: 'delay', delay_ms: DELAY_MS, count: 1 });
  const token = await sandbox.token('onekey', phoneOf(1));
  const client = sandbox.client();
  let ticks = 0;
  const timer = setInterval(() => {
    ticks += 1;
  }, 10);
  const started = performance.now();
  const pending = client.onekeyValidate({ token: token.token, userInformation: token.userInformation });
  const returnedAfter = performance.now() - started;
  // While the request waits on the sandbox's delay, this thread still serves timers and other I/O.
  const stats = await sandbox.stats(token.token);
  const result = await pending;
  const elapsed = performance.now() - started;
  clearInterval(timer);
  client.close();
  assert.equal(result.phone, phoneOf(1));
  assert.ok(elapsed >= DELAY_MS, `answered after ${elapsed} ms, before the ${DELAY_MS} ms delay`);
  assert.ok(returnedAfter < DELAY_MS / 3, `the call held the event loop for ${returnedAfter} ms`);
  assert.ok(ticks >= (DELAY_MS / 10) * 0.3, `only ${ticks} timer ticks ran during ${elapsed} ms`);
  assert.ok(stats.total_requests >= 0);
});

test('close() during a call in flight frees the client only after it ends', async () => {
  const { sandbox } = env;
  await sandbox.control('/faults', { kind: 'delay', delay_ms: 600, count: 1 });
  const token = await sandbox.token('onekey', phoneOf(2));
  const client = sandbox.client();
  const pending = client.onekeyValidate({ token: token.token, userInformation: token.userInformation });
  const deadline = Date.now() + 10_000;
  while ((await sandbox.stats(token.token)).requests === 0) {
    assert.ok(Date.now() < deadline, 'the request never reached the sandbox');
  }
  client.close();
  assert.equal(client.closed, true);
  expectStatus(() => client.jssdkParams(), 'YDRZ_E_NULL_ARG', 'closed');
  await expectStatus(() => client.appLoginValidate({ token: 'x' }), 'YDRZ_E_NULL_ARG', 'closed');
  assert.equal((await pending).phone, phoneOf(2));
});

test('more validations at once than koffi admits (max_async_calls) all complete, in turn', async () => {
  const { sandbox } = env;
  const count = 300; // koffi refuses a 257th asynchronous call in flight
  const tokens = [];
  for (let i = 0; i < count; i++) tokens.push(await sandbox.token('onekey', phoneOf(i)));
  const client = sandbox.client(THREAD_POOL);
  assert.equal(client.transport, 'thread-pool');
  const phones = await Promise.all(
    tokens.map(async (t) => (await client.onekeyValidate({ token: t.token, userInformation: t.userInformation })).phone),
  );
  client.close();
  assert.deepEqual(phones, tokens.map((_, i) => phoneOf(i)));
});

test('slow validations leave a thread of the libuv pool to the file system', async () => {
  const { sandbox } = env;
  const DELAY_MS = 1500;
  const calls = ASYNC_LIMIT + 2;
  await sandbox.control('/faults', { kind: 'delay', delay_ms: DELAY_MS, count: calls });
  const tokens = [];
  for (let i = 0; i < calls; i++) tokens.push(await sandbox.token('onekey', phoneOf(i)));
  const client = sandbox.client(THREAD_POOL);
  assert.equal(client.transport, 'thread-pool');
  const pending = tokens.map((t) => client.onekeyValidate({ token: t.token, userInformation: t.userInformation }));
  const deadline = Date.now() + 10_000;
  let reached = 0;
  while (reached < ASYNC_LIMIT) {
    assert.ok(Date.now() < deadline, 'the requests never reached the sandbox');
    reached = (await Promise.all(tokens.map((t) => sandbox.stats(t.token)))).filter((s) => s.requests > 0).length;
  }
  assert.equal(reached, ASYNC_LIMIT, 'more calls ran at once than the binding allows');
  // Every allowed call now waits on the sandbox's delay; fs work still gets a pool thread at once.
  const started = performance.now();
  await readFile(new URL(import.meta.url));
  const waited = performance.now() - started;
  assert.ok(waited < DELAY_MS / 3, `readFile waited ${waited} ms for the pool`);
  assert.deepEqual(
    (await Promise.all(pending)).map((r) => r.phone),
    tokens.map((_, i) => phoneOf(i)),
  );
  client.close();
});

test('close() cancels the calls still queued for a pool thread: they reject and send nothing', async () => {
  const { sandbox } = env;
  const DELAY_MS = 800;
  const QUEUED = 50;
  await sandbox.control('/faults', { kind: 'delay', delay_ms: DELAY_MS, count: ASYNC_LIMIT });
  const tokens = [];
  for (let i = 0; i < ASYNC_LIMIT + QUEUED; i++) tokens.push(await sandbox.token('onekey', phoneOf(i)));
  const client = sandbox.client(THREAD_POOL);
  const pending = tokens.map((t) => client.onekeyValidate({ token: t.token, userInformation: t.userInformation }));
  const deadline = Date.now() + 10_000;
  const sent = async () => (await Promise.all(tokens.map((t) => sandbox.stats(t.token)))).map((s) => s.requests);
  while ((await sent()).filter((n) => n > 0).length < ASYNC_LIMIT) {
    assert.ok(Date.now() < deadline, 'the running calls never reached the sandbox');
  }
  client.close();
  const settled = await Promise.allSettled(pending);
  const running = settled.slice(0, ASYNC_LIMIT);
  assert.deepEqual(running.map((r) => r.value?.phone), tokens.slice(0, ASYNC_LIMIT).map((_, i) => phoneOf(i)));
  for (const r of settled.slice(ASYNC_LIMIT)) {
    assert.equal(r.status, 'rejected');
    assert.equal(r.reason.statusName, 'YDRZ_E_NULL_ARG');
    assert.match(r.reason.message, /closed/);
  }
  assert.deepEqual((await sent()).slice(ASYNC_LIMIT), Array(QUEUED).fill(0), 'a queued call was sent after close()');
});

test('UV_THREADPOOL_SIZE=1 warns once that validations hold the only pool thread', () => {
  const script = `const { Client } = require(${JSON.stringify(fileURLToPath(new URL('../index.cjs', import.meta.url)))});
    const client = new Client({ app_id: '1', app_key: 'k', base_url: 'http://127.0.0.1:9', retries: 1 });
    Promise.allSettled([client.appLoginValidate({ token: 'a' }), client.appLoginValidate({ token: 'b' })])
      .then(() => { client.close(); console.log('settled'); });`;
  for (const [size, warned] of [['1', true], ['2', false]]) {
    const run = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      env: { ...process.env, UV_THREADPOOL_SIZE: size },
      timeout: 60_000,
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'settled');
    const warnings = run.stderr.match(/\[YDRZ_THREADPOOL_SIZE\] Warning: UV_THREADPOOL_SIZE=1: /g) ?? [];
    assert.equal(warnings.length, warned ? 1 : 0, `UV_THREADPOOL_SIZE=${size}: ${run.stderr}`);
  }
});
