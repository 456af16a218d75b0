<?php

declare(strict_types=1);

namespace Ydrz;

/**
 * The customer private key's operations outside the library (an HSM, a cloud KMS), for a client configured with
 * "signer": "external" and the key's "public_key" instead of "private_key". Client's validation methods call
 * it (new Client($config, ..., signer: $signer)); Exchange::provideWith() does for an exchange sent by one's
 * own HTTP stack. Bytes are PHP binary strings.
 */
interface Signer
{
    /** The signing algorithms (Java's names, as Exchange::pending() spells them). */
    public const SHA256_WITH_RSA = 'SHA256withRSA';
    public const MD5_WITH_RSA = 'MD5withRSA';

    /**
     * Returns the raw RSASSA-PKCS1-v1_5 signature (as long as the key's modulus) of $data with $algorithm,
     * self::SHA256_WITH_RSA or self::MD5_WITH_RSA. $data is the message itself, not its digest (a KMS that
     * signs digests is given hash('sha256', $data, true) or hash('md5', $data, true)). The library verifies
     * the signature against public_key before anything is sent.
     */
    public function sign(string $algorithm, string $data): string;

    /**
     * Returns the plaintext of one RSA/ECB/PKCS1Padding block (as long as the key's modulus) encrypted to the
     * key: App login in RSA mode needs it when the configuration has no app_login.msisdn_private_key.
     */
    public function decrypt(string $block): string;
}
