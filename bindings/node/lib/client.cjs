'use strict';
/** The platform client: token validation and number verification against cmpassport (or the sandbox). */
const { lib } = require('./native.cjs');
const { STR, I32, text, call, options, create, NativeHandle } = require('./ffi.cjs');

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
 * The validation methods return Promises and run the blocking request on libuv's thread pool (at most
 * UV_THREADPOOL_SIZE - 1 at once, the rest queued), so a slow platform never blocks the event loop. Each token is sent at most once per client: a second call with it
 * rejects with YDRZ_E_TOKEN_REUSED without a request. close() frees the client once running calls end.
 */
class Client extends NativeHandle {
  constructor(config) {
    const json = typeof config === 'string' || config instanceof Uint8Array ? config : JSON.stringify(config);
    if (json === undefined) throw new TypeError('config must be an object or JSON text');
    const f = lib();
    super(create(f.ydrz_client_new, text(json, 'config')), f.ydrz_client_free);
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
