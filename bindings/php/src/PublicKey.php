<?php

declare(strict_types=1);

namespace Ydrz;

/** An RSA public key: Base64 DER or PEM, X.509 SPKI or PKCS#1, 1024 to 4096 bits; a private key throws
 * YDRZ_E_KEY. Freed by close() or __destruct. */
final class PublicKey extends Handle
{
    public function __construct(?string $keyText)
    {
        parent::__construct(Native::create('ydrz_public_key_load', 'ydrz_public_key', Native::text($keyText, 'keyText')));
    }

    protected static function freeFunction(): string
    {
        return 'ydrz_public_key_free';
    }
}
