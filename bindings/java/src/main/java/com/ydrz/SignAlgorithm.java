package com.ydrz;

/** RSASSA-PKCS1-v1_5 signature algorithms ({@code YDRZ_SIGN_*}), named as in Java's {@code Signature}. */
public enum SignAlgorithm {
    /** {@code SHA256withRSA} ({@code YDRZ_SIGN_SHA256_RSA}). */
    SHA256_WITH_RSA(1),
    /** {@code MD5withRSA}, as the platform's {@code RsaUtils.sign} ({@code YDRZ_SIGN_MD5_RSA}). */
    MD5_WITH_RSA(2);

    private final int code;

    SignAlgorithm(int code) {
        this.code = code;
    }

    /** The C ABI constant. */
    public int code() {
        return code;
    }
}
