// Worker threads that use the library and exit. A worker that loaded it while the main thread never did makes
// koffi close it with the worker: the process must survive the exit of the threads that used it (the library is
// linked NODELETE: AWS-LC's per-thread destructor must stay mapped). The handles a worker leaves open are freed
// (and key material wiped) at its exit. Each case runs in a fresh node.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

import { VECTORS } from './helpers.mjs';

const INDEX = fileURLToPath(new URL('../index.cjs', import.meta.url));

/**
 * Runs `work` (the body of a function of (ydrz, data) returning a JSON-able result) in a worker of a fresh
 * node whose main thread never loads the library, lets the worker exit, waits, and returns the worker's
 * result with the child's exit status and signal.
 */
function inWorkerThenExit(work, data) {
  const main = `
    const { Worker } = require('node:worker_threads');
    const worker = new Worker(${JSON.stringify(`
      const { parentPort, workerData } = require('node:worker_threads');
      const ydrz = require(${JSON.stringify(INDEX)});
      parentPort.postMessage((${work})(ydrz, workerData));
    `)}, { eval: true, workerData: ${JSON.stringify(data)} });
    let result;
    worker.on('message', (m) => { result = m; });
    worker.on('error', (e) => { console.error(e); process.exitCode = 2; });
    worker.on('exit', () => setTimeout(() => console.log(JSON.stringify({ result, survived: true })), 300));
  `;
  const run = spawnSync(process.execPath, ['-e', main], { encoding: 'utf8', timeout: 60_000 });
  return { ...run, parsed: run.status === 0 ? JSON.parse(run.stdout) : null };
}

function assertSurvived(run) {
  assert.equal(run.signal, null, `the process died of ${run.signal} after the worker exited: ${run.stderr}`);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.parsed.survived, true);
}

const presign = VECTORS.vectors.find((v) => v.id.startsWith('preSign_MD5withRSA'));
const keyText = VECTORS.keys[presign.key].private_pkcs8_der_base64;

test('a worker that signs and exits leaves the process alive', () => {
  const run = inWorkerThenExit(
    '(ydrz, d) => ydrz.presignSign(new ydrz.PrivateKey(d.key), d.text)',
    { key: keyText, text: presign.string_to_sign },
  );
  assertSurvived(run);
  assert.equal(run.parsed.result, presign.expected_base64);
});

test('a worker that generates a key and encrypts, then exits, leaves the process alive', () => {
  const run = inWorkerThenExit(
    `(ydrz) => {
      const pair = ydrz.generateKeyPair(1024);
      const secret = 'unload-check';
      const cipher = ydrz.rsaEncrypt(new ydrz.PublicKey(pair.publicSpki), secret);
      return ydrz.rsaDecrypt(new ydrz.PrivateKey(pair.privatePkcs8), cipher) === secret;
    }`,
    {},
  );
  assertSurvived(run);
  assert.equal(run.parsed.result, true);
});

/** The low half of the private exponent of `keyText` (Base64 PKCS#8) as AWS-LC holds it in memory: a BIGNUM's
 * little-endian words, i.e. the big-endian bytes reversed (on little-endian CPUs). */
function exponentInMemory(keyText) {
  const d = Buffer.from(createPrivateKey({ key: Buffer.from(keyText, 'base64'), format: 'der', type: 'pkcs8' })
    .export({ format: 'jwk' }).d, 'base64url');
  return Buffer.from(d).reverse().subarray(0, 64);
}

/** How often `needle` occurs in the readable memory of process `pid`. */
function occurrences(pid, needle) {
  const fd = openSync(`/proc/${pid}/mem`, 'r');
  let count = 0;
  try {
    for (const line of readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n')) {
      const m = /^([0-9a-f]+)-([0-9a-f]+) r/.exec(line);
      if (!m || line.endsWith('[vvar]') || line.endsWith('[vsyscall]')) continue;
      const start = BigInt(`0x${m[1]}`);
      const length = Number(BigInt(`0x${m[2]}`) - start);
      const region = Buffer.alloc(length);
      try {
        readSync(fd, region, 0, length, start);
      } catch {
        continue; // a region the kernel will not read (e.g. a guard page)
      }
      for (let at = region.indexOf(needle); at !== -1; at = region.indexOf(needle, at + 1)) count += 1;
    }
  } finally {
    closeSync(fd);
  }
  return count;
}

test('the key a worker never closed is freed, and its material wiped, when the worker exits', async () => {
  // The child holds the key only as Base64 text; the exponent's raw bytes exist only inside the library's key.
  const key = VECTORS.keys[presign.key].private_pkcs8_der_base64;
  const child = spawn(process.execPath, ['-e', `
    const { Worker } = require('node:worker_threads');
    const worker = new Worker(${JSON.stringify(`
      const { workerData } = require('node:worker_threads');
      const ydrz = require(${JSON.stringify(INDEX)});
      const kept = new ydrz.PrivateKey(workerData.key);
      ydrz.presignSign(kept, workerData.text);
      globalThis.kept = kept; // never closed, never collected: the worker just exits
    `)}, { eval: true, workerData: ${JSON.stringify({ key, text: presign.string_to_sign })} });
    worker.on('exit', (code) => { console.log('exited', code); process.stdin.resume(); });
  `], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const [line] = await once(child.stdout, 'data');
    assert.equal(line.toString().trim(), 'exited 0');
    assert.equal(occurrences(child.pid, exponentInMemory(key)), 0, 'the private exponent is still in memory');
  } finally {
    child.stdin.end();
    await once(child, 'exit');
  }
});
