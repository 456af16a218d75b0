package com.ydrz;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * Owns one native handle and frees it exactly once, never while a call is using it.
 *
 * <p>{@code state} counts the calls in flight; {@link #close()} sets its sign bit. The handle is freed by
 * whichever comes last: {@code close()} when no call is running, or else the last running call as it ends.
 * Using the handle after {@code close()} throws {@link IllegalStateException} instead of touching freed
 * memory. Thread-safe. It is also the {@link java.lang.ref.Cleaner} action of its owner, so it must not
 * reference the owner.
 */
final class NativeHandle implements Runnable {
    private static final long CLOSED = Long.MIN_VALUE;

    private final String kind;
    private final long address;
    private final LongConsumer free;
    private final AtomicLong state = new AtomicLong();

    /**
     * @param kind    the owner's class name, for error messages
     * @param address a live handle, owned from now on
     * @param free    the library function that frees it
     */
    NativeHandle(String kind, long address, LongConsumer free) {
        this.kind = kind;
        this.address = address;
        this.free = free;
    }

    /** Runs {@code call} with the handle, which stays live until it returns. */
    <T> T use(LongFunction<T> call) {
        long s;
        do {
            s = state.get();
            if (s < 0) {
                throw new IllegalStateException("ydrz " + kind + " is closed");
            }
        } while (!state.compareAndSet(s, s + 1));
        try {
            return call.apply(address);
        } finally {
            if (state.decrementAndGet() == CLOSED) {
                free.accept(address);
            }
        }
    }

    /** Closes the handle; it is freed now or when the last running call ends. Idempotent. */
    void close() {
        long s;
        do {
            s = state.get();
            if (s < 0) {
                return;
            }
        } while (!state.compareAndSet(s, s | CLOSED));
        if (s == 0) {
            free.accept(address);
        }
    }

    boolean isClosed() {
        return state.get() < 0;
    }

    /** The Cleaner action: the owner became unreachable without being closed. */
    @Override
    public void run() {
        close();
    }
}
