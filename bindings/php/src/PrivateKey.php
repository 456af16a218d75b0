<?php

declare(strict_types=1);

namespace Ydrz;

/**
 * An RSA private key parsed by the library (1024 to 4096 bits): Base64 DER or PEM, PKCS#8 or PKCS#1. A public,
 * non-RSA or encrypted key, a PEM label that does not match or a size out of range throws YDRZ_E_KEY (the
 * message never quotes the key). close() or __destruct zeroizes the key material.
 */
final class PrivateKey extends Handle
{
    public function __construct(?string $keyText)
    {
        parent::__construct(Native::create('ydrz_private_key_load', 'ydrz_private_key', Native::text($keyText, 'keyText')));
    }

    protected static function freeFunction(): string
    {
        return 'ydrz_private_key_free';
    }

    /** The public half as Base64 X.509 SubjectPublicKeyInfo (what is registered on dev.10086.cn). */
    public function publicSpki(): string
    {
        return $this->invoke('ydrz_private_key_public_spki', Out::Str)[0];
    }
}
