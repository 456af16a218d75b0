package com.ydrz;

/**
 * The status codes of the C ABI ({@code YDRZ_OK}, {@code YDRZ_E_*} in {@code ydrz.h}). The numbers are stable:
 * never renumbered or reused within ABI 1.
 */
public enum Status {
    /** {@code YDRZ_OK}: success (never carried by an exception). */
    OK(0),
    /** {@code YDRZ_E_NULL_ARG}: a required argument was {@code null}. */
    NULL_ARG(1),
    /**
     * {@code YDRZ_E_INVALID_ARG}: an argument has a value that is not allowed (empty, too long, malformed), or a
     * string argument contains a U+0000 (NUL) character, which a C string cannot carry.
     */
    INVALID_ARG(2),
    /** {@code YDRZ_E_INVALID_UTF8}: a string argument cannot be encoded as UTF-8 (an unpaired surrogate). */
    INVALID_UTF8(3),
    /** {@code YDRZ_E_KEY}: a key cannot be parsed, or is of the wrong kind or size. */
    KEY(10),
    /** {@code YDRZ_E_CRYPTO}: encryption or decryption failed (bad ciphertext, bad padding, wrong key). */
    CRYPTO(11),
    /** {@code YDRZ_E_SIGNATURE}: a signature does not verify. */
    SIGNATURE(12),
    /** {@code YDRZ_E_NETWORK}: DNS, connect, TLS or connection reset. */
    NETWORK(20),
    /** {@code YDRZ_E_TIMEOUT}: the connect timeout or the overall request timeout expired. */
    TIMEOUT(21),
    /** {@code YDRZ_E_HTTP}: the platform answered with a non-2xx HTTP status. */
    HTTP(22),
    /** {@code YDRZ_E_PROTOCOL}: the response is not the expected JSON. */
    PROTOCOL(23),
    /** {@code YDRZ_E_PLATFORM}: the platform answered with a non-success result code. */
    PLATFORM(30),
    /** {@code YDRZ_E_TOKEN_REUSED}: this client already sent the token; tokens are single-use. */
    TOKEN_REUSED(31),
    /** {@code YDRZ_E_PANIC}: an internal error (a caught panic); the process is unaffected. */
    PANIC(100),
    /** A number this binding does not know (a newer library); see {@link YdrzException#statusCode()}. */
    UNKNOWN(-1);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    /** The C ABI number of this status ({@code -1} for {@link #UNKNOWN}). */
    public int code() {
        return code;
    }

    /** The status with this C ABI number, or {@link #UNKNOWN}. Never {@code null}. */
    public static Status fromCode(int code) {
        for (Status s : values()) {
            if (s.code == code && s != UNKNOWN) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
