// The external signer ("signer": "external") against the sandbox: the client holds only the customer public
// key and the test signs with node:crypto and the sandbox app's private key, as an HSM or a KMS would. Nothing
// may reach the sandbox before a valid signature (its per-token request counter is the witness).
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';

import ydrz from '../index.mjs';
import { expectStatus, useSandbox } from './helpers.mjs';

const PHONE = '13800138000';
const env = useSandbox();

const DIGESTS = { SHA256withRSA: 'sha256', MD5withRSA: 'md5' };

/** A signer over node:crypto with `key`; `asked` records the algorithms it was asked for. */
function cryptoSigner(key) {
  const asked = [];
  return {
    asked,
    async sign(algorithm, data) {
      asked.push(algorithm);
      assert.ok(Buffer.isBuffer(data));
      return cryptoSign(DIGESTS[algorithm], data, key);
    },
    async decrypt() {
      throw new Error('no decrypt step expected');
    },
  };
}

/** The demo app's customer private key (only the test holds it) and a configuration without it. */
function external() {
  const s = env.sandbox;
  const key = createPrivateKey({ key: Buffer.from(s.demo.customer_private_key, 'base64'), format: 'der', type: 'pkcs8' });
  const { private_key: _, ...config } = s.clientConfig;
  return { key, config: { ...config, signer: 'external', public_key: s.demo.customer_public_key } };
}

/** Runs `fn(client)` with a client of `config` and `signer`, then closes the client. */
async function withExternal(config, signer, fn) {
  const client = new ydrz.Client(config, { signer });
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}

test('a client without the private key completes one-click login and number verification', async () => {
  const { key, config } = external();
  assert.equal(config.private_key, undefined);
  const signer = cryptoSigner(key);
  await withExternal(config, signer, async (client) => {
    const login = await env.sandbox.token('onekey', PHONE);
    const result = await client.onekeyValidate({ token: login.token, userInformation: login.userInformation });
    assert.equal(result.phone, PHONE);
    assert.equal((await env.sandbox.stats(login.token)).requests, 1);
    const check = await env.sandbox.token('number_verify', PHONE);
    const verified = await client.numberVerify({ token: check.token, userInformation: check.userInformation, phone: PHONE });
    assert.equal(verified.matched, true);
  });
  assert.deepEqual(signer.asked, ['SHA256withRSA', 'MD5withRSA']);
});

test('another key, a failing signer and no signer are refused before anything is sent; the token stays usable', async () => {
  const { key, config } = external();
  const token = await env.sandbox.token('onekey', PHONE);
  const opts = { token: token.token, userInformation: token.userInformation };
  const other = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  let current = cryptoSigner(other);
  const swappable = { sign: (...a) => current.sign(...a), decrypt: (...a) => current.decrypt(...a) };
  await withExternal(config, swappable, async (client) => {
    await expectStatus(() => client.onekeyValidate(opts), 'YDRZ_E_SIGNATURE', 'wrong key');
    const unavailable = new Error('kms unavailable');
    current = { sign: async () => Promise.reject(unavailable), decrypt: async () => null };
    await assert.rejects(client.onekeyValidate(opts), (e) => e === unavailable);
    current = { sign: async () => 'not bytes', decrypt: async () => null };
    await assert.rejects(client.onekeyValidate(opts), TypeError);
    const aborting = new AbortController();
    current = {
      async sign() {
        aborting.abort(new Error('gave up'));
        return Buffer.alloc(128);
      },
    };
    await assert.rejects(client.onekeyValidate({ ...opts, signal: aborting.signal }), /gave up/);
    await withExternal(config, null, (bare) => expectStatus(() => bare.onekeyValidate(opts), 'YDRZ_E_INVALID_ARG', 'signer'));
    assert.equal((await env.sandbox.stats(token.token)).requests, 0);

    current = cryptoSigner(key);
    assert.equal((await client.onekeyValidate(opts)).phone, PHONE);
    await expectStatus(() => client.onekeyValidate(opts), 'YDRZ_E_TOKEN_REUSED');
  });
  assert.equal((await env.sandbox.stats(token.token)).requests, 1);
});

test('an exchange for one own HTTP stack waits for its signature, then provideWith completes it', async () => {
  const { key, config } = external();
  const token = await env.sandbox.token('onekey', PHONE);
  await withExternal(config, null, async (client) => {
    const ex = client.onekeyBegin({ token: token.token, userInformation: token.userInformation });
    const step = ex.pending();
    assert.equal(step.step, 'sign');
    assert.equal(step.algorithm, 'SHA256withRSA');
    expectStatus(() => ex.request, 'YDRZ_E_INVALID_ARG');
    const data = Buffer.from(step.input_base64, 'base64');
    expectStatus(() => ex.provide(cryptoSign('md5', data, key).toString('base64')), 'YDRZ_E_SIGNATURE', 'wrong algorithm');
    await ex.provideWith(cryptoSigner(key));
    assert.deepEqual(ex.pending(), { step: 'send' });
    await ex.provideWith(null); // nothing to do
    assert.equal((await env.sandbox.stats(token.token)).requests, 0);
    const { method, url, headers, body } = ex.request;
    const [status, answer] = await new Promise((resolve, reject) => {
      const req = httpRequest(url, { method, headers: Object.fromEntries(headers) }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve([res.statusCode, Buffer.concat(chunks)]));
      });
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(ex.finish(status, answer).phone, PHONE);
  });
});
