'use strict';
/** Status codes and the error that carries them. */

/** The YDRZ_* status codes of ydrz.h (never renumbered). */
const Status = Object.freeze({
  OK: 0,
  E_NULL_ARG: 1,
  E_INVALID_ARG: 2,
  E_INVALID_UTF8: 3,
  E_KEY: 10,
  E_CRYPTO: 11,
  E_SIGNATURE: 12,
  E_NETWORK: 20,
  E_TIMEOUT: 21,
  E_HTTP: 22,
  E_PROTOCOL: 23,
  E_PLATFORM: 30,
  E_TOKEN_REUSED: 31,
  E_PANIC: 100,
});

/**
 * A failed library call. `status` is the number (a Status value), `statusName` its constant name as the
 * library spells it (also in `code`, as Node's own errors do), `platformCode` the platform's result code
 * for YDRZ_E_PLATFORM (else null), `reason` the library's message, which never holds secrets or full phone
 * numbers. `message` is "<statusName>[ (platform code X)]: <reason>".
 */
class YdrzError extends Error {
  constructor(status, statusName, platformCode, reason) {
    const code = platformCode == null ? '' : ` (platform code ${platformCode})`;
    super(`${statusName}${code}: ${reason}`);
    this.name = 'YdrzError';
    this.status = status;
    this.statusName = statusName;
    this.code = statusName;
    this.platformCode = platformCode == null ? null : platformCode;
    this.reason = reason;
  }
}

/** An argument error found before calling the library (C could not even represent the value). */
function invalidArgument(reason) {
  return new YdrzError(Status.E_INVALID_ARG, 'YDRZ_E_INVALID_ARG', null, reason);
}

module.exports = { Status, YdrzError, invalidArgument };
