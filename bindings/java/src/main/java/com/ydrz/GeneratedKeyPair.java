package com.ydrz;

/**
 * A key pair made by {@link Ydrz#generateKeyPair(int)}, in the Java {@code getEncoded()} forms the platform's
 * console expects, Base64 without line breaks. {@link #toString()} never shows the private key.
 */
public final class GeneratedKeyPair {
    private final String privateKeyPkcs8;
    private final String publicKeySpki;

    GeneratedKeyPair(String privateKeyPkcs8, String publicKeySpki) {
        this.privateKeyPkcs8 = privateKeyPkcs8;
        this.publicKeySpki = publicKeySpki;
    }

    /** The private key, PKCS#8 DER in Base64: a secret, keep it out of logs. */
    public String privateKeyPkcs8() {
        return privateKeyPkcs8;
    }

    /** The public key, X.509 SubjectPublicKeyInfo DER in Base64: register it on the console. */
    public String publicKeySpki() {
        return publicKeySpki;
    }

    @Override
    public String toString() {
        return "GeneratedKeyPair{publicKeySpki=" + publicKeySpki + ", privateKeyPkcs8=<hidden>}";
    }
}
