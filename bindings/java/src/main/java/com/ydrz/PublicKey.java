package com.ydrz;

/**
 * An RSA public key held by the library (typically the platform's key, used to encrypt the phone number for
 * number verification). Immutable; one instance may be used from many threads at once. Call {@link #close()}
 * (try-with-resources) when done.
 */
public final class PublicKey extends NativeResource {
    private PublicKey(long address) {
        super(address, Native::publicKeyFree);
    }

    /**
     * Loads a key: Base64 DER or PEM, X.509 SubjectPublicKeyInfo or PKCS#1, 1024 to 4096 bits.
     *
     * @throws YdrzException {@link Status#KEY} for a private key or text that is not a public key;
     *     {@link Status#NULL_ARG} for {@code null}
     */
    public static PublicKey load(String text) {
        return new PublicKey(Native.publicKeyLoad(text));
    }
}
