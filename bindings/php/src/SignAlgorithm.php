<?php

declare(strict_types=1);

namespace Ydrz;

/** RSASSA-PKCS1-v1_5 digest (YDRZ_SIGN_*): Java "SHA256withRSA" and "MD5withRSA". */
final class SignAlgorithm
{
    public const SHA256_RSA = 1;
    public const MD5_RSA = 2;
}
