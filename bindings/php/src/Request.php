<?php

declare(strict_types=1);

namespace Ydrz;

/**
 * The request of an Exchange (ydrz_exchange_request): send $method to $url with every header of $headers in
 * order (Content-Type first) and $body as the exact request body (UTF-8 JSON text) within $timeoutMs for the
 * whole request; never follow a redirect. The body carries the token: do not log it.
 */
final class Request
{
    /** @param list<array{0: string, 1: string}> $headers [name, value] pairs in order */
    public function __construct(
        public readonly string $method,
        public readonly string $url,
        public readonly array $headers,
        public readonly string $body,
        public readonly int $timeoutMs,
    ) {
    }
}
