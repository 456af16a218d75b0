package com.ydrz;

/**
 * A failure reported by libydrz: the status (number and C constant name), the platform's result code when the
 * status is {@link Status#PLATFORM}, and a message that never contains secrets (keys, appkey, tokens, full
 * phone numbers), so it is safe to log.
 *
 * <p>Unchecked: every method of this binding that calls the library may throw it. Thrown by the JNI shim.
 */
public final class YdrzException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int statusCode;
    private final String statusName;
    private final String platformCode;

    /** Called by the JNI shim. {@code platformCode} may be {@code null}. */
    YdrzException(int statusCode, String statusName, String platformCode, String message) {
        super(message);
        this.statusCode = statusCode;
        this.statusName = statusName;
        this.platformCode = platformCode;
    }

    /** The status; {@link Status#UNKNOWN} for a number this binding does not know. */
    public Status status() {
        return Status.fromCode(statusCode);
    }

    /** The status number as the library returned it, e.g. {@code 30}. */
    public int statusCode() {
        return statusCode;
    }

    /** The C constant name of the status, e.g. {@code "YDRZ_E_PLATFORM"}. */
    public String statusName() {
        return statusName;
    }

    /**
     * The platform's result code (e.g. {@code "104007"}) when {@link #status()} is {@link Status#PLATFORM};
     * {@code null} otherwise.
     */
    public String platformCode() {
        return platformCode;
    }

    /** {@code com.ydrz.YdrzException: YDRZ_E_PLATFORM [104007]: message}, the form stack traces show. */
    @Override
    public String toString() {
        String code = platformCode == null ? "" : " [" + platformCode + "]";
        return getClass().getName() + ": " + statusName + code + ": " + getMessage();
    }
}
