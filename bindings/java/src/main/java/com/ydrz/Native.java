package com.ydrz;

/**
 * The {@code native} methods implemented by {@code libydrz_jni} (bindings/java/native), one per C ABI function.
 *
 * <p>Contracts: a Java {@code null} string is passed as C NULL, and a handle {@code 0} as a NULL handle, so the
 * library answers {@link Status#NULL_ARG} for a required one. Every failure throws {@link YdrzException}.
 * Handles passed in must be live for the whole call (guaranteed by {@link NativeHandle}). All methods are
 * thread-safe. The class initializer loads the library and checks its ABI version ({@link NativeLoader}).
 */
final class Native {
    /** Where the library was loaded from: its absolute path, or the jar URL of the bundled copy. */
    static final String LIBRARY_PATH = NativeLoader.load();

    private Native() {}

    static native String version();

    static native int abiVersion();

    static native String statusName(int status);

    static native String jssdkSign(String appId, String appKey, String traceId, String timestamp, String version,
            String businessType, int encoding);

    static native String rsaSign(long privateKey, String data, int algorithm, int encoding);

    /** Returns normally when the signature verifies; throws with {@link Status#SIGNATURE} when it does not. */
    static native void rsaVerify(long publicKey, String data, String signature, int algorithm, int encoding);

    static native String tokenValidateSign(long privateKey, String appId, String traceId, String timestamp,
            String token, String version);

    static native String presignSign(long privateKey, String presign);

    static native String appLoginMd5Sign(String appId, String version, String msgId, String systemTime,
            String strictCheck, String token, String secret, int encoding);

    /** Returns {@code {phoneNum, sign}}. */
    static native String[] appNumberSignKeyType0(String appId, String appKey, String msgId, String phone,
            String timestamp, String token, String version);

    /** Returns a new handle, freed with {@link #privateKeyFree}. */
    static native long privateKeyLoad(String text);

    static native void privateKeyFree(long privateKey);

    /** Returns a new handle, freed with {@link #publicKeyFree}. */
    static native long publicKeyLoad(String text);

    static native void publicKeyFree(long publicKey);

    /** Returns {@code {privatePkcs8Base64, publicSpkiBase64}}. */
    static native String[] keyGenerate(int bits);

    static native String privateKeyPublicSpki(long privateKey);

    static native String rsaEncrypt(long publicKey, String plaintext);

    static native String rsaDecrypt(long privateKey, String ciphertext);

    static native String encryptPhone(long platformKey, String phone, String appKey, String timestamp);

    static native String decryptMsisdn(String appKey, String msisdn);

    static native String maskPhone(String phone);

    /** Returns {@code null} when the code is unknown (or an argument is {@code null}). */
    static native String codeMessage(String code, String product, String stage);

    static native String codeDescribe(String code, String product, String stage);

    /** Returns a new handle, freed with {@link #clientFree}. */
    static native long clientNew(String configJson);

    static native void clientReconfigure(long client, String configJson);

    static native String clientStats(long client);

    static native void clientFree(long client);

    static native String clientJssdkParams(long client);

    static native String clientPresignSign(long client, String presign);

    /** Returns {@code {"step":"sign","algorithm","input_base64"}}: what the external signer signs. */
    static native String clientPresignStep(long client, String presign);

    /** Returns the preSign sign made of the external signer's Base64 signature. */
    static native String clientPresignAccept(long client, String presign, String signatureBase64);

    /** Returns a new exchange handle, freed with {@link #exchangeFree}. */
    static native long clientOnekeyBegin(long client, String token, String userInformation, String expandParams);

    /** Returns a new exchange handle, freed with {@link #exchangeFree}. */
    static native long clientNumberVerifyBegin(long client, String token, String userInformation, String phone,
            String expandParams);

    /** Returns a new exchange handle, freed with {@link #exchangeFree}. */
    static native long clientAppLoginBegin(long client, String token, String expandParams);

    /** Returns a new exchange handle, freed with {@link #exchangeFree}. */
    static native long clientAppNumberBegin(long client, String token, String phone, String expandParams);

    /** Returns {@code {"method","url","headers":[[name,value],...],"body","timeout_ms"}}. */
    static native String exchangeRequest(long exchange);

    /** Returns {@code {"step":"sign"|"send"|"decrypt"|"done",...}}. */
    static native String exchangePending(long exchange);

    /** Hands over the Base64 signature or plaintext of the pending step. */
    static native void exchangeProvide(long exchange, String outputBase64);

    /**
     * Returns {@code {"phone"|"matched",...,"details"}}, or {@code null} when the answer waits for the host's
     * decryption; {@code body} {@code null} is an empty body.
     */
    static native String exchangeFinish(long exchange, int httpStatus, byte[] body);

    /** Returns the result JSON of a done exchange. */
    static native String exchangeResult(long exchange);

    /** Returns the status: 0 (OK), or {@link Status#INVALID_ARG} when the exchange already ended. Never throws. */
    static native int exchangeNotSent(long exchange);

    static native void exchangeFree(long exchange);
}
