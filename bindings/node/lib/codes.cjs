'use strict';
/** The platform's result codes (data/return_codes.tsv), described by the library's catalog. */
const { lib } = require('./native.cjs');
const { STR, text, call } = require('./ffi.cjs');

/** The Chinese message of a platform result code, e.g. "成功" for "103000"; null when the code, `product` or
 * `stage` is unknown or not UTF-8. `product` / `stage` narrow the match where a code means different things. */
function codeMessage(code, { product, stage } = {}) {
  return lib().ydrz_code_message(text(code, 'code'), text(product, 'product'), text(stage, 'stage'));
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

module.exports = { codeMessage, codeDescribe };
