<?php

declare(strict_types=1);

namespace Ydrz;

use FFI\CData;

/**
 * Owns one library handle: freed by close() (idempotent) or, at the latest, by __destruct when the last
 * reference goes. Use after close() throws YdrzException YDRZ_E_NULL_ARG without calling the library.
 * Cloning, serializing and unserializing are refused (each would duplicate or forge a handle).
 */
abstract class Handle
{
    private ?CData $pointer;

    protected function __construct(CData $pointer)
    {
        $this->pointer = $pointer;
    }

    /** The library's *_free function for this kind of handle. */
    abstract protected static function freeFunction(): string;

    /** The raw handle, for a call on it. */
    public function pointer(): CData
    {
        if ($this->pointer === null) {
            $name = (new \ReflectionClass($this))->getShortName();
            throw new YdrzException(Status::E_NULL_ARG, 'YDRZ_E_NULL_ARG', null, "this $name is closed");
        }
        return $this->pointer;
    }

    /** Frees the handle now. Idempotent. */
    public function close(): void
    {
        if ($this->pointer !== null) {
            $pointer = $this->pointer;
            $this->pointer = null;
            Native::ffi()->{static::freeFunction()}($pointer);
        }
    }

    public function isClosed(): bool
    {
        return $this->pointer === null;
    }

    public function __destruct()
    {
        $this->close();
    }

    public function __clone()
    {
        $this->pointer = null; // this is the copy: its destructor must not free the original's handle
        throw new \LogicException(static::class . ' holds a native handle and cannot be cloned');
    }

    public function __serialize(): array
    {
        throw new \LogicException(static::class . ' holds a native handle and cannot be serialized');
    }

    /** unserialize() would make an object without a handle (its constructor never ran): refused. */
    public function __unserialize(array $data): void
    {
        $this->pointer = null; // this object was never constructed: its destructor must find nothing to free
        throw new \LogicException(static::class . ' holds a native handle and cannot be unserialized');
    }

    /** Native::call() with this handle as the first argument. */
    protected function invoke(string $function, mixed ...$args): array
    {
        return Native::call($function, $this->pointer(), ...$args);
    }

    /** The raw handle of $handle (an instance of $kind), or null (NULL, for the library to reject). */
    public static function of(?self $handle, string $kind, string $name): ?CData
    {
        if ($handle === null) {
            return null;
        }
        if (!$handle instanceof $kind) {
            $short = substr($kind, strrpos($kind, '\\') + 1);
            throw new \TypeError("$name must be a Ydrz\\$short, not " . get_class($handle));
        }
        return $handle->pointer();
    }
}
