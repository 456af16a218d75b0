package com.ydrz;

import java.util.Objects;

/**
 * The keyType 0 request fields of an App number verification, made by
 * {@link Ydrz#appNumberSignKeyType0(String, String, String, String, String, String, String)}; both upper-case
 * hex. A value: equal when both fields are.
 */
public final class KeyType0Sign {
    private final String phoneNum;
    private final String sign;

    KeyType0Sign(String phoneNum, String sign) {
        this.phoneNum = phoneNum;
        this.sign = sign;
    }

    /** {@code SHA256(phone + appKey + timestamp)}: the request's {@code phoneNum}. */
    public String phoneNum() {
        return phoneNum;
    }

    /** {@code HMAC-SHA256(key = appKey, appId + msgId + phoneNum + timestamp + token + version)}. */
    public String sign() {
        return sign;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyType0Sign && phoneNum.equals(((KeyType0Sign) other).phoneNum)
                && sign.equals(((KeyType0Sign) other).sign);
    }

    @Override
    public int hashCode() {
        return Objects.hash(phoneNum, sign);
    }

    @Override
    public String toString() {
        return "KeyType0Sign{phoneNum=" + phoneNum + ", sign=" + sign + "}";
    }
}
