package com.ydrz;

/**
 * The {@link ExternalSigner} failed (threw, returned {@code null}, or failed its future): its exception is the
 * cause; the message says what it was asked to do, never the data. When signing failed nothing was sent: a
 * validation closes its exchange, which releases the token, and an exchange driven with
 * {@link Exchange#signWith} keeps waiting for its signature. When decrypting failed the request was sent and its
 * token is spent: a validation fails, and an exchange finished with
 * {@link Exchange#finish(int, byte[], ExternalSigner)} keeps waiting for the plaintext.
 */
public final class ExternalSignerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExternalSignerException(String message, Throwable cause) {
        super(message, cause);
    }
}
