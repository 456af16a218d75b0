'use strict';
/**
 * The validation Promises' HTTP: node:http / node:https on the event loop (no thread), with the client's
 * configuration applied as the library's own HTTP client applies it (src/client/transport.rs): one Agent per
 * client reusing connections unless `keep_alive` is false, `connect_timeout_ms` for the connection stage (DNS,
 * TCP, the proxy tunnel, the whole TLS handshake), `timeout_ms` for the whole request, TLS always verified
 * against Mozilla's roots (tls.rootCertificates) plus the optional `ca_cert_pem`, an optional HTTP CONNECT
 * `proxy` (http:// or https://, credentials in the URL), no redirect followed, at most 1 MiB read, and up to
 * `retries` new attempts after failures of the connection stage only (nothing was sent).
 */
const http = require('node:http');
const https = require('node:https');
const tls = require('node:tls');
const { Status, YdrzError } = require('./errors.cjs');
const { MAX_BODY } = require('./exchange.cjs');

/** The configuration object of a Client's constructor argument (an object or JSON text the library accepted). */
function configObject(config) {
  if (typeof config === 'string' || config instanceof Uint8Array) return JSON.parse(Buffer.from(config).toString('utf8'));
  return config;
}

/** A transport failure with its status (YDRZ_E_NETWORK or YDRZ_E_TIMEOUT). */
function transportError(status, message) {
  const name = status === Status.E_TIMEOUT ? 'YDRZ_E_TIMEOUT' : 'YDRZ_E_NETWORK';
  return new YdrzError(status, name, null, message);
}

/** A failure of the connection stage: nothing of the request was written. `rejection` is what the
 * validation rejects with (a YdrzError, or the caller's abort reason). */
class ConnectFailure extends Error {
  constructor(rejection) {
    super(rejection?.message ?? String(rejection));
    this.rejection = rejection;
  }
}

/** A connection-stage failure: YDRZ_E_NETWORK (or `status`) with `message`. */
const connectFailure = (message, status = Status.E_NETWORK) => new ConnectFailure(transportError(status, message));

/** The CONNECT tunnel through `proxy` (a URL) to options.host:options.port, given to `callback(err, socket)`;
 * `secure` wraps the tunnel in TLS verified against `ca` for options.servername or options.host. The CONNECT
 * request is given up after `timeoutMs` (the connect timeout, which the request's own timer also enforces). */
function tunnel(proxy, ca, secure, timeoutMs, options, callback) {
  const target = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
  const headers = { host: target };
  if (proxy.username || proxy.password) {
    const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
    headers['proxy-authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  const viaTls = proxy.protocol === 'https:';
  const request = (viaTls ? https : http).request({
    host: proxy.hostname.replace(/^\[|\]$/g, ''),
    port: proxy.port || (viaTls ? 443 : 80),
    method: 'CONNECT',
    path: target,
    headers,
    agent: false,
    ...(viaTls ? { ca } : {}),
  });
  let done = false;
  const finish = (err, socket) => {
    if (!done) {
      done = true;
      callback(err, socket);
    }
  };
  request.once('connect', (response, socket) => {
    if (response.statusCode !== 200) {
      socket.destroy();
      finish(connectFailure(`the proxy refused the tunnel: HTTP ${response.statusCode}`));
      return;
    }
    finish(null, secure ? tls.connect({ socket, ca, servername: options.servername || options.host }) : socket);
  });
  request.on('error', (e) => finish(connectFailure(`cannot connect through the proxy: ${describe(e)}`)));
  request.setTimeout(timeoutMs, () => request.destroy(new Error(`no tunnel within ${timeoutMs} ms`)));
  request.end();
  return request;
}

/** The HTTP transport of one client, built from its configuration (see the module doc). */
class Transport {
  #agents;
  #connectTimeoutMs;
  #retries;

  constructor(config) {
    const c = configObject(config);
    this.#connectTimeoutMs = Number(c.connect_timeout_ms ?? 5000);
    this.#retries = Number(c.retries ?? 0);
    const keepAlive = c.keep_alive !== false;
    const ca = c.ca_cert_pem ? [...tls.rootCertificates, c.ca_cert_pem] : undefined;
    const proxy = c.proxy ? new URL(c.proxy) : null;
    const agent = (Kind, secure) => {
      const a = new Kind({ keepAlive, ca, maxSockets: Infinity, ...(keepAlive ? {} : { maxFreeSockets: 0 }) });
      if (proxy) {
        a.createConnection = (options, callback) => void tunnel(proxy, ca, secure, this.#connectTimeoutMs, options, callback);
      }
      return a;
    };
    this.#agents = { 'http:': agent(http.Agent, false), 'https:': agent(https.Agent, true) };
  }

  /** Closes the idle connections; requests in progress run to their end, and their connections then close. */
  close() {
    for (const a of Object.values(this.#agents)) {
      a.keepAlive = false;
      for (const sockets of Object.values(a.freeSockets)) for (const s of sockets) s.destroy();
    }
  }

  /**
   * Sends `exchange` and resolves to what `finish(status, body)` resolves to (by default exchange.finish()'s
   * result). A failure of the connection stage is retried (same request, nothing was sent) up to `retries`
   * times, then releases the token (notSent); any later failure keeps it. `signal` aborts (rejecting with its
   * reason). The exchange is freed in every case.
   */
  async send(exchange, signal, finish = (status, body) => exchange.finish(status, body)) {
    try {
      const request = exchange.request;
      const deadline = Date.now() + request.timeout_ms;
      for (let attempt = 0; ; attempt++) {
        try {
          const [status, body] = await this.#once(request, deadline, signal);
          return await finish(status, body);
        } catch (e) {
          if (!(e instanceof ConnectFailure)) throw e;
          if (attempt < this.#retries && Date.now() < deadline && !signal?.aborted) continue;
          exchange.notSent();
          throw e.rejection;
        }
      }
    } finally {
      exchange.close();
    }
  }

  /** One attempt: resolves to [status, body], or rejects with the validation's rejection, wrapped in a
   * ConnectFailure when the connection was not ready for the request (nothing was written). */
  #once({ method, url, headers, body, timeout_ms: timeoutMs }, deadline, signal) {
    return new Promise((resolve, reject) => {
      signal?.throwIfAborted();
      const target = new URL(url);
      const payload = Buffer.from(body, 'utf8');
      const has = (name) => headers.some(([n]) => n.toLowerCase() === name);
      const request = (target.protocol === 'https:' ? https : http).request(target, {
        method,
        agent: this.#agents[target.protocol],
        // node:http adds neither Host nor Content-Length to headers given as a list (and would chunk the body)
        headers: [...(has('host') ? [] : ['Host', target.host]), ...headers.flat(),
          ...(has('content-length') ? [] : ['Content-Length', String(payload.length)])],
      });
      let connected = false;
      const timers = [];
      const settle = () => {
        for (const t of timers) clearTimeout(t);
        signal?.removeEventListener('abort', onAbort);
      };
      const fail = (error) => {
        settle();
        request.destroy();
        reject(connected || error instanceof ConnectFailure ? error : new ConnectFailure(error));
      };
      const onAbort = () => fail(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      timers.push(setTimeout(() => fail(transportError(Status.E_TIMEOUT, `no complete answer within ${timeoutMs} ms`)),
        Math.max(0, deadline - Date.now())));
      timers.push(setTimeout(() => connected || fail(connectFailure(
        `connect timeout: the platform did not accept a connection within ${this.#connectTimeoutMs} ms`, Status.E_TIMEOUT)),
      this.#connectTimeoutMs));
      const ready = () => {
        connected = true;
      };
      request.once('socket', (socket) => {
        if (request.reusedSocket) ready();
        else if (socket instanceof tls.TLSSocket) socket.once('secureConnect', ready);
        else if (socket.connecting) socket.once('connect', ready);
        else ready();
      });
      request.on('error', (e) => {
        if (e instanceof ConnectFailure) fail(e);
        else if (!connected) fail(transportError(Status.E_NETWORK, `cannot connect to the platform: ${describe(e)}`));
        else fail(transportError(Status.E_NETWORK, `the request failed: ${describe(e)}`));
      });
      request.once('response', (response) => {
        const chunks = [];
        let total = 0;
        const done = () => {
          settle();
          resolve([response.statusCode, Buffer.concat(chunks, total)]);
        };
        response.on('data', (chunk) => {
          chunks.push(chunk);
          total += chunk.length;
          if (total > MAX_BODY) {
            response.destroy();
            done();
          }
        });
        response.once('end', done);
        response.on('error', (e) => fail(transportError(Status.E_NETWORK, `the answer broke off: ${describe(e)}`)));
      });
      request.end(payload);
    });
  }
}

function describe(e) {
  return e.code ? `${e.code}${e.message ? ` (${e.message})` : ''}` : String(e.message ?? e);
}

module.exports = { Transport };
