// Many Promises sharing one client and one key get the results one caller gets, and the event loop keeps
// turning while the library waits for a slow platform.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import ydrz, { Encoding, SignAlgorithm } from '../index.mjs';
import { VECTORS, expectStatus, privateKeys, useSandbox } from './helpers.mjs';

const env = useSandbox();
const COUNT = 48;
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

test('300 validations at once all complete on the event loop, which leaves libuv\'s pool to the file system', async () => {
  const { sandbox } = env;
  const DELAY_MS = 1000;
  const count = 300;
  const tokens = [];
  for (let i = 0; i < count; i++) tokens.push(await sandbox.token('onekey', phoneOf(i)));
  await sandbox.control('/faults', { kind: 'delay', delay_ms: DELAY_MS, count });
  const client = sandbox.client({ retries: 1 });
  const started = performance.now();
  const pending = Promise.all(
    tokens.map(async (t) => (await client.onekeyValidate({ token: t.token, userInformation: t.userInformation })).phone),
  );
  // Once the requests are out, every validation waits on the sandbox's delay; fs work still gets a pool thread
  // at once.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const reading = performance.now();
  await readFile(new URL(import.meta.url));
  const waited = performance.now() - reading;
  const phones = await pending;
  const elapsed = performance.now() - started;
  client.close();
  assert.ok(waited < DELAY_MS / 3, `readFile waited ${waited} ms for the pool`);
  assert.deepEqual(phones, tokens.map((_, i) => phoneOf(i)));
  assert.ok(elapsed < DELAY_MS * 2.5, `${count} validations of ${DELAY_MS} ms took ${elapsed} ms`);
});
