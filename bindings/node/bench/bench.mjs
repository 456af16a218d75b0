// Benchmark: ydrz against Node's own crypto, the idiom a hand-written integration uses.
//
// Cases: the jssdk MD5 sign (crypto.createHash('md5')); the tokenValidate SHA256withRSA signature with a
// 1024- and a 2048-bit key (crypto.sign), each key parsed once. Prints, per case, the median time of one
// call over several interleaved rounds and its ratio to ydrz (>1: slower than ydrz).
// Run with bench/run.sh. Options: --rounds N (default 7).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import ydrz from '../index.mjs';

const VECTORS = JSON.parse(readFileSync(new URL('../../../tests/data/vectors.json', import.meta.url), 'utf8'));
const F = VECTORS.fixed_inputs;
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' } } });
const ROUNDS = Number(values.rounds);

/** Calls per round: as many as take at least 0.2 s. */
function calibrate(fn) {
  for (let n = 1; ; n *= 2) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    if (Number(process.hrtime.bigint() - start) >= 2e8) return n;
  }
}

function compare(name, candidates) {
  const plans = candidates.map(([label, fn]) => ({ label, fn, calls: calibrate(fn), samples: [] }));
  for (let r = 0; r < ROUNDS; r++) {
    for (const p of plans) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < p.calls; i++) p.fn();
      p.samples.push(Number(process.hrtime.bigint() - start) / p.calls);
    }
  }
  const medians = plans.map((p) => [p.label, p.samples.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]]);
  console.log(`\n${name}`);
  for (const [label, ns] of medians) {
    console.log(`  ${label.padEnd(44)} ${(ns / 1000).toFixed(2).padStart(10)} µs   x${(ns / medians[0][1]).toFixed(2)}`);
  }
}

const jssdk = { appId: F.appId, appKey: F.appkey, traceId: F.traceId_msgId, timestamp: F.timestamp };
const handJssdk = () =>
  crypto
    .createHash('md5')
    .update(`${F.appId}8${F.traceId_msgId}${F.timestamp}${F.traceId_msgId}2.0${F.appkey}`)
    .digest('hex')
    .toUpperCase();
assert.equal(ydrz.jssdkSign(jssdk), handJssdk());
compare('jssdk MD5 sign', [
  ['ydrz.jssdkSign', () => ydrz.jssdkSign(jssdk)],
  ["crypto.createHash('md5')", handJssdk],
]);

for (const bits of ['1024', '2048']) {
  const v = VECTORS.vectors.find((x) => x.id === `h5_tokenValidate_sign_v2.0_customer_${bits}`);
  const der = VECTORS.keys[v.key].private_pkcs8_der_base64;
  const key = new ydrz.PrivateKey(der); // parsed once
  const nodeKey = crypto.createPrivateKey({ key: Buffer.from(der, 'base64'), format: 'der', type: 'pkcs8' }); // parsed once
  const i = v.inputs;
  const options = { appId: i.appId, traceId: i.traceId, timestamp: i.timestamp, token: i.token, version: i.version };
  const hand = () => crypto.sign('sha256', Buffer.from(v.string_to_sign), nodeKey).toString('hex').toUpperCase();
  assert.equal(ydrz.tokenValidateSign(key, options), v.expected_hex_upper);
  assert.equal(hand(), v.expected_hex_upper);
  compare(`tokenValidate SHA256withRSA, ${bits}-bit key parsed once`, [
    ['ydrz.tokenValidateSign', () => ydrz.tokenValidateSign(key, options)],
    ["crypto.sign('sha256')", hand],
  ]);
  key.close();
}
