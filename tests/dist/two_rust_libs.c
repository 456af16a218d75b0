/* libydrz.a and a second, unrelated Rust static library (tests/dist/other_rust_lib) in one program: each carries
 * its own copy of Rust std, which links only because libydrz.a keeps nothing but ydrz_* global. Prints the same
 * jssdk sign as examples/minimal.c; exits non-zero when a call misbehaves. */
#include <stdint.h>
#include <stdio.h>

#include "ydrz.h"

int64_t other_word_count(const char *text);
int32_t other_caught_panic(void);

int main(void) {
    char *sign = NULL;
    ydrz_error *err = NULL;
    int32_t rc = ydrz_jssdk_sign("300012345678", "5A3F0E9C2B7D4E1F8A6C3B9D0E2F4A7C", "7f3c2a9e5b8d4c1fa0e6b2d9c4f81a37",
                                 "20240131235959123", NULL, NULL, YDRZ_ENCODING_HEX_UPPER, &sign, &err);
    if (rc != YDRZ_OK) {
        fprintf(stderr, "ydrz_jssdk_sign: %s\n", ydrz_status_name(rc));
        ydrz_error_free(err);
        return 1;
    }
    printf("jssdk sign: %s\n", sign);
    ydrz_string_free(sign);

    ydrz_private_key *key = NULL;
    rc = ydrz_private_key_load("not a key", &key, &err);
    ydrz_error_free(err);
    if (rc != YDRZ_E_KEY || key != NULL) {
        fprintf(stderr, "loading garbage gave %s\n", ydrz_status_name(rc));
        return 1;
    }
    if (other_word_count("two rust libraries") != 3) {
        fprintf(stderr, "other_word_count is wrong\n");
        return 1;
    }
    if (other_caught_panic() != 1) {
        fprintf(stderr, "the other library's panic was not caught\n");
        return 1;
    }
    printf("both libraries work: ydrz %s\n", ydrz_version());
    return 0;
}
