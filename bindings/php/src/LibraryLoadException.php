<?php

declare(strict_types=1);

namespace Ydrz;

/** libydrz could not be loaded, or it is not the ABI version this binding was written for. */
final class LibraryLoadException extends \RuntimeException
{
}
