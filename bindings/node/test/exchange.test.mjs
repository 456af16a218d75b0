// Exchanges (begin / request / finish / notSent / close) and the event-loop transport of the validation Promises,
// against the sandbox process and, for what the sandbox cannot answer (a huge body, a redirect with a
// Location), a plain node:http server on 127.0.0.1. Single use is checked with the sandbox's per-token counter.
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import { test } from 'node:test';

import { clientRunner, expectStatus, useSandbox } from './helpers.mjs';

const PHONE = '13800138000';
const env = useSandbox();
const withClient = clientRunner(env);

/** Sends an exchange's request with node:http, as any other HTTP library would: resolves to [status, body]. */
function sendWithHttp({ method, url, headers, body }) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: Object.fromEntries(headers) }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve([res.statusCode, Buffer.concat(chunks)]));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A node:http server answering every request with `handler`; resolves to { url, hits, close }. */
async function serve(handler) {
  const hits = [];
  const server = createServer((req, res) => {
    hits.push(req.url);
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

test('begin, send with node:http, finish: the result and one request', async () => {
  const token = await env.sandbox.token('onekey', PHONE);
  await withClient({}, async (client) => {
    const ex = client.onekeyBegin({ token: token.token, userInformation: token.userInformation });
    const { request } = ex;
    assert.equal(request.method, 'POST');
    assert.ok(request.url.startsWith(env.sandbox.baseUrl), request.url);
    assert.ok(Array.isArray(request.headers) && request.headers.every((h) => h.length === 2));
    assert.equal(request.headers[0][0].toLowerCase(), 'content-type');
    assert.equal(JSON.parse(request.body).token, token.token);
    assert.ok(request.timeout_ms > 0);
    const [status, body] = await sendWithHttp(request);
    const result = ex.finish(status, body);
    assert.equal(result.phone, PHONE);
    assert.equal(result.details.resultCode, '103000');
    assert.ok(ex.closed, 'finish frees the exchange');
    expectStatus(() => ex.finish(status, body), 'YDRZ_E_NULL_ARG', 'closed');
    expectStatus(() => client.onekeyBegin({ token: token.token, userInformation: token.userInformation }), 'YDRZ_E_TOKEN_REUSED');
  });
  assert.equal((await env.sandbox.stats(token.token)).requests, 1);
});

test('the verification exchanges resolve to matched', async () => {
  await withClient({}, async (client) => {
    const nv = await env.sandbox.token('number_verify', PHONE);
    const ex1 = client.numberVerifyBegin({ token: nv.token, userInformation: nv.userInformation, phone: PHONE });
    assert.equal(ex1.finish(...(await sendWithHttp(ex1.request))).matched, true);
    const an = await env.sandbox.token('app_number', PHONE);
    const ex2 = client.appNumberBegin({ token: an.token, phone: '13900139000' });
    const verified = ex2.finish(...(await sendWithHttp(ex2.request)));
    assert.equal(verified.matched, false);
    assert.equal(typeof verified.details, 'object');
    const al = await env.sandbox.token('app_login', PHONE);
    const ex3 = client.appLoginBegin({ token: al.token });
    assert.equal(ex3.finish(...(await sendWithHttp(ex3.request))).phone, PHONE);
  });
});

test('notSent releases the token; close() without finish keeps it', async () => {
  const token = await env.sandbox.token('onekey', PHONE);
  const args = { token: token.token, userInformation: token.userInformation };
  await withClient({}, async (client) => {
    const first = client.onekeyBegin(args);
    expectStatus(() => client.onekeyBegin(args), 'YDRZ_E_TOKEN_REUSED');
    first.notSent();
    assert.ok(first.closed);
    const second = client.onekeyBegin(args);
    second.close();
    second.close();
    expectStatus(() => client.onekeyBegin(args), 'YDRZ_E_TOKEN_REUSED');
  });
  assert.equal((await env.sandbox.stats(token.token)).requests, 0);
});

test('finish with an out-of-range status leaves the exchange usable; a body over 1 MiB is a protocol error', async () => {
  const token = await env.sandbox.token('app_login', PHONE);
  await withClient({}, async (client) => {
    const ex = client.appLoginBegin({ token: token.token });
    expectStatus(() => ex.finish(99, '{}'), 'YDRZ_E_INVALID_ARG');
    assert.equal(ex.closed, false);
    assert.throws(() => ex.finish(200, 42), TypeError);
    expectStatus(() => ex.finish(200, Buffer.alloc(1024 * 1024 + 1, 0x20)), 'YDRZ_E_PROTOCOL');
    assert.ok(ex.closed);
  });
});

test('event-loop transport: nothing listening releases the token (no TOKEN_REUSED on retry)', async () => {
  const port = await closedPort();
  await withClient({ base_url: `http://127.0.0.1:${port}` }, async (client) => {
    const args = { token: 'token-refused', userInformation: 'info' };
    const e = await expectStatus(() => client.onekeyValidate(args), 'YDRZ_E_NETWORK', 'ECONNREFUSED');
    assert.ok(!e.message.includes('token-refused'));
    await expectStatus(() => client.onekeyValidate(args), 'YDRZ_E_NETWORK', 'ECONNREFUSED');
  });
});

test('event-loop transport: a timeout after sending keeps the token', async () => {
  await env.sandbox.control('/faults', { kind: 'delay', delay_ms: 1500, count: 1 });
  const token = await env.sandbox.token('onekey', PHONE);
  const args = { token: token.token, userInformation: token.userInformation };
  await withClient({ timeout_ms: 300 }, async (client) => {
    await expectStatus(() => client.onekeyValidate(args), 'YDRZ_E_TIMEOUT', '300 ms');
    await expectStatus(() => client.onekeyValidate(args), 'YDRZ_E_TOKEN_REUSED');
  });
  assert.equal((await env.sandbox.stats(token.token)).requests, 1);
});

test("event-loop transport: the caller's abort rejects with its reason and keeps the token", async () => {
  await env.sandbox.control('/faults', { kind: 'delay', delay_ms: 1500, count: 1 });
  const token = await env.sandbox.token('onekey', PHONE);
  const args = { token: token.token, userInformation: token.userInformation };
  await withClient({}, async (client) => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    setTimeout(() => controller.abort(reason), 150);
    await assert.rejects(() => client.onekeyValidate({ ...args, signal: controller.signal }), (e) => e === reason);
    await expectStatus(() => client.onekeyValidate(args), 'YDRZ_E_TOKEN_REUSED');
  });
  assert.equal((await env.sandbox.stats(token.token)).requests, 1);
});

test('event-loop transport: an already aborted signal neither reserves nor sends the token', async () => {
  const token = await env.sandbox.token('onekey', PHONE);
  const args = { token: token.token, userInformation: token.userInformation };
  await withClient({}, async (client) => {
    await assert.rejects(() => client.onekeyValidate({ ...args, signal: AbortSignal.abort() }), { name: 'AbortError' });
    assert.equal((await env.sandbox.stats(token.token)).requests, 0);
    assert.equal((await client.onekeyValidate(args)).phone, PHONE);
  });
});

test('event-loop transport: a redirect is passed to finish, never followed', async () => {
  const target = await serve((req, res) => res.end('{}'));
  const redirector = await serve((req, res) => {
    res.writeHead(302, { Location: `${target.url}/stolen` });
    res.end('moved');
  });
  try {
    await withClient({ base_url: redirector.url }, async (client) => {
      await expectStatus(() => client.appLoginValidate({ token: 'token-redirect' }), 'YDRZ_E_HTTP', '302');
      await expectStatus(() => client.appLoginValidate({ token: 'token-redirect' }), 'YDRZ_E_TOKEN_REUSED');
    });
    assert.equal(redirector.hits.length, 1);
    assert.deepEqual(target.hits, []);
  } finally {
    await Promise.all([target.close(), redirector.close()]);
  }
});

test('event-loop transport: a body over 1 MiB is not read to its end and rejects with YDRZ_E_PROTOCOL', async () => {
  let written = 0;
  const huge = await serve((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (written < 64 * 1024 * 1024) {
        written += chunk.length;
        if (!res.write(chunk)) return res.once('drain', pump);
      }
      return res.end();
    };
    pump();
  });
  try {
    await withClient({ base_url: huge.url }, (client) =>
      expectStatus(() => client.appLoginValidate({ token: 'token-huge' }), 'YDRZ_E_PROTOCOL'),
    );
    assert.ok(written < 64 * 1024 * 1024, `the server wrote ${written} bytes: the body was read to its end`);
  } finally {
    await huge.close();
  }
});

test('100 validations at once against a 200 ms platform run on the event loop', async () => {
  const { sandbox } = env;
  const COUNT = 100;
  const tokens = await Promise.all(Array.from({ length: COUNT }, () => sandbox.token('onekey', PHONE)));
  await sandbox.control('/faults', { kind: 'delay', delay_ms: 200, count: COUNT });
  await withClient({}, async (client) => {
    const started = performance.now();
    const results = await Promise.all(tokens.map((t) => client.onekeyValidate({ token: t.token, userInformation: t.userInformation })));
    const elapsed = performance.now() - started;
    assert.deepEqual(results.map((r) => r.phone), Array(COUNT).fill(PHONE));
    console.log(`# ${COUNT} validations with a 200 ms delay: ${elapsed.toFixed(0)} ms, ${(COUNT / (elapsed / 1000)).toFixed(0)}/s`);
    assert.ok(elapsed < 3000, `took ${elapsed} ms`);
  });
});
