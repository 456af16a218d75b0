<?php

declare(strict_types=1);

namespace Ydrz;

/** The YDRZ_* status codes of ydrz.h (never renumbered); YdrzException::getStatus() returns one. */
final class Status
{
    public const OK = 0;
    public const E_NULL_ARG = 1;
    public const E_INVALID_ARG = 2;
    public const E_INVALID_UTF8 = 3;
    public const E_KEY = 10;
    public const E_CRYPTO = 11;
    public const E_SIGNATURE = 12;
    public const E_NETWORK = 20;
    public const E_TIMEOUT = 21;
    public const E_HTTP = 22;
    public const E_PROTOCOL = 23;
    public const E_PLATFORM = 30;
    public const E_TOKEN_REUSED = 31;
    public const E_PANIC = 100;
}
