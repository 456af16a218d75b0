// End to end: the client against a sandbox process spawned by this file (helpers.useSandbox).
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';

import ydrz from '../index.mjs';
import { FIXED, clientRunner, expectStatus, useSandbox } from './helpers.mjs';

const PHONE = '13800138000';
const OTHER_PHONE = '13900139000';
const env = useSandbox();
const withClient = clientRunner(env);

async function expectPlatform(promise, code) {
  const e = await expectStatus(() => promise, 'YDRZ_E_PLATFORM');
  assert.equal(e.platformCode, code);
  assert.ok(e.message.includes(code) && !e.message.includes(PHONE), e.message);
}

test('jssdkParams carry a valid sign', () => {
  const { sandbox } = env;
  const params = sandbox.client().jssdkParams();
  assert.equal(params.appId, sandbox.demo.app_id);
  assert.equal(params.msgId, params.traceId);
  const expected = ydrz.jssdkSign({
    appId: params.appId,
    appKey: sandbox.demo.app_key,
    traceId: params.traceId,
    timestamp: params.timestamp,
    version: params.version,
    businessType: params.businessType,
  });
  assert.equal(params.sign, expected);
});

test('presignSign uses the configured key', () =>
  withClient({}, (client) => {
    const key = new ydrz.PrivateKey(env.sandbox.demo.customer_private_key);
    assert.equal(client.presignSign(FIXED.preSign), ydrz.presignSign(key, FIXED.preSign));
    key.close();
  }));

test('onekeyValidate resolves to the phone', async () => {
  const token = await env.sandbox.token('onekey', PHONE);
  const pending = withClient({}, (c) => c.onekeyValidate({ token: token.token, userInformation: token.userInformation }));
  assert.ok(pending instanceof Promise);
  const result = await pending;
  assert.equal(result.phone, PHONE);
  assert.equal(result.details.resultCode, '103000');
  assert.equal(result.details.http_status, 200);
  assert.equal(result.details.securityPhone, ydrz.maskPhone(PHONE));
});

test('numberVerify: match and no match', () =>
  withClient({}, async (client) => {
    let token = await env.sandbox.token('number_verify', PHONE);
    const matched = await client.numberVerify({ token: token.token, userInformation: token.userInformation, phone: PHONE });
    token = await env.sandbox.token('number_verify', PHONE);
    const other = await client.numberVerify({ token: token.token, userInformation: token.userInformation, phone: OTHER_PHONE });
    assert.equal(matched.matched, true);
    assert.equal(matched.details.resultCode, '000');
    assert.equal(other.matched, false);
    assert.equal(other.details.resultCode, '001');
  }));

test('appLoginValidate resolves to the phone', async () => {
  const token = await env.sandbox.token('app_login', PHONE);
  const result = await withClient({}, (c) => c.appLoginValidate({ token: token.token }));
  assert.equal(result.phone, PHONE);
  assert.equal(result.details.resultCode, '103000');
});

test('appNumberVerify: match and no match', () =>
  withClient({}, async (client) => {
    const matched = await client.appNumberVerify({ token: (await env.sandbox.token('app_number', PHONE)).token, phone: PHONE });
    const other = await client.appNumberVerify({ token: (await env.sandbox.token('app_number', PHONE)).token, phone: OTHER_PHONE });
    assert.deepEqual([matched.matched, other.matched], [true, false]);
  }));

test('an expired token gives 104007', async () => {
  const token = await env.sandbox.token('onekey', PHONE, { ttl_ms: 1 });
  await sleep(50);
  await withClient({}, (c) => expectPlatform(c.onekeyValidate({ token: token.token, userInformation: token.userInformation }), '104007'));
});

test('a key that is not registered gives 104013 and 130018', async () => {
  const stranger = ydrz.generateKeyPair(1024).privatePkcs8;
  await withClient({ private_key: stranger }, async (client) => {
    let token = await env.sandbox.token('onekey', PHONE);
    await expectPlatform(client.onekeyValidate({ token: token.token, userInformation: token.userInformation }), '104013');
    token = await env.sandbox.token('number_verify', PHONE);
    await expectPlatform(
      client.numberVerify({ token: token.token, userInformation: token.userInformation, phone: PHONE }),
      '130018',
    );
  });
});

test('the same token twice is refused without a second request', async () => {
  const token = await env.sandbox.token('onekey', PHONE);
  await withClient({}, async (client) => {
    const args = { token: token.token, userInformation: token.userInformation };
    assert.equal((await client.onekeyValidate(args)).phone, PHONE);
    const e = await expectStatus(() => client.onekeyValidate(args), 'YDRZ_E_TOKEN_REUSED');
    assert.equal(e.platformCode, null);
  });
  assert.equal((await env.sandbox.stats(token.token)).requests, 1);
});

test('the same token from many Promises at once is sent once', async () => {
  const token = await env.sandbox.token('onekey', PHONE);
  const outcomes = await withClient({}, (client) =>
    Promise.allSettled(
      Array.from({ length: 8 }, () => client.onekeyValidate({ token: token.token, userInformation: token.userInformation })),
    ),
  );
  const fulfilled = outcomes.filter((o) => o.status === 'fulfilled');
  assert.equal(fulfilled.length, 1);
  assert.equal(fulfilled[0].value.phone, PHONE);
  for (const o of outcomes.filter((x) => x.status === 'rejected')) {
    assert.equal(o.reason.statusName, 'YDRZ_E_TOKEN_REUSED');
  }
  assert.equal((await env.sandbox.stats(token.token)).requests, 1);
});

test('the daily limit gives 121011', async () => {
  const { sandbox } = env;
  await sandbox.control('/apps', { app_id: sandbox.demo.app_id, daily_limit: 1 });
  await withClient({}, async (client) => {
    let token = await sandbox.token('number_verify', PHONE);
    assert.ok((await client.numberVerify({ token: token.token, userInformation: token.userInformation, phone: PHONE })).matched);
    token = await sandbox.token('number_verify', PHONE);
    await expectPlatform(client.numberVerify({ token: token.token, userInformation: token.userInformation, phone: PHONE }), '121011');
  });
});

test('a refused IP gives 104017', async () => {
  const { sandbox } = env;
  await sandbox.control('/apps', { app_id: sandbox.demo.app_id, allowed_ips: ['192.0.2.1'] });
  const token = await sandbox.token('onekey', PHONE);
  await withClient({}, (c) => expectPlatform(c.onekeyValidate({ token: token.token, userInformation: token.userInformation }), '104017'));
});

for (const [fault, statusName] of [
  [{ kind: 'http_status', status: 503 }, 'YDRZ_E_HTTP'],
  [{ kind: 'malformed_json' }, 'YDRZ_E_PROTOCOL'],
  [{ kind: 'reset' }, 'YDRZ_E_NETWORK'],
  [{ kind: 'delay', delay_ms: 2000 }, 'YDRZ_E_TIMEOUT'],
]) {
  test(`transport failure ${fault.kind} rejects with ${statusName}`, async () => {
    await env.sandbox.control('/faults', { count: 1, ...fault });
    const token = await env.sandbox.token('onekey', PHONE);
    const e = await withClient({ timeout_ms: 500 }, (c) =>
      expectStatus(() => c.onekeyValidate({ token: token.token, userInformation: token.userInformation }), statusName),
    );
    assert.equal(e.platformCode, null);
    assert.ok(e.reason.length > 0);
  });
}

test('nothing listening is a network error', () =>
  withClient({ base_url: 'http://127.0.0.1:9' }, (c) =>
    expectStatus(() => c.onekeyValidate({ token: 'token-nobody-listens', userInformation: 'info' }), 'YDRZ_E_NETWORK'),
  ));

test('empty and missing client arguments', () =>
  withClient({}, async (client) => {
    await expectStatus(() => client.onekeyValidate({ token: '', userInformation: 'info' }), 'YDRZ_E_INVALID_ARG');
    await expectStatus(() => client.onekeyValidate({ token: 'token' }), 'YDRZ_E_NULL_ARG', 'user_information is NULL');
    await expectStatus(() => client.appLoginValidate({}), 'YDRZ_E_NULL_ARG', 'token is NULL');
    await expectStatus(() => client.appNumberVerify({ token: 't' }), 'YDRZ_E_NULL_ARG', 'phone is NULL');
    await expectStatus(() => client.numberVerify({ token: 'token', userInformation: 'info', phone: '12345' }), 'YDRZ_E_INVALID_ARG', 'phone');
    await assert.rejects(() => client.onekeyValidate('token'), TypeError);
  }));

test('maskPhone shows neither the number nor its length', () => {
  assert.equal(ydrz.maskPhone('13800138000'), '138****8000');
  for (const other of ['1380013800', '138001380001', '']) assert.equal(ydrz.maskPhone(other), '****');
});
