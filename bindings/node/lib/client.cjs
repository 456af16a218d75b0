'use strict';
/** The platform client: token validation and number verification against cmpassport (or the sandbox). */
const { lib } = require('./native.cjs');
const { STR, STATUS_ONLY, text, call, options, create, NativeHandle } = require('./ffi.cjs');
const { beginOn, signerBytes, DECRYPTION_PENDING } = require('./exchange.cjs');
const { Status, YdrzError } = require('./errors.cjs');
const { Transport } = require('./transport.cjs');

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
 * The validation methods return Promises. They send the library's request with node:http / node:https on the
 * event loop, no thread, applying the whole HTTP configuration (connect_timeout_ms, timeout_ms, keep_alive,
 * ca_cert_pem, proxy, retries) as the library's own client does; no redirect is followed and at most 1 MiB is
 * read (see transport.cjs). An optional `signal` aborts them.
 * The *Begin methods return an Exchange to send with any HTTP library (see exchange.cjs).
 * Each token is sent at most once per client: a second call with it rejects with YDRZ_E_TOKEN_REUSED without
 * a request. close() frees the client and its idle connections (begun exchanges and sends in progress stay
 * valid).
 */
class Client extends NativeHandle {
  /** `options.signer` makes the customer key's operations for a configuration with "signer": "external" and
   * the key's "public_key" instead of "private_key" (an HSM, a cloud KMS): `sign(algorithm, data, { signal })`
   * returns (or resolves to) the raw RSASSA-PKCS1-v1_5 signature of the Buffer `data` with `algorithm`,
   * 'SHA256withRSA' or 'MD5withRSA' (`data` is the message itself, not a digest), which the library verifies
   * against public_key before anything is sent; `decrypt(block, { signal })` the plaintext of one
   * RSA/ECB/PKCS1Padding block (App login in RSA mode without app_login.msisdn_private_key). `signal` is the
   * validation's. The validation Promises call it; Exchange.provideWith does for one's own HTTP stack. */
  constructor(config, { signer = null } = {}) {
    // null is NULL (YDRZ_E_NULL_ARG, as in every binding), not the JSON text "null".
    const passed = config === null || typeof config === 'string' || config instanceof Uint8Array;
    const json = passed ? config : JSON.stringify(config);
    if (json === undefined) throw new TypeError('config must be an object or JSON text');
    const f = lib();
    super(create(f.ydrz_client_new, text(json, 'config')), f.ydrz_client_free);
    this.#transport = new Transport(config);
    this.#signer = signer;
  }

  /** The HTTP of the validation Promises. */
  #transport;

  /** The external signer of the validation Promises (null: none). */
  #signer;

  /** Frees the client (see the class doc) and closes its idle connections. Idempotent. */
  close() {
    this.#transport.close();
    super.close();
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

  /** Begins with `begin` (a *Begin method) unless `signal` already aborted, has the signer answer what the
   * exchange waits for, then sends on the event loop; an answer encrypted to the signer's key (App login in
   * RSA mode) is decrypted by the signer. */
  async #send(begin, o) {
    o.signal?.throwIfAborted();
    const exchange = begin.call(this, o);
    const signerOptions = { signal: o.signal };
    try {
      await exchange.provideWith(this.#signer, signerOptions);
    } catch (e) {
      exchange.close();
      throw e;
    }
    return this.#transport.send(exchange, o.signal, async (status, body) => {
      try {
        return exchange.finish(status, body);
      } catch (e) {
        if (!(e instanceof YdrzError && e.reason === DECRYPTION_PENDING)) throw e;
      }
      await exchange.provideWith(this.#signer, signerOptions);
      return exchange.result();
    });
  }

  /** Parameters for the mini-program's YDRZ.getTokenInfo (appId, traceId, msgId, timestamp, version,
   * businessType, sign) with a fresh traceId and the current UTC+8 timestamp. Needs app_key. */
  jssdkParams() {
    return JSON.parse(this.invoke(lib().ydrz_client_jssdk_params, STR)[0]);
  }

  /** Replaces the whole configuration (keys, secrets, URLs, timeouts) without a restart, atomically: calls
   * already running finish on the configuration they began with, and the ledger of sent tokens carries over.
   * Another app_id is refused (a different client); any error leaves the configuration in force
   * (ydrz_client_reconfigure). */
  reconfigure(config) {
    const json = typeof config === 'string' || config instanceof Uint8Array ? config : JSON.stringify(config);
    if (json === undefined) throw new TypeError('config must be an object or JSON text');
    this.invoke(lib().ydrz_client_reconfigure, text(json, 'config'));
    // Later validations send with the new transport settings; running ones finish on the old agents.
    const previous = this.#transport;
    this.#transport = new Transport(config);
    previous.close();
  }

  /** Per interface, counts by outcome and a latency histogram with fixed buckets (ydrz_client_stats). */
  stats() {
    return JSON.parse(this.invoke(lib().ydrz_client_stats, STR, STATUS_ONLY)[0]);
  }

  /** Signs the number-verification jssdk preSign in the configured `presign` style. Needs private_key. */
  presignSign(presign) {
    return this.invoke(lib().ydrz_client_presign_sign, text(presign, 'presign'), STR)[0];
  }
  /** For "signer": "external": the preSign signature the host must make, { step: 'sign', algorithm,
   * input_base64 } (the exact bytes of `presign`); hand the raw signature to presignAccept(). A client holding
   * its private_key throws YDRZ_E_INVALID_ARG (use presignSign). */
  presignStep(presign) {
    return JSON.parse(this.invoke(lib().ydrz_client_presign_step, text(presign, 'presign'), STR)[0]);
  }

  /** The preSign sign from the host's Base64 raw signature of presignStep()'s bytes: verified against
   * public_key (another key or algorithm throws YDRZ_E_SIGNATURE saying which), encoded as presignSign()
   * encodes it. */
  presignAccept(presign, signatureBase64) {
    if (typeof signatureBase64 !== 'string') throw new TypeError('signatureBase64 must be a string');
    return this.invoke(lib().ydrz_client_presign_accept, text(presign, 'presign'), signatureBase64, STR)[0];
  }

  /** presignSign() for "signer": "external": the client's signer (or `signer`) signs the preSign's bytes; the
   * signature is verified before the encoded sign is returned. */
  async presignSignWith(presign, { signer = this.#signer, signal } = {}) {
    const step = this.presignStep(presign);
    if (typeof signer?.sign !== 'function') {
      throw new YdrzError(Status.E_INVALID_ARG, 'YDRZ_E_INVALID_ARG', null,
        'presignSignWith needs a signer with sign() (new Client(config, { signer }))');
    }
    const input = Buffer.from(step.input_base64, 'base64');
    const signature = signerBytes(await signer.sign(step.algorithm, input, { signal }), 'signer.sign()');
    signal?.throwIfAborted();
    return this.presignAccept(presign, Buffer.from(signature).toString('base64'));
  }


  /** One-click login (mini-program / H5): resolves to { phone, details }. `userInformation` is passed exactly
   * as the jssdk returned it. A non-success code rejects with YDRZ_E_PLATFORM and its platformCode. */
  async onekeyValidate(opts) {
    return this.#send(this.onekeyBegin, options(opts, 'onekeyValidate'));
  }

  /** Number verification (mini-program / H5): resolves to { matched, details }; `phone` as the user typed it.
   * Needs app_key, private_key and platform_public_key. */
  async numberVerify(opts) {
    return this.#send(this.numberVerifyBegin, options(opts, 'numberVerify'));
  }

  /** App one-click login (loginTokenValidate): resolves to { phone, details }. */
  async appLoginValidate(opts) {
    return this.#send(this.appLoginBegin, options(opts, 'appLoginValidate'));
  }

  /** App number verification (/openapi/rs/tokenValidate): resolves to { matched, details }. */
  async appNumberVerify(opts) {
    return this.#send(this.appNumberBegin, options(opts, 'appNumberVerify'));
  }
}

module.exports = { Client, maskPhone };
