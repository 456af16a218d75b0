/* The smallest useful C program with libydrz: the jssdk sign for the mini-program, and error handling.
 *
 * Build against an installed or unpacked release (README, "Install"):
 *   cc minimal.c $(pkg-config --cflags --libs ydrz) -Wl,-rpath,$(pkg-config --variable=libdir ydrz) -o minimal
 *   ./minimal
 */
#include <stdio.h>

#include "ydrz.h"

int main(void) {
    char *sign = NULL;
    ydrz_error *err = NULL;
    /* appId, appkey, traceId (= msgId), timestamp (17 digits, UTC+8); NULL version/businessType = "2.0"/"8". */
    int32_t rc = ydrz_jssdk_sign("300012345678", "5A3F0E9C2B7D4E1F8A6C3B9D0E2F4A7C", "7f3c2a9e5b8d4c1fa0e6b2d9c4f81a37",
                                 "20240131235959123", NULL, NULL, YDRZ_ENCODING_HEX_UPPER, &sign, &err);
    if (rc != YDRZ_OK) {
        fprintf(stderr, "%s: %s\n", ydrz_status_name(rc), ydrz_error_message(err));
        ydrz_error_free(err);
        return 1;
    }
    printf("jssdk sign: %s\n", sign);
    ydrz_string_free(sign);

    /* A bad key gives YDRZ_E_KEY and a message that says what was found. */
    ydrz_private_key *key = NULL;
    rc = ydrz_private_key_load("not a key", &key, &err);
    printf("loading garbage: %s (%s)\n", ydrz_status_name(rc), ydrz_error_message(err));
    ydrz_error_free(err);
    ydrz_private_key_free(key); /* NULL after a failure; freeing NULL is allowed */
    return 0;
}
