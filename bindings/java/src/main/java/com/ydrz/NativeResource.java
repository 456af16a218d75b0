package com.ydrz;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;

/**
 * Base of the classes that own a native handle ({@link PrivateKey}, {@link PublicKey}, {@link Client},
 * {@link Exchange}).
 *
 * <p>Close them deterministically with {@link #close()} (try-with-resources); a {@link Cleaner} frees a
 * forgotten one after it becomes unreachable, as a safety net only. {@code close()} is idempotent and safe to
 * call while other threads use the object: the native memory is freed after their calls end, and calls that
 * start after {@code close()} throw {@link IllegalStateException}.
 */
abstract class NativeResource implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    private final NativeHandle handle;
    private final Cleaner.Cleanable cleanable;

    /** Takes ownership of {@code address}, a live handle that {@code free} releases. */
    NativeResource(long address, LongConsumer free) {
        handle = new NativeHandle(getClass().getSimpleName(), address, free);
        cleanable = CLEANER.register(this, handle);
    }

    /** Runs {@code call} with this object's handle, keeping this object reachable until it returns. */
    final <T> T call(LongFunction<T> call) {
        try {
            return handle.use(call);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Runs {@code call} with the handle of {@code resource}, or with the NULL handle {@code 0} when it is
     * {@code null}, so that the library reports {@link Status#NULL_ARG} naming the parameter.
     */
    static <T> T call(NativeResource resource, LongFunction<T> call) {
        return resource == null ? call.apply(0L) : resource.call(call);
    }

    /** Frees the native object (now, or after the calls running on it end). Idempotent; never throws. */
    @Override
    public final void close() {
        cleanable.clean(); // runs handle.close() once and unregisters it from the Cleaner
    }

    /** Whether {@link #close()} was called. */
    public final boolean isClosed() {
        return handle.isClosed();
    }
}
