'use strict';
/**
 * Node.js binding (koffi) of libydrz, the server-side library for China Mobile's authentication platform
 * (移动认证, cmpassport): jssdk and tokenValidate signatures, phone encryption, msisdn decryption,
 * result-code descriptions and the platform client (one-click login, number verification).
 *
 * The library is loaded on first use (see loadLibrary). Pure computations are synchronous; the Client's
 * network calls return Promises sent with the built-in fetch (or, with a proxy, on libuv's thread pool), and
 * its *Begin methods return Exchanges to send with any HTTP library. Failures throw (or reject with) YdrzError.
 */
const native = require('./lib/native.cjs');
const { Status, YdrzError } = require('./lib/errors.cjs');
const keys = require('./lib/keys.cjs');
const crypto = require('./lib/crypto.cjs');
const codes = require('./lib/codes.cjs');
const info = require('./lib/info.cjs');
const { Client, maskPhone } = require('./lib/client.cjs');
const { Exchange } = require('./lib/exchange.cjs');

module.exports = {
  ABI_VERSION: native.ABI_VERSION,
  LIBRARY_ENV: native.LIBRARY_ENV,
  LibraryLoadError: native.LibraryLoadError,
  loadLibrary: native.loadLibrary,
  Status,
  YdrzError,
  ...keys,
  ...crypto,
  ...codes,
  ...info,
  Client,
  Exchange,
  maskPhone,
};
