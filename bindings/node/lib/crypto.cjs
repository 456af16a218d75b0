'use strict';
/**
 * Signatures, encryption and decryption exactly as the platform expects them. Synchronous (pure
 * computation); key handles may be shared. Options objects name the fields in camelCase; a missing required
 * field is NULL to the library (YDRZ_E_NULL_ARG), an empty or malformed one YDRZ_E_INVALID_ARG.
 */
const { lib } = require('./native.cjs');
const { Status } = require('./errors.cjs');
const { STR, text, integer, options, call, callOn } = require('./ffi.cjs');
const { PrivateKey, PublicKey } = require('./keys.cjs');

/** Text encoding of a signature or ciphertext (YDRZ_ENCODING_*). */
const Encoding = Object.freeze({ HEX_UPPER: 1, HEX_LOWER: 2, BASE64: 3 });
/** RSASSA-PKCS1-v1_5 digest (YDRZ_SIGN_*): Java "SHA256withRSA" and "MD5withRSA". */
const SignAlgorithm = Object.freeze({ SHA256_RSA: 1, MD5_RSA: 2 });

/**
 * The one-click login jssdk sign (YDRZ.getTokenInfo): MD5(appId + businessType + msgId + timestamp + traceId
 * + version + appKey) with msgId = traceId. `version` defaults to "2.0", `businessType` to "8"; `timestamp`
 * is 17 digits; `encoding` is HEX_UPPER (default) or HEX_LOWER. Returns 32 hex characters.
 */
function jssdkSign(opts) {
  const o = options(opts, 'jssdkSign');
  return call(
    lib().ydrz_jssdk_sign,
    text(o.appId, 'appId'),
    text(o.appKey, 'appKey'),
    text(o.traceId, 'traceId'),
    text(o.timestamp, 'timestamp'),
    text(o.version, 'version'),
    text(o.businessType, 'businessType'),
    integer(o.encoding ?? Encoding.HEX_UPPER, 'encoding'),
    STR,
  )[0];
}

/** The one-click login tokenValidate sign: SHA256withRSA(appId + traceId + timestamp + token + version),
 * upper-case hex; `version` must equal the interfaceVersion header sent (not given: the library's default, "2.0"). */
function tokenValidateSign(key, opts) {
  const o = options(opts, 'tokenValidateSign');
  return callOn(
    key,
    PrivateKey,
    'key',
    lib().ydrz_token_validate_sign,
    text(o.appId, 'appId'),
    text(o.traceId, 'traceId'),
    text(o.timestamp, 'timestamp'),
    text(o.token, 'token'),
    text(o.version, 'version'),
    STR,
  )[0];
}

/** The number-verification preSign signature: `presign` signed verbatim with MD5withRSA, Base64. */
function presignSign(key, presign) {
  return callOn(key, PrivateKey, 'key', lib().ydrz_presign_sign, text(presign, 'presign'), STR)[0];
}

/**
 * The App one-click login sign (loginTokenValidate, MD5 mode): MD5(appId + version + msgId + systemTime +
 * strictCheck + token + secret); `secret` is the APPSecret; `encoding` HEX_UPPER (default) or HEX_LOWER.
 */
function appLoginMd5Sign(opts) {
  const o = options(opts, 'appLoginMd5Sign');
  return call(
    lib().ydrz_app_login_md5_sign,
    text(o.appId, 'appId'),
    text(o.version, 'version'),
    text(o.msgId, 'msgId'),
    text(o.systemTime, 'systemTime'),
    text(o.strictCheck, 'strictCheck'),
    text(o.token, 'token'),
    text(o.secret, 'secret'),
    integer(o.encoding ?? Encoding.HEX_UPPER, 'encoding'),
    STR,
  )[0];
}

/** The App number verification keyType 0 fields, upper-case hex: { phoneNum: SHA256(phone + appKey +
 * timestamp), sign: HMAC-SHA256(appKey, appId + msgId + phoneNum + timestamp + token + version) }. */
function appNumberSignKeyType0(opts) {
  const o = options(opts, 'appNumberSignKeyType0');
  const [phoneNum, sign] = call(
    lib().ydrz_app_number_sign_key_type0,
    text(o.appId, 'appId'),
    text(o.appKey, 'appKey'),
    text(o.msgId, 'msgId'),
    text(o.phone, 'phone'),
    text(o.timestamp, 'timestamp'),
    text(o.token, 'token'),
    text(o.version, 'version'),
    STR,
    STR,
  );
  return { phoneNum, sign };
}

/** RSASSA-PKCS1-v1_5 signature of the UTF-8 bytes of `data` with `algorithm`, written in `encoding`. */
function rsaSign(key, data, algorithm, encoding) {
  return callOn(
    key,
    PrivateKey,
    'key',
    lib().ydrz_rsa_sign,
    text(data, 'data'),
    integer(algorithm, 'algorithm'),
    integer(encoding, 'encoding'),
    STR,
  )[0];
}

/** Whether `signature` (in `encoding`; hex in either case) is a valid `algorithm` signature of `data`.
 * Returns false when it does not verify (YDRZ_E_SIGNATURE); other failures throw. */
function rsaVerify(key, data, signature, algorithm, encoding) {
  try {
    callOn(
      key,
      PublicKey,
      'key',
      lib().ydrz_rsa_verify,
      text(data, 'data'),
      text(signature, 'signature'),
      integer(algorithm, 'algorithm'),
      integer(encoding, 'encoding'),
    );
    return true;
  } catch (e) {
    if (e.status === Status.E_SIGNATURE) return false;
    throw e;
  }
}

/** RsaUtils.encryptedDataOnJava: PKCS#1 v1.5 encryption of the UTF-8 bytes of `plaintext` (1 to 65536 bytes)
 * in chunks of k-11 bytes, joined and Base64-encoded. */
function rsaEncrypt(key, plaintext) {
  return callOn(key, PublicKey, 'key', lib().ydrz_rsa_encrypt, text(plaintext, 'plaintext'), STR)[0];
}

/** The inverse of rsaEncrypt: Base64 or hex ciphertext of whole blocks, decrypted to UTF-8 text. */
function rsaDecrypt(key, ciphertext) {
  return callOn(key, PrivateKey, 'key', lib().ydrz_rsa_decrypt, text(ciphertext, 'ciphertext'), STR)[0];
}

/** The number-verification phoneNum: rsaEncrypt(platformKey, phone + appKey + timestamp); `phone` 11 digits,
 * `timestamp` the 17-digit header timestamp of the same request. */
function encryptPhone(platformKey, opts) {
  const o = options(opts, 'encryptPhone');
  return callOn(
    platformKey,
    PublicKey,
    'platformKey',
    lib().ydrz_encrypt_phone,
    text(o.phone, 'phone'),
    text(o.appKey, 'appKey'),
    text(o.timestamp, 'timestamp'),
    STR,
  )[0];
}

/** Decrypts the tokenValidate msisdn (Base64 AES-128-ECB/PKCS#7, key = first 16 bytes of the appKey); a plain
 * 11-digit number is returned unchanged; a wrong appKey throws YDRZ_E_CRYPTO. */
function decryptMsisdn(appKey, msisdn) {
  return call(lib().ydrz_decrypt_msisdn, text(appKey, 'appKey'), text(msisdn, 'msisdn'), STR)[0];
}

module.exports = {
  Encoding,
  SignAlgorithm,
  jssdkSign,
  tokenValidateSign,
  presignSign,
  appLoginMd5Sign,
  appNumberSignKeyType0,
  rsaSign,
  rsaVerify,
  rsaEncrypt,
  rsaDecrypt,
  encryptPhone,
  decryptMsisdn,
};
