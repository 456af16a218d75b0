'use strict';
/**
 * Exchanges (ydrz_exchange): a validation whose request the library builds and whose answer it reads, while
 * the bytes travel over any HTTP stack; and sendWithFetch(), which moves them with Node's built-in fetch on
 * the event loop.
 */
const { lib } = require('./native.cjs');
const { STR, integer, call, NativeHandle } = require('./ffi.cjs');
const { Status, YdrzError } = require('./errors.cjs');

/** The most response body bytes the library reads (a longer body is YDRZ_E_PROTOCOL). */
const MAX_BODY = 1024 * 1024;

/** Statuses with which ydrz_exchange_finish leaves the exchange as it was (a NULL or out-of-range argument). */
const UNCHANGED = new Set([Status.E_NULL_ARG, Status.E_INVALID_ARG]);

/** The bytes of a response body given to finish(): Buffer / Uint8Array / ArrayBuffer, a string (UTF-8) or
 * null / undefined (empty). */
function bodyBytes(body) {
  if (body === null || body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError(`body must be a Buffer, Uint8Array, ArrayBuffer, string or null, not ${typeof body}`);
}

/**
 * One begun validation: its token is reserved in the client's ledger. `request` is what to send
 * ({ method, url, headers: [[name, value], ...], body, timeout_ms }); send it with any HTTP library (every
 * header in order, the body byte for byte, within timeout_ms, never following a redirect, at most 1 MiB read),
 * then call exactly one of:
 * - finish(status, body) when an answer arrived (any HTTP status): returns the validation's result or throws
 *   its YdrzError; the token stays reserved;
 * - notSent() when the request provably never left (connection refused, DNS or TLS handshake failure): the
 *   token is released and may be used again;
 * - close() in every other case (timeout, reset, cancellation after connecting, giving up): the token stays
 *   reserved, since it may have reached the platform.
 * finish() and notSent() free the exchange; close() is idempotent, and an exchange dropped without any of them
 * is freed when garbage-collected (keeping its token). Not for concurrent use from several places at once.
 */
class Exchange extends NativeHandle {
  #request;
  #shape;

  /** `pointer` is a fresh ydrz_exchange; `shape` is 'phone' (logins) or 'matched' (verifications). */
  constructor(pointer, shape) {
    super(pointer, lib().ydrz_exchange_free);
    this.#shape = shape;
    if (this.pending().step === 'send') this.#readRequest();
  }

  #readRequest() {
    this.#request = Object.freeze(JSON.parse(this.invoke(lib().ydrz_exchange_request, STR)[0]));
  }

  /** The request to send: { method, url, headers: [[name, value], ...], body, timeout_ms }; the same at any
   * time once complete. Throws YDRZ_E_INVALID_ARG while the exchange waits for an external signer's
   * signature (pending()). */
  get request() {
    if (this.#request === undefined) this.#readRequest();
    return this.#request;
  }

  /** What the exchange waits for: { step: 'sign', algorithm: 'SHA256withRSA' | 'MD5withRSA', input_base64 }
   * while an external signer ("signer": "external") must sign those bytes, else { step: 'send' }. */
  pending() {
    return JSON.parse(this.invoke(lib().ydrz_exchange_pending, STR)[0]);
  }

  /** Hands over the Base64 raw signature of the pending step's input, verified against the configured
   * public_key before anything is sent (another key or the other algorithm throws YDRZ_E_SIGNATURE saying
   * which; the exchange keeps waiting). */
  provide(outputBase64) {
    if (typeof outputBase64 !== 'string') throw new TypeError('outputBase64 must be a string');
    this.invoke(lib().ydrz_exchange_provide, outputBase64);
    this.#readRequest();
  }

  /** Reads the answer (`status` 100-599, the whole `body`): { phone, details } or { matched, details }. Frees
   * the exchange unless the arguments were refused (a status outside 100-599), which leaves it unchanged. */
  finish(status, body) {
    const bytes = bodyBytes(body);
    const code = integer(status, 'status');
    let json;
    try {
      [json] = this.invoke(lib().ydrz_exchange_finish, code, bytes.length ? bytes : null, bytes.length, STR);
    } catch (e) {
      if (!(e instanceof YdrzError && UNCHANGED.has(e.status))) this.close();
      throw e;
    }
    this.close();
    const result = JSON.parse(json);
    return this.#shape === 'phone'
      ? { phone: result.phone, details: result.details }
      : { matched: result.matched === true, details: result.details };
  }

  /** Declares that the request never left: the token is released. Frees the exchange. */
  notSent() {
    const pointer = this.borrow();
    let status;
    try {
      status = lib().ydrz_exchange_not_sent(pointer);
    } finally {
      this.release();
      this.close();
    }
    if (status !== Status.OK) {
      throw new YdrzError(status, lib().ydrz_status_name(status), null, 'the exchange was already finished or declared unsent');
    }
  }
}

/** Begins an exchange: `begin(client, ...args, &out, &err)` on the borrowed `client` handle. */
function beginOn(client, begin, shape, ...args) {
  const pointer = client.borrow();
  try {
    const out = [null];
    call(begin, pointer, ...args, out);
    return new Exchange(out[0], shape);
  } finally {
    client.release();
  }
}

/** Error codes (of a fetch failure's cause) that arise before any byte of the request was written. */
const NEVER_LEFT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The innermost cause of a fetch failure (undici wraps system errors in TypeError('fetch failed')). */
function rootCause(error) {
  let e = error;
  while (e && e.cause && typeof e.cause === 'object') e = e.cause;
  return e;
}

/** Whether a failed fetch provably wrote nothing (so the token may be released). */
function neverLeft(error) {
  const cause = error?.cause;
  if (!cause) return false;
  // fetch's own refusal of a blocked port (https://fetch.spec.whatwg.org/#bad-port), before connecting
  if (cause.message === 'bad port') return true;
  const code = cause.code ?? rootCause(error)?.code;
  if (NEVER_LEFT.has(code)) return true;
  return Array.isArray(cause.errors) && cause.errors.length > 0 && cause.errors.every((e) => NEVER_LEFT.has(e?.code));
}

/** A signal aborted when any of `signals` is (AbortSignal.any where Node has it, Node 20.3 and newer). */
function anySignal(signals) {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const s of signals) {
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    s.addEventListener('abort', () => controller.abort(s.reason), { once: true });
  }
  return controller.signal;
}

/** The rejection for a transport failure: the caller's abort reason, YDRZ_E_TIMEOUT, or YDRZ_E_NETWORK. */
function transportError(error, timeout, callerSignal, timeoutMs) {
  if (callerSignal?.aborted && !timeout.aborted) return callerSignal.reason;
  if (timeout.aborted) {
    return new YdrzError(Status.E_TIMEOUT, 'YDRZ_E_TIMEOUT', null, `no complete answer within ${timeoutMs} ms`);
  }
  const cause = rootCause(error);
  const what = cause?.code ? `${cause.code}${cause.message ? ` (${cause.message})` : ''}` : String(cause?.message ?? error);
  return new YdrzError(Status.E_NETWORK, 'YDRZ_E_NETWORK', null, `the request failed: ${what}`);
}

/** The response body, at most `limit` bytes (the rest is not read). */
async function readCapped(response, limit) {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
    if (total >= limit) {
      await reader.cancel().catch(() => {});
      break;
    }
  }
  return Buffer.concat(chunks, Math.min(total, limit));
}

/**
 * Sends `exchange` with the built-in fetch on the event loop and resolves to finish()'s result. No redirect is
 * followed (a 3xx goes to finish as it is); the whole request, body included, must end within the request's
 * timeout_ms, or as soon as the optional `signal` aborts (which rejects with its reason); at most 1 MiB + 1
 * bytes are read. A failure before the request left releases the token (notSent); any later failure keeps it.
 * The exchange is freed in every case.
 */
async function sendWithFetch(exchange, signal) {
  try {
    const { method, url, headers, body, timeout_ms: timeoutMs } = exchange.request;
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? anySignal([timeout, signal]) : timeout;
    let response;
    let answer;
    try {
      response = await fetch(url, { method, headers, body, redirect: 'manual', signal: combined });
    } catch (e) {
      if (neverLeft(e)) exchange.notSent();
      throw transportError(e, timeout, signal, timeoutMs);
    }
    try {
      answer = await readCapped(response, MAX_BODY + 1);
    } catch (e) {
      throw transportError(e, timeout, signal, timeoutMs);
    }
    return exchange.finish(response.status, answer);
  } finally {
    exchange.close();
  }
}

module.exports = { Exchange, beginOn, sendWithFetch, MAX_BODY };
