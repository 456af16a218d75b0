/* Bounded soak: SOAK_CALLS calls of each export family in one process against the built library, then the
 * resident set may have grown by less than 1 MiB since a warm-up round. Every call's status is checked.
 * Families whose calls are private-key RSA operations or client creation (about a millisecond each) make one
 * such call in PRIVATE_EVERY and fill the rest of their SOAK_CALLS with calls of the same exports that fail
 * on an argument after the key or client was touched, so the stage stays short. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ydrz.h"

#include "check.h"
#include "vectors.h"

#ifndef SOAK_CALLS
#define SOAK_CALLS 100000L
#endif
#define WARMUP_CALLS 2000L
#define PRIVATE_EVERY 100L
#define MAX_GROWTH_KIB 1024L

static ydrz_private_key *private_key;
static ydrz_public_key *public_key;
static ydrz_client *client;
static char *signature;
static long bad_statuses;

static void expect_status(int32_t status, int32_t expected) {
    if (status != expected) {
        if (bad_statuses++ < 5) fprintf(stderr, "  got %s, expected %s\n", ydrz_status_name(status), ydrz_status_name(expected));
    }
}

/* The resident set in KiB, from /proc/self/statm. */
static long rss_kib(void) {
    long size = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f == NULL) return -1;
    if (fscanf(f, "%ld %ld", &size, &resident) != 2) resident = -1;
    fclose(f);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static void info(long i) {
    (void)i;
    if (ydrz_abi_version() != YDRZ_ABI_VERSION || ydrz_version()[0] == '\0') bad_statuses++;
    if (strcmp(ydrz_status_name(YDRZ_E_KEY), "YDRZ_E_KEY") != 0) bad_statuses++;
}

static void errors(long i) {
    ydrz_error *err = NULL;
    char *out = NULL;
    int32_t status = ydrz_jssdk_sign(i % 2 ? NULL : V_APPID, V_APPKEY, V_TRACEID_MSGID, "bad", NULL, NULL,
                                     YDRZ_ENCODING_HEX_UPPER, &out, &err);
    expect_status(status, i % 2 ? YDRZ_E_NULL_ARG : YDRZ_E_INVALID_ARG);
    if (ydrz_error_status(err) != status || ydrz_error_message(err)[0] == '\0' || ydrz_error_platform_code(err) != NULL)
        bad_statuses++;
    ydrz_error_free(err);
}

static void codes(long i) {
    char *out = NULL;
    if (i % 2) {
        if (ydrz_code_message("103000", NULL, NULL) == NULL) bad_statuses++;
        return;
    }
    expect_status(ydrz_code_describe("104201", NULL, NULL, &out, NULL), YDRZ_OK);
    ydrz_string_free(out);
}

static void md5_signs(long i) {
    char *out = NULL, *phone_num = NULL;
    switch (i % 3) {
    case 0:
        expect_status(ydrz_jssdk_sign(V_APPID, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, NULL, NULL,
                                      YDRZ_ENCODING_HEX_UPPER, &out, NULL),
                      YDRZ_OK);
        break;
    case 1:
        expect_status(ydrz_app_login_md5_sign(V_APPID, "2.0", V_TRACEID_MSGID, V_TIMESTAMP, "0", V_TOKEN_APP,
                                              V_APPSECRET, YDRZ_ENCODING_HEX_UPPER, &out, NULL),
                      YDRZ_OK);
        break;
    default:
        expect_status(ydrz_app_number_sign_key_type0(V_APPID, V_APPKEY, V_TRACEID_MSGID, V_PHONE, V_TIMESTAMP,
                                                     V_TOKEN_APP, "1.0", &phone_num, &out, NULL),
                      YDRZ_OK);
    }
    ydrz_string_free(out);
    ydrz_string_free(phone_num);
}

/* Private-key signs: one real sign in PRIVATE_EVERY, otherwise an empty field refused after the key check. */
static void rsa_signs(long i) {
    char *out = NULL;
    int real = i % PRIVATE_EVERY == 0;
    switch (i % 3) {
    case 0:
        expect_status(ydrz_presign_sign(private_key, real ? V_PRESIGN : "", &out, NULL),
                      real ? YDRZ_OK : YDRZ_E_INVALID_ARG);
        break;
    case 1:
        expect_status(ydrz_token_validate_sign(private_key, V_APPID, V_TRACEID_MSGID, V_TIMESTAMP,
                                               real ? V_TOKEN_H5 : "", "2.0", &out, NULL),
                      real ? YDRZ_OK : YDRZ_E_INVALID_ARG);
        break;
    default:
        expect_status(ydrz_rsa_sign(private_key, V_PRESIGN, YDRZ_SIGN_MD5_RSA, real ? YDRZ_ENCODING_BASE64 : 99, &out,
                                    NULL),
                      real ? YDRZ_OK : YDRZ_E_INVALID_ARG);
    }
    ydrz_string_free(out);
}

static void public_ops(long i) {
    char *out = NULL;
    switch (i % 3) {
    case 0:
        expect_status(ydrz_rsa_verify(public_key, V_PRESIGN, signature, YDRZ_SIGN_MD5_RSA, YDRZ_ENCODING_BASE64, NULL),
                      YDRZ_OK);
        break;
    case 1:
        expect_status(ydrz_rsa_encrypt(public_key, V_PHONE, &out, NULL), YDRZ_OK);
        break;
    default:
        expect_status(ydrz_encrypt_phone(public_key, V_PHONE, V_APPKEY, V_TIMESTAMP, &out, NULL), YDRZ_OK);
    }
    ydrz_string_free(out);
}

static void decryption(long i) {
    char *out = NULL;
    if (i % PRIVATE_EVERY == 1) {
        char *cipher = NULL;
        expect_status(ydrz_rsa_encrypt(public_key, V_PHONE, &cipher, NULL), YDRZ_OK);
        expect_status(ydrz_rsa_decrypt(private_key, cipher, &out, NULL), YDRZ_OK);
        ydrz_string_free(cipher);
    } else if (i % 2) {
        expect_status(ydrz_rsa_decrypt(private_key, "not a ciphertext", &out, NULL), YDRZ_E_CRYPTO);
    } else {
        expect_status(ydrz_decrypt_msisdn(V_APPKEY, MSISDN_CIPHERTEXT, &out, NULL), YDRZ_OK);
    }
    ydrz_string_free(out);
}

static void keys(long i) {
    char *out = NULL;
    if (i % PRIVATE_EVERY == 2) {
        ydrz_private_key *key = NULL;
        expect_status(ydrz_private_key_load(K_CUSTOMER_1024_PRIVATE, &key, NULL), YDRZ_OK);
        expect_status(ydrz_private_key_public_spki(key, &out, NULL), YDRZ_OK);
        ydrz_private_key_free(key);
    } else if (i % 2) {
        ydrz_public_key *key = NULL;
        expect_status(ydrz_public_key_load(K_CUSTOMER_1024_PUBLIC, &key, NULL), YDRZ_OK);
        ydrz_public_key_free(key);
    } else {
        ydrz_private_key *key = NULL;
        expect_status(ydrz_private_key_load(K_CUSTOMER_1024_PUBLIC, &key, NULL), YDRZ_E_KEY);
    }
    ydrz_string_free(out);
}

/* The client against a closed loopback port: keyType 0 number verification reaches the transport (connection
 * refused, nothing sent, token released); jssdk params; one client created and freed in PRIVATE_EVERY. */
static void client_calls(long i) {
    char *out = NULL;
    int32_t match = -1;
    if (i % PRIVATE_EVERY == 3) {
        ydrz_client *other = NULL;
        expect_status(ydrz_client_new("{\"app_id\":\"" V_APPID "\",\"app_key\":\"" V_APPKEY "\"}", &other, NULL),
                      YDRZ_OK);
        ydrz_client_free(other);
    } else if (i % 2) {
        expect_status(ydrz_client_jssdk_params(client, &out, NULL), YDRZ_OK);
    } else {
        expect_status(ydrz_client_app_number_verify(client, V_TOKEN_APP, V_PHONE, NULL, &match, &out, NULL),
                      YDRZ_E_NETWORK);
    }
    ydrz_string_free(out);
}

struct family {
    const char *name;
    void (*call)(long);
};

static const struct family FAMILIES[] = {
    {"info", info},           {"errors", errors},   {"codes", codes}, {"md5_signs", md5_signs},
    {"rsa_signs", rsa_signs}, {"public_ops", public_ops}, {"decryption", decryption}, {"keys", keys},
    {"client", client_calls},
};
#define FAMILY_COUNT (sizeof FAMILIES / sizeof FAMILIES[0])

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(void) {
    const char *config = "{\"app_id\":\"" V_APPID "\",\"app_key\":\"" V_APPKEY "\",\"base_url\":\"http://127.0.0.1:1\","
                         "\"app_number\":{\"key_type\":\"0\"},\"connect_timeout_ms\":2000}";
    CHECK(ydrz_private_key_load(K_CUSTOMER_1024_PRIVATE, &private_key, NULL) == YDRZ_OK);
    CHECK(ydrz_public_key_load(K_CUSTOMER_1024_PUBLIC, &public_key, NULL) == YDRZ_OK);
    CHECK(ydrz_client_new(config, &client, NULL) == YDRZ_OK);
    CHECK(ydrz_rsa_sign(private_key, V_PRESIGN, YDRZ_SIGN_MD5_RSA, YDRZ_ENCODING_BASE64, &signature, NULL) == YDRZ_OK);
    if (private_key == NULL || public_key == NULL || client == NULL || signature == NULL) return check_summary("soak");

    for (size_t f = 0; f < FAMILY_COUNT; f++)
        for (long i = 0; i < WARMUP_CALLS; i++) FAMILIES[f].call(i);
    long before = rss_kib();
    for (size_t f = 0; f < FAMILY_COUNT; f++) {
        double start = seconds();
        for (long i = 0; i < SOAK_CALLS; i++) FAMILIES[f].call(i);
        printf("soak: %-10s %ld calls in %.2f s, RSS %ld KiB\n", FAMILIES[f].name, SOAK_CALLS, seconds() - start,
               rss_kib());
    }
    long after = rss_kib();
    printf("soak: RSS %ld KiB after warm-up, %ld KiB after %ld calls of each of %d families (growth %ld KiB)\n",
           before, after, SOAK_CALLS, (int)FAMILY_COUNT, after - before);
    CHECK(before > 0 && after > 0);
    CHECK(after - before < MAX_GROWTH_KIB);
    CHECK(bad_statuses == 0);

    ydrz_string_free(signature);
    ydrz_client_free(client);
    ydrz_private_key_free(private_key);
    ydrz_public_key_free(public_key);
    return check_summary("soak");
}
