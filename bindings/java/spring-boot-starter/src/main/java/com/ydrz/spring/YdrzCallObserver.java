package com.ydrz.spring;

/**
 * Told about every call {@link YdrzTemplate} makes (an asynchronous one when its future completes, before the
 * caller's future does): which interface, its outcome and how long it took. The
 * starter registers a Micrometer implementation when Micrometer is on the class path; applications may add
 * their own beans (each is called). Implementations must be thread-safe and must not throw.
 */
@FunctionalInterface
public interface YdrzCallObserver {
    /**
     * @param interfaceName the template method's interface: {@code jssdk_params}, {@code onekey_validate},
     *     {@code number_verify}, {@code app_login_validate}, {@code app_number_verify}, {@code presign_sign}
     * @param result the platform's resultCode on an answer (e.g. {@code 103000}, or {@code 104201} from a
     *     {@link com.ydrz.YdrzException} with a platform code), else the library status name
     *     ({@code YDRZ_E_NETWORK}, {@code YDRZ_E_TOKEN_REUSED} …), or the simple class name of another failure
     *     ({@code CancellationException} for a cancelled asynchronous call); {@code ok} for calls without a
     *     platform answer
     * @param nanos the call's wall-clock time in nanoseconds
     */
    void record(String interfaceName, String result, long nanos);
}
