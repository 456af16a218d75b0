// The validation Promises' transport (lib/transport.cjs) with the HTTP settings of the configuration, over real
// sockets: a TLS listener with a test CA (made with openssl) forwarding to the sandbox, a CONNECT proxy and a
// listener that never completes a TLS handshake, all on 127.0.0.1. Single use is checked with the sandbox's
// per-token counter.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect as netConnect, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { clientRunner, expectStatus, useSandbox } from './helpers.mjs';

const PHONE = '13800138000';
const env = useSandbox();
const withClient = clientRunner(env);

/** A test CA and a certificate for 127.0.0.1 it signed: { caPem, key, cert }. */
function testCertificates() {
  const dir = mkdtempSync(join(tmpdir(), 'ydrz-node-tls-'));
  const run = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  try {
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=ydrz test CA');
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
    run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem',
      '-days', '2', '-extfile', 'san.ext');
    return { caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'), key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Listens on 127.0.0.1 and resolves to { port, connections (counted), close }. */
async function listen(server) {
  const sockets = new Set();
  let connections = 0;
  server.on('connection', (s) => {
    connections += 1;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(resolve);
      }),
  };
}

/** A handler passing each request on to the sandbox and its answer back. */
function forwardToSandbox(req, res) {
  const base = new URL(env.sandbox.baseUrl);
  const out = httpRequest({ host: base.hostname, port: base.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode, answer.headers);
    answer.pipe(res);
  });
  req.pipe(out);
}

/** A CONNECT proxy on 127.0.0.1 that records the targets it was asked for and tunnels, or (`mode`) answers
 * 403 ('refuse') or never answers ('silent'). */
async function connectProxy(mode = 'tunnel') {
  const targets = [];
  const server = createServer((req, res) => res.writeHead(405).end());
  server.on('connect', (req, client) => {
    targets.push(req.url);
    if (mode === 'refuse') client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
    if (mode !== 'tunnel') return;
    const [host, port] = [req.url.slice(0, req.url.lastIndexOf(':')), Number(req.url.slice(req.url.lastIndexOf(':') + 1))];
    const upstream = netConnect(port, host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const listening = await listen(server);
  return { ...listening, url: `http://127.0.0.1:${listening.port}`, targets, close: listening.close };
}

let tlsServer;
let caPem;
before(async () => {
  const certs = testCertificates();
  caPem = certs.caPem;
  tlsServer = await listen(createHttpsServer({ key: certs.key, cert: certs.cert }, forwardToSandbox));
});
after(() => tlsServer?.close());

const tlsUrl = () => `https://127.0.0.1:${tlsServer.port}`;
const onekeyArgs = (t) => ({ token: t.token, userInformation: t.userInformation });

test('ca_cert_pem: a platform certified by the extra CA validates; without it the handshake fails and the token is released', async () => {
  const token = await env.sandbox.token('onekey', PHONE);
  await withClient({ base_url: tlsUrl() }, (client) =>
    expectStatus(() => client.onekeyValidate(onekeyArgs(token)), 'YDRZ_E_NETWORK', 'cannot connect'),
  );
  assert.equal((await env.sandbox.stats(token.token)).requests, 0);
  await withClient({ base_url: tlsUrl(), ca_cert_pem: caPem }, async (client) => {
    assert.equal((await client.onekeyValidate(onekeyArgs(token))).phone, PHONE);
    await expectStatus(() => client.onekeyValidate(onekeyArgs(token)), 'YDRZ_E_TOKEN_REUSED');
  });
  assert.equal((await env.sandbox.stats(token.token)).requests, 1);
});

test('keep_alive: one connection for consecutive validations, or one each when false', async () => {
  for (const [keepAlive, want] of [[true, 1], [false, 3]]) {
    const before = tlsServer.connections;
    await withClient({ base_url: tlsUrl(), ca_cert_pem: caPem, keep_alive: keepAlive }, async (client) => {
      for (let i = 0; i < 3; i++) {
        const token = await env.sandbox.token('onekey', PHONE);
        assert.equal((await client.onekeyValidate(onekeyArgs(token))).phone, PHONE);
      }
    });
    assert.equal(tlsServer.connections - before, want, `keep_alive ${keepAlive}`);
  }
});

test('connect_timeout_ms bounds the connection stage (a listener that never completes the TLS handshake); the token is released', async () => {
  const silent = await listen(createNetServer(() => {}));
  try {
    const token = await env.sandbox.token('onekey', PHONE);
    const config = { base_url: `https://127.0.0.1:${silent.port}`, connect_timeout_ms: 300, timeout_ms: 10000, retries: 2 };
    await withClient(config, async (client) => {
      const started = performance.now();
      await expectStatus(() => client.onekeyValidate(onekeyArgs(token)), 'YDRZ_E_TIMEOUT', 'connect timeout');
      const elapsed = performance.now() - started;
      assert.ok(elapsed >= 850 && elapsed < 3000, `three attempts of 300 ms took ${elapsed} ms`);
      assert.equal(silent.connections, 3, 'retries: 2 makes three attempts of the connection stage');
    });
    await withClient({}, async (client) => assert.equal((await client.onekeyValidate(onekeyArgs(token))).phone, PHONE));
  } finally {
    await silent.close();
  }
});

test('proxy: validations go through the CONNECT proxy, to a plain loopback platform and to a TLS one', async () => {
  const proxy = await connectProxy();
  try {
    const base = new URL(env.sandbox.baseUrl);
    for (const config of [{}, { base_url: tlsUrl(), ca_cert_pem: caPem }]) {
      const token = await env.sandbox.token('onekey', PHONE);
      await withClient({ ...config, proxy: proxy.url }, async (client) => {
        assert.equal((await client.onekeyValidate(onekeyArgs(token))).phone, PHONE);
      });
    }
    assert.deepEqual(proxy.targets, [`${base.hostname}:${base.port}`, `127.0.0.1:${tlsServer.port}`]);
  } finally {
    await proxy.close();
  }
});

test('proxy: a refused tunnel rejects with YDRZ_E_NETWORK and releases the token', async () => {
  const proxy = await connectProxy('refuse');
  try {
    const token = await env.sandbox.token('onekey', PHONE);
    await withClient({ proxy: proxy.url }, (client) =>
      expectStatus(() => client.onekeyValidate(onekeyArgs(token)), 'YDRZ_E_NETWORK', 'HTTP 403'),
    );
    assert.equal((await env.sandbox.stats(token.token)).requests, 0);
    await withClient({}, async (client) => assert.equal((await client.onekeyValidate(onekeyArgs(token))).phone, PHONE));
  } finally {
    await proxy.close();
  }
});

test('a proxy, an extra CA and retries keep the validations on the event loop: 30 at once against a 1 s platform', async () => {
  const proxy = await connectProxy();
  const COUNT = 30;
  try {
    const tokens = [];
    for (let i = 0; i < COUNT; i++) tokens.push(await env.sandbox.token('onekey', PHONE));
    await env.sandbox.control('/faults', { kind: 'delay', delay_ms: 1000, count: COUNT });
    await withClient({ base_url: tlsUrl(), ca_cert_pem: caPem, proxy: proxy.url, retries: 1 }, async (client) => {
      const started = performance.now();
      const results = await Promise.all(tokens.map((t) => client.onekeyValidate(onekeyArgs(t))));
      const elapsed = performance.now() - started;
      assert.deepEqual(results.map((r) => r.phone), Array(COUNT).fill(PHONE));
      // libuv's pool (4 threads, 3 for the binding) would need ceil(30 / 3) rounds of 1 s: 10 s.
      assert.ok(elapsed < 5000, `${COUNT} validations took ${elapsed} ms`);
    });
  } finally {
    await proxy.close();
  }
});

test('proxy: a tunnel that never opens ends at connect_timeout_ms and releases the token', async () => {
  const proxy = await connectProxy('silent');
  try {
    const token = await env.sandbox.token('onekey', PHONE);
    await withClient({ proxy: proxy.url, connect_timeout_ms: 300, timeout_ms: 10000 }, async (client) => {
      const started = performance.now();
      await expectStatus(() => client.onekeyValidate(onekeyArgs(token)), 'YDRZ_E_TIMEOUT', 'connect timeout');
      assert.ok(performance.now() - started < 2000);
    });
    assert.equal(proxy.targets.length, 1);
    await withClient({}, async (client) => assert.equal((await client.onekeyValidate(onekeyArgs(token))).phone, PHONE));
  } finally {
    await proxy.close();
  }
});
