<?php

declare(strict_types=1);

namespace Ydrz;

/** Placeholders for output slots in a Native::call() argument list. */
enum Out
{
    /** A `char **` slot: the call returns the string (or null) and frees the library's copy. */
    case Str;
    /** An `int32_t *` slot: the call returns the int. */
    case I32;
    /** Last in the list of a function that reports its status only: no `ydrz_error **err` is passed. */
    case StatusOnly;
}
