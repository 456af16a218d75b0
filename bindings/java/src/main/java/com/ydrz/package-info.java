/**
 * Java binding (JNI) of libydrz, the server-side library for China Mobile's authentication platform (移动认证,
 * cmpassport): the stateless functions in {@link com.ydrz.Ydrz} (signs, encryption, key generation, the
 * return-code catalog), the keys {@link com.ydrz.PrivateKey} / {@link com.ydrz.PublicKey}, and the platform
 * {@link com.ydrz.Client}.
 *
 * <p>Failures of the library are {@link com.ydrz.YdrzException}s carrying a {@link com.ydrz.Status}. String
 * arguments follow the C rules everywhere: a {@code null} where a value is required gives
 * {@link com.ydrz.Status#NULL_ARG}; a string containing a U+0000 (NUL) character, which a C string cannot
 * carry, gives {@link com.ydrz.Status#INVALID_ARG}; a string with an unpaired surrogate, which is not valid
 * UTF-8, gives {@link com.ydrz.Status#INVALID_UTF8}. Neither reaches the C library.
 */
package com.ydrz;
