package com.ydrz;

import java.util.Objects;
import java.util.Optional;

/**
 * The stateless functions of libydrz: signs, encryption, key generation and the return-code catalog.
 *
 * <p>All methods are thread-safe and may share {@link PrivateKey} / {@link PublicKey} instances between
 * threads. A {@code null} string or key where a value is required gives a {@link YdrzException} with
 * {@link Status#NULL_ARG}; a {@code null} enum gives a {@link NullPointerException}; a closed key gives an
 * {@link IllegalStateException}. Other failures are {@link YdrzException}s with the library's status and
 * message. The native library is loaded on first use (see README: "Loading").
 */
public final class Ydrz {
    private Ydrz() {}

    /** The library version, e.g. {@code "0.1.0"}. */
    public static String version() {
        return Native.version();
    }

    /** The ABI version of the loaded library; always {@value NativeLoader#ABI_VERSION}, as checked at load. */
    public static int abiVersion() {
        return Native.abiVersion();
    }

    /** The C constant name of a status number, e.g. {@code "YDRZ_E_KEY"}, or {@code "YDRZ_UNKNOWN"}. */
    public static String statusName(int status) {
        return Native.statusName(status);
    }

    /**
     * The jssdk sign for one-click login ({@code YDRZ.getTokenInfo}):
     * {@code MD5(appId + businessType + msgId + timestamp + traceId + version + appKey)} with msgId = traceId.
     *
     * @param version      nullable; {@code "2.0"} when {@code null}
     * @param businessType nullable; {@code "8"} when {@code null}
     * @param timestamp    17 digits ({@code yyyyMMddHHmmssSSS})
     * @param encoding     {@link Encoding#HEX_UPPER} (the platform's default) or {@link Encoding#HEX_LOWER}
     * @return 32 hex characters
     * @throws YdrzException {@link Status#INVALID_ARG} for a malformed argument or {@link Encoding#BASE64}
     */
    public static String jssdkSign(String appId, String appKey, String traceId, String timestamp, String version,
            String businessType, Encoding encoding) {
        return Native.jssdkSign(appId, appKey, traceId, timestamp, version, businessType,
                Objects.requireNonNull(encoding, "encoding").code());
    }

    /** {@link #jssdkSign(String, String, String, String, String, String, Encoding)} with version "2.0",
     * businessType "8" and upper-case hex. */
    public static String jssdkSign(String appId, String appKey, String traceId, String timestamp) {
        return jssdkSign(appId, appKey, traceId, timestamp, null, null, Encoding.HEX_UPPER);
    }

    /**
     * The one-click login tokenValidate sign: {@code SHA256withRSA(appId + traceId + timestamp + token + version)},
     * upper-case hex. {@code version} must equal the interfaceVersion sent.
     *
     * @param version   nullable; the library's default ({@code "2.0"}, what the client sends) when {@code null}
     * @param timestamp 17 digits ({@code yyyyMMddHHmmssSSS})
     * @throws YdrzException {@link Status#INVALID_ARG} for an empty or too long argument or a malformed
     *     {@code timestamp}
     */
    public static String tokenValidateSign(PrivateKey key, String appId, String traceId, String timestamp,
            String token, String version) {
        return NativeResource.call(key, k -> Native.tokenValidateSign(k, appId, traceId, timestamp, token, version));
    }

    /**
     * The number-verification preSign signature: {@code presign} signed verbatim with MD5withRSA, Base64
     * ({@code RsaUtils.sign}).
     *
     * @throws YdrzException {@link Status#INVALID_ARG} when {@code presign} is empty
     */
    public static String presignSign(PrivateKey key, String presign) {
        return NativeResource.call(key, k -> Native.presignSign(k, presign));
    }

    /**
     * The App one-click login sign (loginTokenValidate, MD5 mode):
     * {@code MD5(appId + version + msgId + systemTime + strictCheck + token + secret)}.
     *
     * @param secret     the APPSecret (the appkey for apps created before 2018-12-26)
     * @param systemTime 17 digits ({@code yyyyMMddHHmmssSSS})
     * @param encoding   {@link Encoding#HEX_UPPER} (what the platform documents) or {@link Encoding#HEX_LOWER}
     * @return 32 hex characters
     * @throws YdrzException {@link Status#INVALID_ARG} for a malformed argument or {@link Encoding#BASE64}
     */
    public static String appLoginMd5Sign(String appId, String version, String msgId, String systemTime,
            String strictCheck, String token, String secret, Encoding encoding) {
        return Native.appLoginMd5Sign(appId, version, msgId, systemTime, strictCheck, token, secret,
                Objects.requireNonNull(encoding, "encoding").code());
    }

    /** {@link #appLoginMd5Sign(String, String, String, String, String, String, String, Encoding)} in upper-case
     * hex. */
    public static String appLoginMd5Sign(String appId, String version, String msgId, String systemTime,
            String strictCheck, String token, String secret) {
        return appLoginMd5Sign(appId, version, msgId, systemTime, strictCheck, token, secret, Encoding.HEX_UPPER);
    }

    /**
     * The App number-verification ({@code /openapi/rs/tokenValidate}) keyType 0 fields: {@code phoneNum} =
     * {@code SHA256(phone + appKey + timestamp)} and {@code sign} =
     * {@code HMAC-SHA256(key = appKey, appId + msgId + phoneNum + timestamp + token + version)}, upper-case hex.
     *
     * @param phone     11 digits starting with 1
     * @param timestamp 17 digits, the header timestamp of the same request
     * @throws YdrzException {@link Status#INVALID_ARG} for a malformed argument
     */
    public static KeyType0Sign appNumberSignKeyType0(String appId, String appKey, String msgId, String phone,
            String timestamp, String token, String version) {
        String[] fields = Native.appNumberSignKeyType0(appId, appKey, msgId, phone, timestamp, token, version);
        return new KeyType0Sign(fields[0], fields[1]);
    }

    /**
     * RSASSA-PKCS1-v1_5 signature of the UTF-8 bytes of {@code data} (which may be empty).
     *
     * @throws YdrzException {@link Status#INVALID_ARG} when {@code data} contains U+0000,
     *     {@link Status#INVALID_UTF8} when it has an unpaired surrogate
     */
    public static String rsaSign(PrivateKey key, String data, SignAlgorithm algorithm, Encoding encoding) {
        int alg = Objects.requireNonNull(algorithm, "algorithm").code();
        int enc = Objects.requireNonNull(encoding, "encoding").code();
        return NativeResource.call(key, k -> Native.rsaSign(k, data, alg, enc));
    }

    /**
     * Verifies a signature of the UTF-8 bytes of {@code data}.
     *
     * @return {@code true} when it verifies; {@code false} when it does not, including signature text that does
     *     not decode in {@code encoding} (hex is accepted in either case)
     * @throws YdrzException for any other failure (e.g. {@link Status#NULL_ARG})
     */
    public static boolean rsaVerify(PublicKey key, String data, String signature, SignAlgorithm algorithm,
            Encoding encoding) {
        int alg = Objects.requireNonNull(algorithm, "algorithm").code();
        int enc = Objects.requireNonNull(encoding, "encoding").code();
        try {
            NativeResource.call(key, k -> {
                Native.rsaVerify(k, data, signature, alg, enc);
                return null;
            });
            return true;
        } catch (YdrzException e) {
            if (e.status() == Status.SIGNATURE) {
                return false;
            }
            throw e;
        }
    }

    /**
     * {@code RsaUtils.encryptedDataOnJava}: PKCS#1 v1.5 encryption of the UTF-8 bytes of {@code plaintext}
     * (1 to 65536 bytes) in chunks of k-11 bytes, the blocks joined and Base64-encoded. Randomized.
     *
     * @throws YdrzException {@link Status#INVALID_ARG} when {@code plaintext} is empty or longer than 65536 bytes
     */
    public static String rsaEncrypt(PublicKey key, String plaintext) {
        return NativeResource.call(key, k -> Native.rsaEncrypt(k, plaintext));
    }

    /**
     * The inverse of {@link #rsaEncrypt}: Base64 or hex ciphertext of whole blocks, returned as UTF-8 text.
     *
     * @throws YdrzException {@link Status#CRYPTO} for a wrong length, wrong key or bad padding
     */
    public static String rsaDecrypt(PrivateKey key, String ciphertext) {
        return NativeResource.call(key, k -> Native.rsaDecrypt(k, ciphertext));
    }

    /**
     * The number-verification {@code phoneNum}: {@link #rsaEncrypt}(platformKey, phone + appKey + timestamp).
     *
     * @param phone     11 digits starting with 1
     * @param timestamp 17 digits, the header timestamp of the same request
     * @throws YdrzException {@link Status#INVALID_ARG} for a malformed {@code phone} or {@code timestamp} or an
     *     empty {@code appKey}
     */
    public static String encryptPhone(PublicKey platformKey, String phone, String appKey, String timestamp) {
        return NativeResource.call(platformKey, k -> Native.encryptPhone(k, phone, appKey, timestamp));
    }

    /**
     * Decrypts the tokenValidate {@code msisdn}: Base64, AES-128-ECB/PKCS#7 with the first 16 bytes of
     * {@code appKey}. A plain 11-digit number is returned unchanged.
     *
     * @throws YdrzException {@link Status#CRYPTO} for a wrong appkey
     */
    public static String decryptMsisdn(String appKey, String msisdn) {
        return Native.decryptMsisdn(appKey, msisdn);
    }

    /**
     * The phone number as logs may show it: {@code 138****8000} for an 11-digit number and {@code ****} for
     * anything else, so that neither the number nor its length shows ({@code ydrz_mask_phone}).
     *
     * @throws YdrzException {@link Status#NULL_ARG} for {@code null}
     */
    public static String maskPhone(String phone) {
        return Native.maskPhone(phone);
    }

    /**
     * Generates an RSA key pair (e = 65537) in the forms the platform's console expects.
     *
     * @param bits 1024 to 4096, a multiple of 128
     * @throws YdrzException {@link Status#KEY} for another size
     */
    public static GeneratedKeyPair generateKeyPair(int bits) {
        String[] pair = Native.keyGenerate(bits);
        return new GeneratedKeyPair(pair[0], pair[1]);
    }

    /**
     * The Chinese message of a platform result code, e.g. "成功" for "103000".
     *
     * @param product nullable: mp_onekey_login, mp_number_verify, app_onekey_login, app_number_verify, app_sdk
     * @param stage   nullable: a stage of return_codes.tsv
     * @return empty when the code, {@code product} or {@code stage} is unknown, or {@code code} is {@code null}
     * @throws YdrzException {@link Status#INVALID_ARG} when an argument contains U+0000,
     *     {@link Status#INVALID_UTF8} when one has an unpaired surrogate (neither can name a code)
     */
    public static Optional<String> codeMessage(String code, String product, String stage) {
        return Optional.ofNullable(Native.codeMessage(code, product, stage));
    }

    /** {@link #codeMessage(String, String, String)} without narrowing by product or stage. */
    public static Optional<String> codeMessage(String code) {
        return codeMessage(code, null, null);
    }

    /**
     * Every catalog entry for {@code code} as a JSON array of
     * {@code {"product","stage","code","message_zh","meaning_en","hint"}} ({@code []} when unknown).
     *
     * @param product nullable, as for {@link #codeMessage(String, String, String)}
     * @param stage   nullable
     * @throws YdrzException {@link Status#INVALID_ARG} for an unknown product or stage name
     */
    public static String codeDescribe(String code, String product, String stage) {
        return Native.codeDescribe(code, product, stage);
    }
}
