<?php

declare(strict_types=1);

namespace Ydrz;

/** Text encoding of a signature or ciphertext (YDRZ_ENCODING_*). */
final class Encoding
{
    public const HEX_UPPER = 1;
    public const HEX_LOWER = 2;
    public const BASE64 = 3;
}
