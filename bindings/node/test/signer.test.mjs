// The external signer ("signer": "external") against the sandbox: the client holds only the customer public
// key and the test signs with node:crypto and the sandbox app's private key, as an HSM or a KMS would. Nothing
// may reach the sandbox before a valid signature (its per-token request counter is the witness).
import assert from 'node:assert/strict';
import { constants, createPrivateKey, generateKeyPairSync, privateDecrypt, sign as cryptoSign } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';

import ydrz from '../index.mjs';
import { expectStatus, useSandbox } from './helpers.mjs';

const PHONE = '13800138000';
const env = useSandbox();

const DIGESTS = { SHA256withRSA: 'sha256', MD5withRSA: 'md5' };

/** RSA PKCS#1 v1.5 decryption with node:crypto: Node.js refuses RSA_PKCS1_PADDING for private decryption
 * (CVE-2023-46809), so raw RSA and the padding 00 02 <8+ non-zero bytes> 00 <plaintext> removed here. */
function decryptPkcs1(key, block) {
  const padded = privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, block);
  const end = padded.indexOf(0, 2);
  assert.ok(padded[0] === 0 && padded[1] === 2 && end >= 10, 'not PKCS#1 v1.5 padding');
  return padded.subarray(end + 1);
}

/** A signer over node:crypto with `key`; `asked` records the algorithms it was asked for, `blocks` the blocks
 * it decrypted. */
function cryptoSigner(key) {
  const asked = [];
  const blocks = [];
  return {
    asked,
    blocks,
    async sign(algorithm, data) {
      asked.push(algorithm);
      assert.ok(Buffer.isBuffer(data));
      return cryptoSign(DIGESTS[algorithm], data, key);
    },
    async decrypt(block) {
      blocks.push(block.length);
      return decryptPkcs1(key, block);
    },
  };
}

/** The demo app's customer private key (only the test holds it) and a configuration without it. */
function external() {
  const s = env.sandbox;
  const key = createPrivateKey({ key: Buffer.from(s.demo.customer_private_key, 'base64'), format: 'der', type: 'pkcs8' });
  const { private_key: _, ...config } = s.clientConfig;
  // App login in RSA mode without msisdn_private_key: the sandbox encrypts the number to the customer key.
  const external = { signer: 'external', public_key: s.demo.customer_public_key, app_login: { mode: 'rsa' } };
  return { key, config: { ...config, ...external } };
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

test('a client without the private key completes one-click login, number verification and App login', async () => {
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
    const app = await env.sandbox.token('app_login', PHONE);
    assert.equal((await client.appLoginValidate({ token: app.token })).phone, PHONE);
  });
  assert.deepEqual(signer.asked, ['SHA256withRSA', 'MD5withRSA', 'SHA256withRSA']);
  assert.deepEqual(signer.blocks, [128]);
});

test('a decryption that is not the phone number is refused after the one request; the token stays spent', async () => {
  const { key, config } = external();
  const signer = { ...cryptoSigner(key), decrypt: async () => Buffer.from('12345') };
  const token = await env.sandbox.token('app_login', PHONE);
  await withExternal(config, signer, async (client) => {
    await expectStatus(() => client.appLoginValidate({ token: token.token }), 'YDRZ_E_CRYPTO');
    await expectStatus(() => client.appLoginValidate({ token: token.token }), 'YDRZ_E_TOKEN_REUSED');
  });
  assert.equal((await env.sandbox.stats(token.token)).requests, 1);
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

test('App login for one own HTTP stack: finish says a decryption is due, provideWith decrypts, result() logs in', async () => {
  const { key, config } = external();
  const signer = cryptoSigner(key);
  const token = await env.sandbox.token('app_login', PHONE);
  await withExternal(config, null, async (client) => {
    const ex = client.appLoginBegin({ token: token.token });
    await ex.provideWith(signer);
    const response = await fetch(ex.request.url, { method: 'POST', headers: ex.request.headers, body: ex.request.body });
    const answer = await response.arrayBuffer();
    expectStatus(() => ex.finish(response.status, answer), 'YDRZ_E_INVALID_ARG', 'decryption');
    const step = ex.pending();
    assert.equal(step.step, 'decrypt');
    assert.equal(step.algorithm, 'RSA/ECB/PKCS1Padding');
    assert.equal(step.block_bytes, 128);
    expectStatus(() => ex.result(), 'YDRZ_E_INVALID_ARG');
    await expectStatus(() => ex.provideWith({ decrypt: async () => Buffer.from('12345') }), 'YDRZ_E_CRYPTO');
    await ex.provideWith(signer);
    assert.deepEqual(ex.pending(), { step: 'done' });
    assert.equal(ex.result().phone, PHONE);
  });
});
