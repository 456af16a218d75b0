<?php

declare(strict_types=1);

namespace Ydrz;

/**
 * A failed library call. getStatus() (also getCode()) is the status number, getStatusName() its constant
 * name as the library spells it, getPlatformCode() the platform's result code for YDRZ_E_PLATFORM (else
 * null), getReason() the library's message, which never holds secrets or full phone numbers. getMessage()
 * is "<statusName>[ (platform code X)]: <reason>".
 */
final class YdrzException extends \RuntimeException
{
    public function __construct(
        private readonly int $status,
        private readonly string $statusName,
        private readonly ?string $platformCode,
        private readonly string $reason,
    ) {
        $code = $platformCode === null ? '' : " (platform code $platformCode)";
        parent::__construct("$statusName$code: $reason", $status);
    }

    /** An argument error found before calling the library (C could not even represent the value). */
    public static function invalidArgument(string $reason): self
    {
        return new self(Status::E_INVALID_ARG, 'YDRZ_E_INVALID_ARG', null, $reason);
    }

    public function getStatus(): int
    {
        return $this->status;
    }

    public function getStatusName(): string
    {
        return $this->statusName;
    }

    public function getPlatformCode(): ?string
    {
        return $this->platformCode;
    }

    public function getReason(): string
    {
        return $this->reason;
    }
}
