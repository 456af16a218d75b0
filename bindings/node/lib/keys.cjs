'use strict';
/** RSA keys: handles parsed once by the library, and key-pair generation. */
const { lib } = require('./native.cjs');
const { STR, text, integer, call, create, NativeHandle } = require('./ffi.cjs');

/**
 * An RSA private key parsed by the library (1024 to 4096 bits): Base64 DER or PEM, PKCS#8 or PKCS#1,
 * surrounding whitespace and line breaks inside the Base64. A public, non-RSA or encrypted key, a PEM label
 * that does not match or a size out of range throws YDRZ_E_KEY (the message never quotes the key).
 * Immutable and thread-safe; close() zeroizes the key material now, garbage collection does it otherwise.
 */
class PrivateKey extends NativeHandle {
  constructor(keyText) {
    const f = lib();
    super(create(f.ydrz_private_key_load, text(keyText, 'keyText')), f.ydrz_private_key_free);
  }

  /** The public half as Base64 X.509 SubjectPublicKeyInfo (what is registered on dev.10086.cn). */
  publicSpki() {
    return this.invoke(lib().ydrz_private_key_public_spki, STR)[0];
  }
}

/** An RSA public key: Base64 DER or PEM, X.509 SPKI or PKCS#1, 1024 to 4096 bits. A private key throws
 * YDRZ_E_KEY. Freed by close() or garbage collection. */
class PublicKey extends NativeHandle {
  constructor(keyText) {
    const f = lib();
    super(create(f.ydrz_public_key_load, text(keyText, 'keyText')), f.ydrz_public_key_free);
  }
}

/**
 * Generates an RSA key pair (e = 65537) of `bits` (1024 to 4096, a multiple of 8; the platform's RsaUtils
 * uses 1024) in Java getEncoded() forms, Base64: { privatePkcs8, publicSpki }. Another size throws
 * YDRZ_E_KEY. Synchronous: 4096 bits take seconds.
 */
function generateKeyPair(bits = 1024) {
  const [privatePkcs8, publicSpki] = call(lib().ydrz_key_generate, integer(bits, 'bits', true), STR, STR);
  return { privatePkcs8, publicSpki };
}

module.exports = { PrivateKey, PublicKey, generateKeyPair };
