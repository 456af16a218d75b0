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

/** The size of libuv's thread pool, as Node reads it from UV_THREADPOOL_SIZE (4 when unset or invalid). */
const THREADPOOL_SIZE = Math.min(Number.parseInt(process.env.UV_THREADPOOL_SIZE, 10) || 4, 1024);

/**
 * How many asynchronous calls may run at once. koffi runs them on libuv's thread pool (UV_THREADPOOL_SIZE
 * threads, 4 by default), which Node also needs for file system access and dns.lookup: the binding leaves one
 * thread of it free, and queues its further calls here (koffi itself refuses more than max_async_calls). A
 * pool of one thread cannot be shared so: calls then run one at a time, with a warning (see warnSmallPool).
 */
const ASYNC_LIMIT = Math.max(1, Math.min(THREADPOOL_SIZE - 1, koffi.config().max_async_calls));
let running = 0;
const waiting = [];
let warnedSmallPool = false;

/** Warns once, at the first asynchronous call, when the pool has one thread, which every call then takes. */
function warnSmallPool() {
  if (THREADPOOL_SIZE > 1 || warnedSmallPool) return;
  warnedSmallPool = true;
  process.emitWarning(
    'UV_THREADPOOL_SIZE=1: while a ydrz validation waits on the platform (up to its timeout), it holds the only ' +
      "thread of libuv's pool, so file system access, dns.lookup and zlib wait too. Set UV_THREADPOOL_SIZE to 2 " +
      'or more.',
    { code: 'YDRZ_THREADPOOL_SIZE' },
  );
}

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

/**
 * As call(), but on a thread of libuv's pool: the event loop keeps running while the library blocks. At most
 * ASYNC_LIMIT such calls run at once; the others wait their turn in order. `args()` makes the arguments when the
 * call's turn comes (so that a handle closed meanwhile is refused instead of used).
 */
async function callAsync(fn, args) {
  warnSmallPool();
  await acquireSlot();
  try {
    const prepared = prepare(args());
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

  /**
   * Calls `fn(handle, ...args)` on libuv's thread pool (see callAsync); the handle is borrowed when
   * the call's turn comes, and stays alive until it ends. Rejects at once, or when its turn comes, if closed.
   */
  async invokeAsync(fn, ...args) {
    this.#checkOpen();
    let borrowed = false;
    try {
      return await callAsync(fn, () => {
        const pointer = this.borrow();
        borrowed = true;
        return [pointer, ...args];
      });
    } finally {
      if (borrowed) this.release();
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

module.exports = { STR, I32, text, integer, options, call, ASYNC_LIMIT, create, NativeHandle, callOn };
