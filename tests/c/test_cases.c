/* The behaviour table tests/data/cases.json in C: every case's export must return the case's status
 * (docs/bindings.md). C skips what its strings cannot express or what the header calls undefined behaviour:
 * text with a NUL inside (a C string ends there) and a closed handle (use after free). The skips are counted
 * and printed. A new `call` fails until it is mapped in run() below. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ydrz.h"
#include "cases.h"

/* Calls the export `call` with the materialized arguments; returns its status, or -1 for an unmapped call. */
static int32_t run(const char *call, char **a, const long *n) {
    char *out = NULL, *out2 = NULL;
    int32_t rc = -1;
    if (strcmp(call, "mask_phone") == 0) {
        rc = ydrz_mask_phone(a[0], &out, NULL);
    } else if (strcmp(call, "decrypt_msisdn") == 0) {
        rc = ydrz_decrypt_msisdn(a[0], a[1], &out, NULL);
    } else if (strcmp(call, "private_key_load") == 0) {
        ydrz_private_key *key = NULL;
        rc = ydrz_private_key_load(a[0], &key, NULL);
        ydrz_private_key_free(key);
    } else if (strcmp(call, "public_key_load") == 0) {
        ydrz_public_key *key = NULL;
        rc = ydrz_public_key_load(a[0], &key, NULL);
        ydrz_public_key_free(key);
    } else if (strcmp(call, "client_new") == 0) {
        ydrz_client *client = NULL;
        rc = ydrz_client_new(a[0], &client, NULL);
        ydrz_client_free(client);
    } else if (strcmp(call, "code_describe") == 0) {
        rc = ydrz_code_describe(a[0], a[1], a[2], &out, NULL);
    } else if (strcmp(call, "jssdk_sign") == 0) {
        rc = ydrz_jssdk_sign(a[0], a[1], a[2], a[3], a[4], a[5], (int32_t)n[6], &out, NULL);
    } else if (strcmp(call, "key_generate") == 0) {
        rc = ydrz_key_generate((uint32_t)n[0], &out, &out2, NULL);
    }
    ydrz_string_free(out);
    ydrz_string_free(out2);
    return rc;
}

int main(void) {
    size_t count = sizeof CASES / sizeof CASES[0], skipped = 0, failed = 0;
    for (size_t i = 0; i < count; i++) {
        const struct table_case *c = &CASES[i];
        char *args[8] = {NULL};
        long numbers[8] = {0};
        const char *skip = NULL;
        for (size_t j = 0; j < c->argc; j++) {
            const struct case_arg *arg = &c->args[j];
            switch (arg->kind) {
            case ARG_TEXT:
                args[j] = (char *)arg->text;
                break;
            case ARG_NULL:
                break;
            case ARG_NUMBER:
                numbers[j] = arg->number;
                break;
            case ARG_REPEAT: {
                size_t unit = strlen(arg->text), total = unit * (size_t)arg->number;
                char *text = (char *)malloc(total + 1);
                if (text == NULL) {
                    fprintf(stderr, "out of memory\n");
                    return 1;
                }
                for (long k = 0; k < arg->number; k++) memcpy(text + (size_t)k * unit, arg->text, unit);
                text[total] = '\0';
                args[j] = text;
                break;
            }
            case ARG_CLOSED:
                skip = "a closed handle (use after free is undefined behaviour in C)";
                break;
            case ARG_NUL_INSIDE:
                skip = "text with a NUL inside (a C string ends at the NUL)";
                break;
            }
        }
        if (skip != NULL) {
            skipped++;
            printf("skip %s: %s\n", c->name, skip);
        } else {
            int32_t rc = run(c->call, args, numbers);
            if (rc < 0) {
                failed++;
                printf("FAIL %s: cases.json calls %s, which this runner does not map\n", c->name, c->call);
            } else if (strcmp(ydrz_status_name(rc), c->status) != 0) {
                failed++;
                printf("FAIL %s: got %s, want %s\n", c->name, ydrz_status_name(rc), c->status);
            }
        }
        for (size_t j = 0; j < c->argc; j++) {
            if (c->args[j].kind == ARG_REPEAT) free(args[j]);
        }
    }
    printf("cases.json: %zu cases, %zu passed, %zu failed, %zu skipped\n", count, count - failed - skipped, failed,
           skipped);
    return failed == 0 ? 0 : 1;
}
