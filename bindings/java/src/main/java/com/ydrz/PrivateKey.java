package com.ydrz;

/**
 * An RSA private key held by the library (the business's own key, whose public half is registered on the
 * platform's console). Immutable; one instance may be used from many threads at once. Its material is zeroized
 * when it is freed: call {@link #close()} (try-with-resources) when done.
 */
public final class PrivateKey extends NativeResource {
    private PrivateKey(long address) {
        super(address, Native::privateKeyFree);
    }

    /**
     * Loads a key: Base64 DER or PEM, PKCS#8 or PKCS#1, 1024 to 4096 bits; surrounding whitespace and line breaks
     * inside the Base64 are ignored.
     *
     * @throws YdrzException {@link Status#KEY} for a public key, a non-RSA or encrypted key, a size out of range
     *     or text that is not a key; {@link Status#NULL_ARG} for {@code null}
     */
    public static PrivateKey load(String text) {
        return new PrivateKey(Native.privateKeyLoad(text));
    }

    /**
     * The public half as Base64 X.509 SubjectPublicKeyInfo (what is registered on dev.10086.cn).
     *
     * @throws IllegalStateException when closed
     */
    public String publicKeySpki() {
        return call(Native::privateKeyPublicSpki);
    }
}
