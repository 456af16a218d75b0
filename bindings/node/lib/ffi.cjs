'use strict';
/**
 * The calling convention of the C ABI, in one place.
 *
 * - Text in: a string (sent as UTF-8; one with a lone surrogate, which has no UTF-8 form, is refused with
 *   YDRZ_E_INVALID_UTF8), a Buffer / Uint8Array (its bytes, as they are) or null / undefined
 *   (NULL: the library answers YDRZ_E_NULL_ARG for a required argument). Text holding a NUL character is
 *   refused before the call, since C would silently cut it there; anything else is a TypeError.
 * - Outputs: STR / I32 placeholders in an argument list become fresh `char **` / `int32_t *` slots; call()
 *   and callAsync() return their values and free every returned string with ydrz_string_free.
 * - Errors: a non-zero status becomes a YdrzError built from the error object, which is then freed.
 * - Handles: NativeHandle frees deterministically with close(), with a FinalizationRegistry safety net.
 */
const { koffi, lib } = require('./native.cjs');
const { Status, YdrzError, invalidArgument } = require('./errors.cjs');

/** A UTF-16 surrogate without its partner: such a string has no UTF-8 form. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Placeholder for a `char **` output slot. */
const STR = Symbol('char **');
/** Placeholder for an `int32_t *` output slot. */
const I32 = Symbol('int32_t *');

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
  const slots = [];
  const callArgs = args.map((arg) => {
    if (arg !== STR && arg !== I32) return arg;
    const slot = { kind: arg, box: [arg === STR ? null : 0] };
    slots.push(slot);
    return slot.box;
  });
  const err = [null];
  callArgs.push(err);
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

/** Calls `fn(...args, &err)` on this thread; returns the outputs in order or throws a YdrzError. */
function call(fn, ...args) {
  const prepared = prepare(args);
  return finish(fn(...prepared.callArgs), prepared);
}

/**
 * How many asynchronous calls may run at once. koffi runs them on libuv's thread pool (UV_THREADPOOL_SIZE
 * threads, 4 by default), which Node also needs for file system access and dns.lookup: the binding leaves one
 * thread of it free, and queues its further calls here (koffi itself refuses more than max_async_calls).
 */
const ASYNC_LIMIT = Math.max(
  1,
  Math.min(Math.min(Number(process.env.UV_THREADPOOL_SIZE) || 4, 1024) - 1, koffi.config().max_async_calls),
);
let running = 0;
const waiting = [];

/** Resolves when one of the ASYNC_LIMIT slots is this caller's; release with releaseSlot(). */
function acquireSlot() {
  if (running < ASYNC_LIMIT) {
    running += 1;
    return Promise.resolve();
  }
  return new Promise((resolve) => waiting.push(resolve));
}

function releaseSlot() {
  const next = waiting.shift();
  if (next) next();
  else running -= 1;
}

/** As call(), but on a thread of libuv's pool: the event loop keeps running while the library blocks. At most
 * ASYNC_LIMIT such calls run at once; the others wait their turn in order. */
async function callAsync(fn, ...args) {
  await acquireSlot();
  try {
    const prepared = prepare(args);
    const status = await new Promise((resolve, reject) => {
      fn.async(...prepared.callArgs, (failure, result) => (failure ? reject(failure) : resolve(result)));
    });
    return finish(status, prepared);
  } finally {
    releaseSlot();
  }
}

/** Calls a *_new / *_load function as `load(...args, &out, &err)` and returns the new handle. */
function create(load, ...args) {
  const out = [null];
  const err = [null];
  const status = load(...args, out, err);
  if (status !== Status.OK || !out[0]) throw errorFrom(status, err[0]);
  return out[0];
}

/** Frees handles whose owner was garbage-collected without close(). */
const finalizer = new FinalizationRegistry(({ pointer, free }) => free(pointer));

/**
 * Owns one library handle, freed by close() (idempotent) or, at the latest, when the object is
 * garbage-collected. close() while asynchronous calls still run on the handle makes new calls fail at once
 * and frees the handle when the last running call has finished, so a handle is never used after it is freed.
 */
class NativeHandle {
  #pointer;
  #free;
  #users = 0;
  #closed = false;

  constructor(pointer, free) {
    this.#pointer = pointer;
    this.#free = free;
    finalizer.register(this, { pointer, free }, this);
  }

  /** The raw handle for one call that will end with release(); throws after close(). */
  borrow() {
    if (this.#closed) {
      throw new YdrzError(Status.E_NULL_ARG, 'YDRZ_E_NULL_ARG', null, `this ${this.constructor.name} is closed`);
    }
    this.#users += 1;
    return this.#pointer;
  }

  release() {
    this.#users -= 1;
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

  /** Calls `fn(handle, ...args)` on libuv's thread pool (see callAsync()); the handle stays alive until it ends. */
  async invokeAsync(fn, ...args) {
    const pointer = this.borrow();
    try {
      return await callAsync(fn, pointer, ...args);
    } finally {
      this.release();
    }
  }

  /** Frees the handle now, or when the asynchronous calls running on it have finished. Idempotent. */
  close() {
    this.#closed = true;
    this.#freeWhenIdle();
  }

  /** Whether close() was called. */
  get closed() {
    return this.#closed;
  }

  #freeWhenIdle() {
    if (this.#closed && this.#users === 0 && this.#pointer !== null) {
      const pointer = this.#pointer;
      this.#pointer = null;
      finalizer.unregister(this);
      this.#free(pointer);
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

module.exports = { STR, I32, text, integer, options, call, callAsync, ASYNC_LIMIT, create, NativeHandle, callOn };
