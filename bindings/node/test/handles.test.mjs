// Key handles: generation, close(), use after close, and the FinalizationRegistry safety net.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

import ydrz, { Encoding, SignAlgorithm } from '../index.mjs';
import { VECTORS, expectStatus } from './helpers.mjs';

const INDEX = fileURLToPath(new URL('../index.cjs', import.meta.url));

test('generated keys work together', () => {
  const pair = ydrz.generateKeyPair(1024);
  const priv = new ydrz.PrivateKey(pair.privatePkcs8);
  const pub = new ydrz.PublicKey(pair.publicSpki);
  assert.equal(priv.publicSpki(), pair.publicSpki);
  const signature = ydrz.rsaSign(priv, 'data', SignAlgorithm.SHA256_RSA, Encoding.BASE64);
  assert.equal(ydrz.rsaVerify(pub, 'data', signature, SignAlgorithm.SHA256_RSA, Encoding.BASE64), true);
  assert.equal(ydrz.rsaDecrypt(priv, ydrz.rsaEncrypt(pub, '你好')), '你好');
  priv.close();
  pub.close();
});

test('generated key sizes', () => {
  const pair = ydrz.generateKeyPair(2048);
  assert.equal(Buffer.from(pair.publicSpki, 'base64').length, 294); // X.509 SPKI of a 2048-bit key
});

test('use after close is a clear error and close is idempotent', () => {
  const key = new ydrz.PrivateKey(VECTORS.keys.customer_1024.private_pkcs8_der_base64);
  const pub = new ydrz.PublicKey(VECTORS.keys.customer_1024.public_x509_spki_der_base64);
  assert.equal(key.closed, false);
  key.close();
  key.close();
  pub.close();
  assert.equal(key.closed, true);
  expectStatus(() => key.publicSpki(), 'YDRZ_E_NULL_ARG', 'this PrivateKey is closed');
  expectStatus(() => ydrz.presignSign(key, 'x'), 'YDRZ_E_NULL_ARG', 'this PrivateKey is closed');
  expectStatus(() => ydrz.rsaEncrypt(pub, 'x'), 'YDRZ_E_NULL_ARG', 'this PublicKey is closed');
});

test('garbage collection frees handles that were never closed', () => {
  // In a child process with --expose-gc: batches of keys and clients are dropped without close(). Their
  // finalizers must free them: resident memory stays flat from the second batch on (each unfreed batch would
  // keep megabytes), and nothing is freed twice (the process exits cleanly).
  const script = `
    const ydrz = require(${JSON.stringify(INDEX)});
    const der = ${JSON.stringify(VECTORS.keys.customer_2048.private_pkcs8_der_base64)};
    const settle = async () => { for (let i = 0; i < 5; i++) { global.gc(); await new Promise((r) => setTimeout(r, 5)); } };
    (async () => {
      const rss = [];
      for (let batch = 0; batch < 6; batch++) {
        for (let i = 0; i < 500; i++) {
          new ydrz.PrivateKey(der);
          new ydrz.Client({ app_id: '300012345678', private_key: der });
        }
        await settle();
        rss.push(process.memoryUsage.rss());
      }
      const closed = new ydrz.PrivateKey(der);
      closed.close();
      await settle();
      console.log(JSON.stringify(rss));
    })();`;
  const run = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', env: process.env });
  assert.equal(run.status, 0, run.stderr);
  const rss = JSON.parse(run.stdout);
  const grown = (rss[5] - rss[1]) / 2 ** 20;
  assert.ok(grown < 6, `resident memory grew by ${grown.toFixed(1)} MiB over 2000 dropped keys and clients: ${rss}`);
});
