// Worker threads that use the library and exit. A worker that loaded it while the main thread never did makes
// koffi close it with the worker: the process must survive the exit of the threads that used it (the library is
// linked NODELETE: AWS-LC's per-thread destructor must stay mapped). Each case runs in a fresh node.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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

