'use strict';
/** The platform client: token validation and number verification against cmpassport (or the sandbox). */
const { lib } = require('./native.cjs');
const { STR, I32, text, call, options, create, NativeHandle } = require('./ffi.cjs');
const { beginOn, sendWithFetch } = require('./exchange.cjs');

/** Configuration keys the built-in fetch cannot honour: with any of them set, the validation Promises send
 * through the library's own HTTP client on libuv's thread pool instead. */
const THREAD_POOL_KEYS = ['proxy', 'ca_cert_pem'];

/** Whether `config` (the constructor's argument, already accepted by the library) needs the library's own
 * HTTP client: a proxy, an extra CA, or connection-stage retries. */
function needsLibraryHttp(config) {
  let object = config;
  if (typeof config === 'string' || config instanceof Uint8Array) {
    try {
      object = JSON.parse(Buffer.from(config).toString('utf8'));
    } catch {
      return true;
    }
  }
  if (object === null || typeof object !== 'object') return true;
  return THREAD_POOL_KEYS.some((k) => object[k] != null && object[k] !== '') || Number(object.retries) > 0;
}

/** `138****8000` for an 11-digit number, `****` for anything else (neither the number nor its length shows):
 * the form to log instead of the full number (ydrz_mask_phone). */
function maskPhone(phone) {
  const [masked] = call(lib().ydrz_mask_phone, text(phone, 'phone'), STR);
  return masked;
}

/**
 * A platform client: configuration, keys (parsed once), one HTTP agent with keep-alive, and the ledger of
 * tokens already sent. `config` is the JSON configuration of ydrz_client_new as an object or JSON text:
 * appId-style keys are the library's own (app_id, app_key, private_key, platform_public_key, base_url,
 * timeout_ms, ...; see the repository README). An unknown key throws YDRZ_E_INVALID_ARG naming it.
 *
 * The validation methods return Promises. They send the library's request with Node's built-in fetch on the
 * event loop (no thread, no redirect followed, timeout_ms for the whole request, at most 1 MiB read; an
 * optional `signal` aborts them). When the configuration sets `proxy`, `ca_cert_pem` or `retries`, which fetch
 * cannot honour, they run the library's blocking call on libuv's thread pool instead (at most
 * UV_THREADPOOL_SIZE - 1 at once, the rest queued; `signal` is then checked only before the call).
 * The *Begin methods return an Exchange to send with any HTTP library (see exchange.cjs).
 * Each token is sent at most once per client: a second call with it rejects with YDRZ_E_TOKEN_REUSED without
 * a request. close() frees the client once running calls end (begun exchanges stay valid).
 */
class Client extends NativeHandle {
  constructor(config) {
    // null is NULL (YDRZ_E_NULL_ARG, as in every binding), not the JSON text "null".
    const passed = config === null || typeof config === 'string' || config instanceof Uint8Array;
    const json = passed ? config : JSON.stringify(config);
    if (json === undefined) throw new TypeError('config must be an object or JSON text');
    const f = lib();
    super(create(f.ydrz_client_new, text(json, 'config')), f.ydrz_client_free);
    this.#libraryHttp = needsLibraryHttp(config);
  }

  /** Whether the validation Promises use the library's own HTTP client (see the class doc). */
  #libraryHttp;

  /** Whether the validation Promises send with the library's HTTP client on the thread pool ('thread-pool')
   * or with the built-in fetch on the event loop ('fetch'). */
  get transport() {
    return this.#libraryHttp ? 'thread-pool' : 'fetch';
  }

  /** Begins a one-click login (mini-program / H5): reserves the token and returns its Exchange. */
  onekeyBegin(opts) {
    const o = options(opts, 'onekeyBegin');
    return beginOn(this, lib().ydrz_client_onekey_begin, 'phone', text(o.token, 'token'),
      text(o.userInformation, 'userInformation'), text(o.expandParams, 'expandParams'));
  }

  /** Begins a number verification (mini-program / H5): the phone is encrypted and the request signed here. */
  numberVerifyBegin(opts) {
    const o = options(opts, 'numberVerifyBegin');
    return beginOn(this, lib().ydrz_client_number_verify_begin, 'matched', text(o.token, 'token'),
      text(o.userInformation, 'userInformation'), text(o.phone, 'phone'), text(o.expandParams, 'expandParams'));
  }

  /** Begins an App one-click login (loginTokenValidate). */
  appLoginBegin(opts) {
    const o = options(opts, 'appLoginBegin');
    return beginOn(this, lib().ydrz_client_app_login_begin, 'phone', text(o.token, 'token'), text(o.expandParams, 'expandParams'));
  }

  /** Begins an App number verification (/openapi/rs/tokenValidate). */
  appNumberBegin(opts) {
    const o = options(opts, 'appNumberBegin');
    return beginOn(this, lib().ydrz_client_app_number_begin, 'matched', text(o.token, 'token'), text(o.phone, 'phone'),
      text(o.expandParams, 'expandParams'));
  }

  /** The fetch transport: begins with `begin` (a *Begin method) unless `signal` already aborted, then sends. */
  async #fetched(begin, o) {
    o.signal?.throwIfAborted();
    return sendWithFetch(begin.call(this, o), o.signal);
  }

  /** Parameters for the mini-program's YDRZ.getTokenInfo (appId, traceId, msgId, timestamp, version,
   * businessType, sign) with a fresh traceId and the current UTC+8 timestamp. Needs app_key. */
  jssdkParams() {
    return JSON.parse(this.invoke(lib().ydrz_client_jssdk_params, STR)[0]);
  }

  /** Signs the number-verification jssdk preSign in the configured `presign` style. Needs private_key. */
  presignSign(presign) {
    return this.invoke(lib().ydrz_client_presign_sign, text(presign, 'presign'), STR)[0];
  }

  /** One-click login (mini-program / H5): resolves to { phone, details }. `userInformation` is passed exactly
   * as the jssdk returned it. A non-success code rejects with YDRZ_E_PLATFORM and its platformCode. */
  async onekeyValidate(opts) {
    const o = options(opts, 'onekeyValidate');
    if (!this.#libraryHttp) return this.#fetched(this.onekeyBegin, o);
    o.signal?.throwIfAborted();
    const [phone, details] = await this.invokeAsync(
      lib().ydrz_client_onekey_validate,
      text(o.token, 'token'),
      text(o.userInformation, 'userInformation'),
      text(o.expandParams, 'expandParams'),
      STR,
      STR,
    );
    return { phone, details: JSON.parse(details) };
  }

  /** Number verification (mini-program / H5): resolves to { matched, details }; `phone` as the user typed it.
   * Needs app_key, private_key and platform_public_key. */
  async numberVerify(opts) {
    const o = options(opts, 'numberVerify');
    if (!this.#libraryHttp) return this.#fetched(this.numberVerifyBegin, o);
    o.signal?.throwIfAborted();
    const [matched, details] = await this.invokeAsync(
      lib().ydrz_client_number_verify,
      text(o.token, 'token'),
      text(o.userInformation, 'userInformation'),
      text(o.phone, 'phone'),
      text(o.expandParams, 'expandParams'),
      I32,
      STR,
    );
    return { matched: matched === 1, details: JSON.parse(details) };
  }

  /** App one-click login (loginTokenValidate): resolves to { phone, details }. */
  async appLoginValidate(opts) {
    const o = options(opts, 'appLoginValidate');
    if (!this.#libraryHttp) return this.#fetched(this.appLoginBegin, o);
    o.signal?.throwIfAborted();
    const [phone, details] = await this.invokeAsync(
      lib().ydrz_client_app_login_validate,
      text(o.token, 'token'),
      text(o.expandParams, 'expandParams'),
      STR,
      STR,
    );
    return { phone, details: JSON.parse(details) };
  }

  /** App number verification (/openapi/rs/tokenValidate): resolves to { matched, details }. */
  async appNumberVerify(opts) {
    const o = options(opts, 'appNumberVerify');
    if (!this.#libraryHttp) return this.#fetched(this.appNumberBegin, o);
    o.signal?.throwIfAborted();
    const [matched, details] = await this.invokeAsync(
      lib().ydrz_client_app_number_verify,
      text(o.token, 'token'),
      text(o.phone, 'phone'),
      text(o.expandParams, 'expandParams'),
      I32,
      STR,
    );
    return { matched: matched === 1, details: JSON.parse(details) };
  }
}

module.exports = { Client, maskPhone };
