'use strict';
/**
 * The calling convention of the C ABI, in one place.
 *
 * - Text in: a string (sent as UTF-8; one with a lone surrogate, which has no UTF-8 form, is refused with
 *   YDRZ_E_INVALID_UTF8), a Buffer / Uint8Array (its bytes, as they are) or null / undefined
 *   (NULL: the library answers YDRZ_E_NULL_ARG for a required argument). Text holding a NUL character is
 *   refused before the call, since C would silently cut it there; anything else is a TypeError.
 * - Outputs: STR / I32 placeholders in an argument list become fresh `char **` / `int32_t *` slots; call()
 *   returns their values and frees every returned string with ydrz_string_free.
 * - Errors: a non-zero status becomes a YdrzError built from the error object, which is then freed.
 * - Handles: NativeHandle frees deterministically with close(), with a FinalizationRegistry safety net and a
 *   last sweep when the thread exits.
 */
const { koffi, lib } = require('./native.cjs');
const { Status, YdrzError, invalidArgument } = require('./errors.cjs');

/** A UTF-16 surrogate without its partner: such a string has no UTF-8 form. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Placeholder for a `char **` output slot. */
const STR = Symbol('char **');
/** Placeholder for an `int32_t *` output slot. */
const I32 = Symbol('int32_t *');
/** The last argument of a call to a function that reports its status only (no `ydrz_error **err`). */
const STATUS_ONLY = Symbol('no error slot');

/** Checks a text argument for a `const char *` parameter (see the module doc). */
function text(value, name) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (value.includes('\0')) throw invalidArgument(`${name} contains a NUL character`);
    if (LONE_SURROGATE.test(value)) {
      throw new YdrzError(Status.E_INVALID_UTF8, 'YDRZ_E_INVALID_UTF8', null, `${name} is not valid UTF-8 (a lone surrogate)`);
    }
    return value;
  }
  if (value instanceof Uint8Array) {
    if (value.includes(0)) throw invalidArgument(`${name} contains a NUL character`);
    return Buffer.concat([value, Buffer.alloc(1)]);
  }
  throw new TypeError(`${name} must be a string, a Buffer or null, not ${typeof value}`);
}

/** Checks an integer argument for an `int32_t` (or, `unsigned`, `uint32_t`) parameter: koffi would wrap it. */
function integer(value, name, unsigned = false) {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${name} must be an integer, not ${typeof value === 'number' ? value : typeof value}`);
  }
  const [low, high] = unsigned ? [0, 2 ** 32 - 1] : [-(2 ** 31), 2 ** 31 - 1];
  if (value < low || value > high) throw invalidArgument(`${name} ${value} is out of range`);
  return value;
}

/** Checks that `value`, the options argument of `name`, is an object. */
function options(value, name) {
  if (value === null || typeof value !== 'object') throw new TypeError(`${name} takes an options object`);
  return value;
}

/** Builds the error for a failed call from its error object (which may be NULL) and frees the object. */
function errorFrom(status, err) {
  const f = lib();
  let reason = '(the library returned no error object)';
  let platformCode = null;
  if (err) {
    try {
      reason = f.ydrz_error_message(err);
      platformCode = f.ydrz_error_platform_code(err);
    } finally {
      f.ydrz_error_free(err);
    }
  }
  return new YdrzError(status, f.ydrz_status_name(status), platformCode, reason);
}

/** The slots and C arguments for `args`, with STR / I32 replaced by output arrays and `err` appended. */
function prepare(args) {
  const statusOnly = args.at(-1) === STATUS_ONLY;
  if (statusOnly) args = args.slice(0, -1);
  const slots = [];
  const callArgs = args.map((arg) => {
    if (arg !== STR && arg !== I32) return arg;
    const slot = { kind: arg, box: [arg === STR ? null : 0] };
    slots.push(slot);
    return slot.box;
  });
  const err = [null];
  if (!statusOnly) callArgs.push(err);
  return { slots, callArgs, err };
}

/** Reads the outputs of a finished call, frees every returned string, and throws on a failed status. */
function finish(status, { slots, err }) {
  const f = lib();
  try {
    if (status !== Status.OK || err[0]) throw errorFrom(status, err[0]);
    return slots.map(({ kind, box }) => (kind === I32 ? box[0] : box[0] ? koffi.decode.string(box[0]) : null));
  } finally {
    for (const { kind, box } of slots) {
      if (kind === STR && box[0]) f.ydrz_string_free(box[0]);
    }
  }
}

/** Calls `fn(...args, &err)` (`fn(...args)` when the last argument is STATUS_ONLY) on this thread; returns
 * the outputs in order or throws a YdrzError. */
function call(fn, ...args) {
  const prepared = prepare(args);
  return finish(fn(...prepared.callArgs), prepared);
}

/** Calls a *_new / *_load function as `load(...args, &out, &err)` and returns the new handle. */
function create(load, ...args) {
  const out = [null];
  const err = [null];
  const status = load(...args, out, err);
  if (status !== Status.OK || !out[0]) throw errorFrom(status, err[0]);
  return out[0];
}

/**
 * The handles of this thread (main or worker) that are not freed yet, as { pointer, free, users } records: the
 * handle objects themselves are not held, so garbage collection still frees them through `finalizer`.
 */
const live = new Set();

function freeRecord(record) {
  live.delete(record);
  record.free(record.pointer);
}

/** Frees handles whose owner was garbage-collected without close(). */
const finalizer = new FinalizationRegistry((record) => {
  if (live.has(record)) freeRecord(record);
});

// A thread that exits runs no finalizer: without this, the handles a worker thread never closed would stay
// allocated (and their key material in memory) for the life of the process. A handle still used by a call on
// libuv's pool is left alone (freeing it would pull it from under that call).
process.on('exit', () => {
  for (const record of [...live]) {
    if (record.users === 0) freeRecord(record);
  }
});

/**
 * Owns one library handle, freed by close() (idempotent), when the object is garbage-collected, or at the
 * latest when its thread (the main thread or a worker) exits. close() while asynchronous calls run on the
 * handle makes new calls fail at once, cancels the calls still queued for a thread of the pool (they reject
 * with YDRZ_E_NULL_ARG, and send nothing), and frees the handle when the last running call has finished, so
 * a handle is never used after it is freed.
 */
class NativeHandle {
  #record;
  #closed = false;

  constructor(pointer, free) {
    this.#record = { pointer, free, users: 0 };
    live.add(this.#record);
    finalizer.register(this, this.#record, this);
  }

  /** Throws YDRZ_E_NULL_ARG after close(). */
  #checkOpen() {
    if (this.#closed) {
      throw new YdrzError(Status.E_NULL_ARG, 'YDRZ_E_NULL_ARG', null, `this ${this.constructor.name} is closed`);
    }
  }

  /** The raw handle for one call that will end with release(); throws after close(). */
  borrow() {
    this.#checkOpen();
    this.#record.users += 1;
    return this.#record.pointer;
  }

  release() {
    this.#record.users -= 1;
    this.#freeWhenIdle();
  }

  /** Calls `fn(handle, ...args)` synchronously (see call()). */
  invoke(fn, ...args) {
    const pointer = this.borrow();
    try {
      return call(fn, pointer, ...args);
    } finally {
      this.release();
    }
  }

  /** Frees the handle now, or when the calls that borrowed it have released it. Idempotent. */
  close() {
    this.#closed = true;
    this.#freeWhenIdle();
  }

  /** Whether close() was called. */
  get closed() {
    return this.#closed;
  }

  #freeWhenIdle() {
    if (this.#closed && this.#record.users === 0 && live.has(this.#record)) {
      finalizer.unregister(this);
      freeRecord(this.#record);
    }
  }
}

/** call() with `handle` (a `kind` instance, the parameter `name`) borrowed as the first argument; null and
 * undefined are passed on as NULL for the library to reject. */
function callOn(handle, kind, name, fn, ...args) {
  if (handle === null || handle === undefined) return call(fn, null, ...args);
  if (!(handle instanceof kind)) {
    throw new TypeError(`${name} must be a ${kind.name}, not ${handle?.constructor?.name ?? typeof handle}`);
  }
  return handle.invoke(fn, ...args);
}

module.exports = { STR, I32, STATUS_ONLY, text, integer, options, call, create, NativeHandle, callOn };
