<?php

declare(strict_types=1);

namespace Ydrz;

/**
 * The library's functions: signatures, encryption and decryption exactly as the platform expects them,
 * result-code descriptions, and what library is loaded. Text arguments are strings (bytes, UTF-8 expected);
 * null for a required one throws YDRZ_E_NULL_ARG, an empty or malformed value YDRZ_E_INVALID_ARG, a string
 * holding NUL YDRZ_E_INVALID_ARG before the library is called.
 */
final class Ydrz
{
    public const ABI_VERSION = Native::ABI_VERSION;

    /**
     * The one-click login jssdk sign (YDRZ.getTokenInfo): MD5(appId + businessType + msgId + timestamp +
     * traceId + version + appKey) with msgId = traceId. $version defaults to "2.0", $businessType to "8"
     * (null); $timestamp is 17 digits; $encoding HEX_UPPER (default) or HEX_LOWER. 32 hex characters.
     */
    public static function jssdkSign(
        ?string $appId,
        ?string $appKey,
        ?string $traceId,
        ?string $timestamp,
        ?string $version = null,
        ?string $businessType = null,
        int $encoding = Encoding::HEX_UPPER,
    ): string {
        return Native::call(
            'ydrz_jssdk_sign',
            Native::text($appId, 'appId'),
            Native::text($appKey, 'appKey'),
            Native::text($traceId, 'traceId'),
            Native::text($timestamp, 'timestamp'),
            Native::text($version, 'version'),
            Native::text($businessType, 'businessType'),
            Native::integer($encoding, 'encoding'),
            Out::Str,
        )[0];
    }

    /** The one-click login tokenValidate sign: SHA256withRSA(appId + traceId + timestamp + token + version),
     * upper-case hex; $version must equal the interfaceVersion header sent (null: the library's default, "2.0"). */
    public static function tokenValidateSign(
        ?PrivateKey $key,
        ?string $appId,
        ?string $traceId,
        ?string $timestamp,
        ?string $token,
        ?string $version = null,
    ): string {
        return Native::call(
            'ydrz_token_validate_sign',
            Handle::of($key, PrivateKey::class, 'key'),
            Native::text($appId, 'appId'),
            Native::text($traceId, 'traceId'),
            Native::text($timestamp, 'timestamp'),
            Native::text($token, 'token'),
            Native::text($version, 'version'),
            Out::Str,
        )[0];
    }

    /** The number-verification preSign signature: $presign signed verbatim with MD5withRSA, Base64. */
    public static function presignSign(?PrivateKey $key, ?string $presign): string
    {
        return Native::call(
            'ydrz_presign_sign',
            Handle::of($key, PrivateKey::class, 'key'),
            Native::text($presign, 'presign'),
            Out::Str,
        )[0];
    }

    /** The App one-click login sign (loginTokenValidate, MD5 mode): MD5(appId + version + msgId + systemTime +
     * strictCheck + token + secret); $secret is the APPSecret; $encoding HEX_UPPER (default) or HEX_LOWER. */
    public static function appLoginMd5Sign(
        ?string $appId,
        ?string $version,
        ?string $msgId,
        ?string $systemTime,
        ?string $strictCheck,
        ?string $token,
        ?string $secret,
        int $encoding = Encoding::HEX_UPPER,
    ): string {
        return Native::call(
            'ydrz_app_login_md5_sign',
            Native::text($appId, 'appId'),
            Native::text($version, 'version'),
            Native::text($msgId, 'msgId'),
            Native::text($systemTime, 'systemTime'),
            Native::text($strictCheck, 'strictCheck'),
            Native::text($token, 'token'),
            Native::text($secret, 'secret'),
            Native::integer($encoding, 'encoding'),
            Out::Str,
        )[0];
    }

    /**
     * The App number verification keyType 0 fields, upper-case hex: phoneNum = SHA256(phone + appKey +
     * timestamp) and sign = HMAC-SHA256(appKey, appId + msgId + phoneNum + timestamp + token + version).
     *
     * @return array{phoneNum: string, sign: string}
     */
    public static function appNumberSignKeyType0(
        ?string $appId,
        ?string $appKey,
        ?string $msgId,
        ?string $phone,
        ?string $timestamp,
        ?string $token,
        ?string $version,
    ): array {
        [$phoneNum, $sign] = Native::call(
            'ydrz_app_number_sign_key_type0',
            Native::text($appId, 'appId'),
            Native::text($appKey, 'appKey'),
            Native::text($msgId, 'msgId'),
            Native::text($phone, 'phone'),
            Native::text($timestamp, 'timestamp'),
            Native::text($token, 'token'),
            Native::text($version, 'version'),
            Out::Str,
            Out::Str,
        );
        return ['phoneNum' => $phoneNum, 'sign' => $sign];
    }

    /** RSASSA-PKCS1-v1_5 signature of $data with $algorithm (SignAlgorithm), written in $encoding (Encoding). */
    public static function rsaSign(?PrivateKey $key, ?string $data, int $algorithm, int $encoding): string
    {
        return Native::call(
            'ydrz_rsa_sign',
            Handle::of($key, PrivateKey::class, 'key'),
            Native::text($data, 'data'),
            Native::integer($algorithm, 'algorithm'),
            Native::integer($encoding, 'encoding'),
            Out::Str,
        )[0];
    }

    /** Whether $signature (in $encoding; hex in either case) is a valid $algorithm signature of $data: false
     * when it does not verify (YDRZ_E_SIGNATURE); other failures throw. */
    public static function rsaVerify(?PublicKey $key, ?string $data, ?string $signature, int $algorithm, int $encoding): bool
    {
        try {
            Native::call(
                'ydrz_rsa_verify',
                Handle::of($key, PublicKey::class, 'key'),
                Native::text($data, 'data'),
                Native::text($signature, 'signature'),
                Native::integer($algorithm, 'algorithm'),
                Native::integer($encoding, 'encoding'),
            );
            return true;
        } catch (YdrzException $e) {
            if ($e->getStatus() === Status::E_SIGNATURE) {
                return false;
            }
            throw $e;
        }
    }

    /** RsaUtils.encryptedDataOnJava: PKCS#1 v1.5 encryption of $plaintext (1 to 65536 bytes) in chunks of k-11
     * bytes, joined and Base64-encoded. */
    public static function rsaEncrypt(?PublicKey $key, ?string $plaintext): string
    {
        return Native::call(
            'ydrz_rsa_encrypt',
            Handle::of($key, PublicKey::class, 'key'),
            Native::text($plaintext, 'plaintext'),
            Out::Str,
        )[0];
    }

    /** The inverse of rsaEncrypt: Base64 or hex ciphertext of whole blocks, decrypted to UTF-8 text. */
    public static function rsaDecrypt(?PrivateKey $key, ?string $ciphertext): string
    {
        return Native::call(
            'ydrz_rsa_decrypt',
            Handle::of($key, PrivateKey::class, 'key'),
            Native::text($ciphertext, 'ciphertext'),
            Out::Str,
        )[0];
    }

    /** The number-verification phoneNum: rsaEncrypt($platformKey, phone + appKey + timestamp). */
    public static function encryptPhone(?PublicKey $platformKey, ?string $phone, ?string $appKey, ?string $timestamp): string
    {
        return Native::call(
            'ydrz_encrypt_phone',
            Handle::of($platformKey, PublicKey::class, 'platformKey'),
            Native::text($phone, 'phone'),
            Native::text($appKey, 'appKey'),
            Native::text($timestamp, 'timestamp'),
            Out::Str,
        )[0];
    }

    /** Decrypts the tokenValidate msisdn (Base64 AES-128-ECB/PKCS#7, key = first 16 bytes of the appKey); a
     * plain 11-digit number is returned unchanged; a wrong appKey throws YDRZ_E_CRYPTO. */
    public static function decryptMsisdn(?string $appKey, ?string $msisdn): string
    {
        return Native::call(
            'ydrz_decrypt_msisdn',
            Native::text($appKey, 'appKey'),
            Native::text($msisdn, 'msisdn'),
            Out::Str,
        )[0];
    }

    /**
     * Generates an RSA key pair (e = 65537) of $bits (1024 to 4096, a multiple of 8) in Java getEncoded()
     * forms, Base64. Another size throws YDRZ_E_KEY.
     *
     * @return array{privatePkcs8: string, publicSpki: string}
     */
    public static function generateKeyPair(int $bits = 1024): array
    {
        [$private, $public] = Native::call(
            'ydrz_key_generate',
            Native::integer($bits, 'bits', unsigned: true),
            Out::Str,
            Out::Str,
        );
        return ['privatePkcs8' => $private, 'publicSpki' => $public];
    }

    /** The Chinese message of a platform result code, e.g. "成功" for "103000"; null when the code, $product or
     * $stage is unknown or not UTF-8. $product and $stage narrow the match where a code means different things. */
    public static function codeMessage(?string $code, ?string $product = null, ?string $stage = null): ?string
    {
        return Native::ffi()->ydrz_code_message(
            Native::text($code, 'code'),
            Native::text($product, 'product'),
            Native::text($stage, 'stage'),
        );
    }

    /**
     * Every catalog entry for $code (an empty list when unknown); an unknown $product or $stage throws
     * YDRZ_E_INVALID_ARG.
     *
     * @return list<array{product: string, stage: string, code: string, message_zh: string, meaning_en: string, hint: string}>
     */
    public static function codeDescribe(?string $code, ?string $product = null, ?string $stage = null): array
    {
        $json = Native::call(
            'ydrz_code_describe',
            Native::text($code, 'code'),
            Native::text($product, 'product'),
            Native::text($stage, 'stage'),
            Out::Str,
        )[0];
        return json_decode($json, true, flags: JSON_THROW_ON_ERROR);
    }

    /** The library version, e.g. "0.1.0". */
    public static function version(): string
    {
        return Native::ffi()->ydrz_version();
    }

    /** The library's ABI version (checked to be ABI_VERSION when it is loaded). */
    public static function abiVersion(): int
    {
        return Native::ffi()->ydrz_abi_version();
    }

    /** The library's name of a status number, e.g. "YDRZ_E_KEY"; "YDRZ_UNKNOWN" for an unknown number. */
    public static function statusName(int $status): string
    {
        return Native::ffi()->ydrz_status_name(Native::integer($status, 'status'));
    }

    /** The library that was loaded: a path, a name the loader resolved, or the preloaded FFI scope. */
    public static function libraryPath(): string
    {
        return Native::path();
    }

    /** "138****8000" for an 11-digit number, "****" for anything else (neither the number nor its length shows):
     * the form to log instead of the full number (ydrz_mask_phone). */
    public static function maskPhone(?string $phone): string
    {
        return Native::call('ydrz_mask_phone', Native::text($phone, 'phone'), Out::Str)[0];
    }
}
