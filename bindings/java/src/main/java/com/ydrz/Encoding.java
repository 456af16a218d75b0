package com.ydrz;

/** Text encoding of a signature or ciphertext ({@code YDRZ_ENCODING_*}). */
public enum Encoding {
    /** Upper-case hex ({@code YDRZ_ENCODING_HEX_UPPER}). */
    HEX_UPPER(1),
    /** Lower-case hex ({@code YDRZ_ENCODING_HEX_LOWER}). */
    HEX_LOWER(2),
    /** Standard Base64 with padding, no line breaks ({@code YDRZ_ENCODING_BASE64}). */
    BASE64(3);

    private final int code;

    Encoding(int code) {
        this.code = code;
    }

    /** The C ABI constant. */
    public int code() {
        return code;
    }
}
