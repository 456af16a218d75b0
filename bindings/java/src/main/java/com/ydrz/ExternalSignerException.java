package com.ydrz;

/**
 * The {@link ExternalSigner} failed (threw, returned {@code null}, or failed its future): its exception is the
 * cause. When signing failed, no request was made: the exchange is closed and its token released. When
 * decrypting failed, the request was sent and its token is spent; the answer cannot be read.
 */
public final class ExternalSignerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExternalSignerException(String message, Throwable cause) {
        super(message, cause);
    }
}
