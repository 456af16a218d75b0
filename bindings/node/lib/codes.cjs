'use strict';
/** The platform's result codes, described by the library's catalog; also what library is loaded. */
const native = require('./native.cjs');
const { STR, text, integer, staticText, call } = require('./ffi.cjs');

const lib = native.lib;

/** The Chinese message of a platform result code, e.g. "成功" for "103000"; null when the code, `product` or
 * `stage` is unknown or not UTF-8. `product` / `stage` narrow the match where a code means different things. */
function codeMessage(code, { product, stage } = {}) {
  return staticText(lib().ydrz_code_message(text(code, 'code'), text(product, 'product'), text(stage, 'stage')));
}

/** Every catalog entry for `code` as { product, stage, code, message_zh, meaning_en, hint } objects (empty when
 * unknown); an unknown `product` or `stage` name throws YDRZ_E_INVALID_ARG. */
function codeDescribe(code, { product, stage } = {}) {
  const [entries] = call(
    lib().ydrz_code_describe,
    text(code, 'code'),
    text(product, 'product'),
    text(stage, 'stage'),
    STR,
  );
  return JSON.parse(entries);
}

/** The library version, e.g. "0.1.0". */
function version() {
  return lib().ydrz_version();
}

/** The library's ABI version (checked to be ABI_VERSION when the library is loaded). */
function abiVersion() {
  return lib().ydrz_abi_version();
}

/** The library's name of a status number, e.g. "YDRZ_E_KEY"; "YDRZ_UNKNOWN" for an unknown number. */
function statusName(status) {
  return lib().ydrz_status_name(integer(status, 'status'));
}

/** The library file that was loaded (or the name the dynamic loader resolved). */
function libraryPath() {
  return native.loadLibrary();
}

module.exports = { codeMessage, codeDescribe, version, abiVersion, statusName, libraryPath };
