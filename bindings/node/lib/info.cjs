'use strict';
/** What library is loaded. */
const native = require('./native.cjs');
const { integer } = require('./ffi.cjs');

const lib = native.lib;

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

module.exports = { version, abiVersion, statusName, libraryPath };
