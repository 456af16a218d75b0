'use strict';
/**
 * Exchanges (ydrz_exchange): a validation whose request the library builds and whose answer it reads, while
 * the bytes travel over any HTTP stack (the validation Promises' own is transport.cjs).
 */
const { lib } = require('./native.cjs');
const { STR, integer, call, NativeHandle } = require('./ffi.cjs');
const { Status, YdrzError } = require('./errors.cjs');

/** The most response body bytes the library reads (a longer body is YDRZ_E_PROTOCOL). */
const MAX_BODY = 1024 * 1024;

/** Statuses with which ydrz_exchange_finish leaves the exchange as it was (a NULL or out-of-range argument). */
const UNCHANGED = new Set([Status.E_NULL_ARG, Status.E_INVALID_ARG]);

/** The message of what finish() throws for an answer only the external signer's key can read. */
const DECRYPTION_PENDING = "the answer waits for the external signer's decryption: pending(), provide(), then result()";

/** The bytes of a response body given to finish(): Buffer / Uint8Array / ArrayBuffer, a string (UTF-8) or
 * null / undefined (empty). */
function bodyBytes(body) {
  if (body === null || body === undefined) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError(`body must be a Buffer, Uint8Array, ArrayBuffer, string or null, not ${typeof body}`);
}

/** The bytes a signer resolved to: a Buffer / Uint8Array or an ArrayBuffer (WebCrypto's). */
function signerBytes(value, what) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new TypeError(`${what} must resolve to a Buffer, Uint8Array or ArrayBuffer, not ${typeof value}`);
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
   * while an external signer ("signer": "external") must sign those bytes, { step: 'send' } once the request is
   * ready, { step: 'decrypt', algorithm: 'RSA/ECB/PKCS1Padding', block_bytes, input_base64 } after a finish()
   * that threw DECRYPTION_PENDING (decrypt each block with the private key and provide() the joined plaintext), and
   * { step: 'done' } once finished. */
  pending() {
    return JSON.parse(this.invoke(lib().ydrz_exchange_pending, STR)[0]);
  }

  /** Hands over the Base64 raw signature of the pending step's input, verified against the configured
   * public_key before anything is sent (another key or the other algorithm throws YDRZ_E_SIGNATURE saying
   * which; the exchange keeps waiting), or for a decrypt step the Base64 plaintext (YDRZ_E_CRYPTO unless it is
   * the phone number; the exchange keeps waiting). */
  provide(outputBase64) {
    if (typeof outputBase64 !== 'string') throw new TypeError('outputBase64 must be a string');
    this.invoke(lib().ydrz_exchange_provide, outputBase64);
    if (this.#request === undefined) this.#readRequest();
  }

  /**
   * Answers what the exchange waits for with `signer` (see Client): the signature of a 'sign' step (before the
   * request exists), made by `await signer.sign(algorithm, data, { signal })` over the exact bytes `data` (a
   * Buffer), or the decryption of a 'decrypt' step (after finish() threw DECRYPTION_PENDING; result() then gives
   * the login), `await signer.decrypt(block, { signal })` of each RSA block joined; either is handed to
   * provide(). Does nothing when the exchange waits for neither. A rejection of the signer propagates, a
   * signature the library refuses throws YDRZ_E_SIGNATURE, a plaintext that is not the phone number
   * YDRZ_E_CRYPTO, and an abort of `signal` during the signer's call throws its reason; in each case the
   * exchange keeps waiting. A sign step that fails sends nothing, and closing the exchange then releases its
   * token. A missing signer throws YDRZ_E_INVALID_ARG when a step is due.
   */
  async provideWith(signer, { signal } = {}) {
    const step = this.pending();
    if (step.step !== 'sign' && step.step !== 'decrypt') return;
    if (typeof signer?.[step.step] !== 'function') {
      throw new YdrzError(Status.E_INVALID_ARG, 'YDRZ_E_INVALID_ARG', null,
        `the client's configuration has "signer": "external": give the Client a signer with ${step.step}() (new Client(config, { signer }))`);
    }
    const input = Buffer.from(step.input_base64, 'base64');
    let output;
    if (step.step === 'sign') {
      output = signerBytes(await signer.sign(step.algorithm, input, { signal }), 'signer.sign()');
    } else {
      const blocks = [];
      for (let start = 0; start < input.length; start += step.block_bytes) {
        blocks.push(signerBytes(await signer.decrypt(input.subarray(start, start + step.block_bytes), { signal }), 'signer.decrypt()'));
      }
      output = Buffer.concat(blocks);
    }
    signal?.throwIfAborted();
    this.provide(Buffer.from(output).toString('base64'));
  }

  /** Reads the answer (`status` 100-599, the whole `body`): { phone, details } or { matched, details }. Frees
   * the exchange unless the arguments were refused (a status outside 100-599), which leaves it unchanged.
   * An answer encrypted for the external signer's key (App login in RSA mode without msisdn_private_key)
   * throws YDRZ_E_INVALID_ARG with the message DECRYPTION_PENDING and keeps the exchange: pending() asks for
   * the decryption, provide() takes it, result() gives the login. */
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
    if (json === null) throw new YdrzError(Status.E_INVALID_ARG, 'YDRZ_E_INVALID_ARG', null, DECRYPTION_PENDING);
    this.close();
    return this.#read(json);
  }

  /** The result once the decryption asked for after finish() was provided; frees the exchange. Throws
   * YDRZ_E_INVALID_ARG before that. */
  result() {
    const [json] = this.invoke(lib().ydrz_exchange_result, STR);
    this.close();
    return this.#read(json);
  }

  #read(json) {
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

module.exports = { Exchange, beginOn, MAX_BODY, DECRYPTION_PENDING };
