/* The C ABI test matrix, compiled against include/ydrz.h and linked against the built shared library (built
 * with the ffi-testing feature so that ydrz_test_panic exists). Also compiled as C++ and run under valgrind
 * and AddressSanitizer by tests/c/Makefile. */
#define _POSIX_C_SOURCE 200809L /* dup, dup2, fileno: capturing stderr around ydrz_test_panic */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ydrz.h"

#include "check.h"
#include "vectors.h"

static const char INVALID_UTF8[] = {'a', (char)0xC3, (char)0x28, 'b', 0};

/* Checks a status and the error object the call stored in *errp (read here, after the call has run), then
 * frees the error and clears *errp. Returns 1 when the status matched. */
static int expect(int32_t status, ydrz_error **errp, int32_t expected) {
    ydrz_error *err = *errp;
    int ok = status == expected && (expected == YDRZ_OK ? err == NULL : err != NULL) &&
             (err == NULL || ydrz_error_status(err) == status);
    if (!ok) {
        fprintf(stderr, "  expected %s, got %s (%s)\n", ydrz_status_name(expected), ydrz_status_name(status),
                err ? ydrz_error_message(err) : "no error object");
    }
    ydrz_error_free(err);
    *errp = NULL;
    return ok;
}

/* Same, and checks that the message contains `needle`. */
static int expect_msg(int32_t status, ydrz_error **errp, int32_t expected, const char *needle) {
    ydrz_error *err = *errp;
    int ok = err != NULL && strstr(ydrz_error_message(err), needle) != NULL;
    if (!ok) {
        fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", err ? ydrz_error_message(err) : "(none)", needle);
    }
    return expect(status, errp, expected) && ok;
}

static char *repeat(char c, size_t n) {
    char *s = (char *)malloc(n + 1);
    memset(s, c, n);
    s[n] = 0;
    return s;
}

static ydrz_private_key *load_private(const char *text) {
    ydrz_private_key *key = NULL;
    ydrz_error *err = NULL;
    CHECK(expect(ydrz_private_key_load(text, &key, &err), &err, YDRZ_OK));
    return key;
}

static ydrz_public_key *load_public(const char *text) {
    ydrz_public_key *key = NULL;
    ydrz_error *err = NULL;
    CHECK(expect(ydrz_public_key_load(text, &key, &err), &err, YDRZ_OK));
    return key;
}

static void test_version_and_names(void) {
    CHECK(ydrz_abi_version() == YDRZ_ABI_VERSION);
    CHECK(ydrz_abi_version() == 1);
    CHECK_STR(ydrz_version(), YDRZ_VERSION);
    CHECK_STR(ydrz_status_name(YDRZ_OK), "YDRZ_OK");
    CHECK_STR(ydrz_status_name(YDRZ_E_KEY), "YDRZ_E_KEY");
    CHECK_STR(ydrz_status_name(YDRZ_E_TOKEN_REUSED), "YDRZ_E_TOKEN_REUSED");
    CHECK_STR(ydrz_status_name(YDRZ_E_PANIC), "YDRZ_E_PANIC");
    CHECK_STR(ydrz_status_name(-1), "YDRZ_UNKNOWN");
    CHECK_STR(ydrz_status_name(4), "YDRZ_UNKNOWN");
    CHECK(ydrz_error_status(NULL) == YDRZ_E_NULL_ARG);
    CHECK_STR(ydrz_error_message(NULL), "");
    CHECK(ydrz_error_platform_code(NULL) == NULL);
}

static void test_vectors(void) {
    char *out = NULL;
    ydrz_error *err = NULL;
    CHECK(expect(ydrz_jssdk_sign(V_APPID, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, NULL, NULL,
                                 YDRZ_ENCODING_HEX_UPPER, &out, &err), &err, YDRZ_OK));
    CHECK_STR(out, JSSDK_EXPECTED_UPPER);
    ydrz_string_free(out);
    CHECK(expect(ydrz_jssdk_sign(V_APPID, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, "2.0", "8",
                                 YDRZ_ENCODING_HEX_LOWER, &out, &err), &err, YDRZ_OK));
    CHECK_STR(out, JSSDK_EXPECTED_LOWER);
    ydrz_string_free(out);
    CHECK(expect(ydrz_jssdk_sign(V_APPID, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, "1.0", "1",
                                 YDRZ_ENCODING_HEX_UPPER, &out, &err), &err, YDRZ_OK));
    CHECK_STR(out, JSSDK_BT1_EXPECTED_UPPER);
    ydrz_string_free(out);

    for (size_t i = 0; i < SIG_VECTOR_COUNT; i++) {
        const struct sig_vector *v = &SIG_VECTORS[i];
        ydrz_private_key *key = load_private(v->private_key);
        ydrz_public_key *pub = load_public(v->public_key);
        CHECK(expect(ydrz_rsa_sign(key, v->data, v->algorithm, v->encoding, &out, &err), &err, YDRZ_OK));
        if (out == NULL || strcmp(out, v->expected) != 0) {
            fprintf(stderr, "  vector %s encoding %d differs\n", v->id, (int)v->encoding);
        }
        CHECK_STR(out, v->expected);
        ydrz_string_free(out);
        CHECK(expect(ydrz_rsa_verify(pub, v->data, v->expected, v->algorithm, v->encoding, &err), &err, YDRZ_OK));
        CHECK(expect(ydrz_rsa_verify(pub, "tampered", v->expected, v->algorithm, v->encoding, &err), &err,
                     YDRZ_E_SIGNATURE));
        ydrz_private_key_free(key);
        ydrz_public_key_free(pub);
    }

    ydrz_private_key *customer = load_private(K_CUSTOMER_1024_PRIVATE);
    CHECK(expect(ydrz_token_validate_sign(customer, V_APPID, V_TRACEID_MSGID, V_TIMESTAMP, V_TOKEN_H5, "2.0", &out,
                                          &err), &err, YDRZ_OK));
    CHECK_STR(out, TV_EXPECTED_1024);
    ydrz_string_free(out);
    CHECK(expect(ydrz_presign_sign(customer, V_PRESIGN, &out, &err), &err, YDRZ_OK));
    CHECK_STR(out, PRESIGN_EXPECTED_1024);
    ydrz_string_free(out);
    ydrz_private_key_free(customer);

    for (size_t i = 0; i < DEC_VECTOR_COUNT; i++) {
        const struct dec_vector *v = &DEC_VECTORS[i];
        ydrz_private_key *key = load_private(v->private_key);
        CHECK(expect(ydrz_rsa_decrypt(key, v->ciphertext, &out, &err), &err, YDRZ_OK));
        CHECK_STR(out, v->plaintext);
        ydrz_string_free(out);
        ydrz_private_key_free(key);
    }

    CHECK(expect(ydrz_decrypt_msisdn(V_APPKEY, MSISDN_CIPHERTEXT, &out, &err), &err, YDRZ_OK));
    CHECK_STR(out, MSISDN_PLAINTEXT);
    ydrz_string_free(out);

    CHECK(expect(ydrz_app_login_md5_sign(V_APPID, "2.0", V_TRACEID_MSGID, V_TIMESTAMP, "0", V_TOKEN_APP, APP_MD5_SECRET,
                                         YDRZ_ENCODING_HEX_UPPER, &out, &err), &err, YDRZ_OK));
    CHECK_STR(out, APP_MD5_EXPECTED_UPPER);
    ydrz_string_free(out);
    CHECK(expect(ydrz_app_login_md5_sign(V_APPID, "2.0", V_TRACEID_MSGID, V_TIMESTAMP, "0", V_TOKEN_APP, APP_MD5_SECRET,
                                         YDRZ_ENCODING_HEX_LOWER, &out, &err), &err, YDRZ_OK));
    CHECK_STR(out, APP_MD5_EXPECTED_LOWER);
    ydrz_string_free(out);
    char *phone_num = NULL;
    CHECK(expect(ydrz_app_number_sign_key_type0(V_APPID, V_APPKEY, V_TRACEID_MSGID, V_PHONE, V_TIMESTAMP, V_TOKEN_APP, "1.0",
                                                &phone_num, &out, &err), &err, YDRZ_OK));
    CHECK_STR(phone_num, KEYTYPE0_PHONE_NUM);
    CHECK_STR(out, KEYTYPE0_SIGN);
    ydrz_string_free(phone_num);
    ydrz_string_free(out);

    /* Our phone encryption decrypts with the platform private key to phone + appkey + timestamp. */
    ydrz_public_key *platform = load_public(K_PLATFORM_1024_PUBLIC);
    ydrz_private_key *platform_private = load_private(K_PLATFORM_1024_PRIVATE);
    char *cipher = NULL;
    CHECK(expect(ydrz_encrypt_phone(platform, V_PHONE, V_APPKEY, V_TIMESTAMP, &cipher, &err), &err, YDRZ_OK));
    CHECK(cipher != NULL && strlen(cipher) == 172);
    CHECK(expect(ydrz_rsa_decrypt(platform_private, cipher, &out, &err), &err, YDRZ_OK));
    CHECK_STR(out, PHONE_PLAINTEXT);
    ydrz_string_free(out);
    ydrz_string_free(cipher);

    /* Chunking: 200 bytes need two 117-byte blocks of a 1024-bit key: 256 bytes = 344 Base64 characters. */
    char *long_text = repeat('x', 200);
    CHECK(expect(ydrz_rsa_encrypt(platform, long_text, &cipher, &err), &err, YDRZ_OK));
    CHECK(cipher != NULL && strlen(cipher) == 344);
    CHECK(expect(ydrz_rsa_decrypt(platform_private, cipher, &out, &err), &err, YDRZ_OK));
    CHECK_STR(out, long_text);
    ydrz_string_free(out);
    ydrz_string_free(cipher);
    free(long_text);
    ydrz_public_key_free(platform);
    ydrz_private_key_free(platform_private);
}

static void test_keys(void) {
    ydrz_private_key *key = NULL;
    ydrz_public_key *pub = NULL;
    ydrz_error *err = NULL;
    char *priv_text = NULL, *pub_text = NULL, *out = NULL;

    CHECK(expect(ydrz_key_generate(1024, &priv_text, &pub_text, &err), &err, YDRZ_OK));
    CHECK(priv_text != NULL && strncmp(priv_text, "MIIC", 4) == 0 && strchr(priv_text, '\n') == NULL);
    CHECK(pub_text != NULL && strncmp(pub_text, "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ", 38) == 0);
    key = load_private(priv_text);
    CHECK(expect(ydrz_private_key_public_spki(key, &out, &err), &err, YDRZ_OK));
    CHECK_STR(out, pub_text);
    ydrz_string_free(out);
    ydrz_private_key_free(key);
    ydrz_string_free(priv_text);
    ydrz_string_free(pub_text);

    CHECK(expect_msg(ydrz_key_generate(512, &priv_text, &pub_text, &err), &err, YDRZ_E_KEY, "512 bits"));
    CHECK(priv_text == NULL && pub_text == NULL);
    CHECK(expect(ydrz_key_generate(8192, &priv_text, &pub_text, &err), &err, YDRZ_E_KEY));

    /* Wrong kinds say what was found. */
    CHECK(expect_msg(ydrz_private_key_load(K_CUSTOMER_1024_PUBLIC, &key, &err), &err, YDRZ_E_KEY, "public key"));
    CHECK(key == NULL);
    CHECK(expect_msg(ydrz_public_key_load(K_CUSTOMER_1024_PRIVATE, &pub, &err), &err, YDRZ_E_KEY, "private key"));
    CHECK(pub == NULL);
    /* PKCS#8 data inside a PKCS#1 PEM header. */
    const char *mislabelled_head = "-----BEGIN RSA PRIVATE KEY-----\n";
    const char *mislabelled_tail = "\n-----END RSA PRIVATE KEY-----\n";
    char *mislabelled = (char *)malloc(strlen(mislabelled_head) + strlen(K_CUSTOMER_1024_PRIVATE) + strlen(mislabelled_tail) + 1);
    strcpy(mislabelled, mislabelled_head);
    strcat(mislabelled, K_CUSTOMER_1024_PRIVATE);
    strcat(mislabelled, mislabelled_tail);
    CHECK(expect_msg(ydrz_private_key_load(mislabelled, &key, &err), &err, YDRZ_E_KEY,
                     "PKCS#1 PEM header (\"RSA PRIVATE KEY\") around PKCS#8 data"));
    /* The same PEM with the right label loads, with a line break inside the Base64. */
    strcpy(mislabelled, "-----BEGIN PRIVATE KEY-----\n");
    strncat(mislabelled, K_CUSTOMER_1024_PRIVATE, 64);
    strcat(mislabelled, "\r\n");
    strcat(mislabelled, K_CUSTOMER_1024_PRIVATE + 64);
    strcat(mislabelled, "\n-----END PRIVATE KEY-----\n");
    key = load_private(mislabelled);
    CHECK(key != NULL);
    ydrz_private_key_free(key);
    free(mislabelled);

    /* Truncated Base64, truncated PEM, garbage. */
    char truncated[101];
    memcpy(truncated, K_CUSTOMER_1024_PRIVATE, 100);
    truncated[100] = 0;
    CHECK(expect(ydrz_private_key_load(truncated, &key, &err), &err, YDRZ_E_KEY));
    CHECK(expect_msg(ydrz_private_key_load("-----BEGIN PRIVATE KEY-----\nMIIC", &key, &err), &err, YDRZ_E_KEY,
                     "no matching"));
    CHECK(expect_msg(ydrz_public_key_load("hello world", &pub, &err), &err, YDRZ_E_KEY, "neither PEM nor"));
    CHECK(expect(ydrz_public_key_load("", &pub, &err), &err, YDRZ_E_KEY));
    CHECK(expect(ydrz_public_key_load("   \n ", &pub, &err), &err, YDRZ_E_KEY));
    CHECK(expect_msg(ydrz_public_key_load("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", &pub, &err),
                     &err, YDRZ_E_KEY, "certificate"));

    /* Key errors never echo the key material. */
    err = NULL;
    ydrz_private_key_load(K_CUSTOMER_1024_PUBLIC, &key, &err);
    CHECK(err != NULL && strstr(ydrz_error_message(err), "MIGf") == NULL);
    ydrz_error_free(err);
}

static void test_null_arguments(void) {
    ydrz_private_key *key = load_private(K_CUSTOMER_1024_PRIVATE);
    ydrz_public_key *pub = load_public(K_CUSTOMER_1024_PUBLIC);
    ydrz_private_key *kout = NULL;
    ydrz_public_key *pout = NULL;
    ydrz_client *cout = NULL;
    char *out = (char *)"sentinel", *out2 = NULL;
    ydrz_error *err = NULL;
    int32_t match = 7;
    const int32_t H = YDRZ_ENCODING_HEX_UPPER, A = YDRZ_SIGN_SHA256_RSA;

    CHECK(expect_msg(ydrz_jssdk_sign(NULL, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, NULL, NULL, H, &out, &err), &err, YDRZ_E_NULL_ARG, "app_id"));
    CHECK(out == NULL);
    CHECK(expect_msg(ydrz_jssdk_sign(V_APPID, NULL, V_TRACEID_MSGID, V_TIMESTAMP, NULL, NULL, H, &out, &err), &err, YDRZ_E_NULL_ARG, "app_key"));
    CHECK(expect(ydrz_jssdk_sign(V_APPID, V_APPKEY, NULL, V_TIMESTAMP, NULL, NULL, H, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_jssdk_sign(V_APPID, V_APPKEY, V_TRACEID_MSGID, NULL, NULL, NULL, H, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect_msg(ydrz_jssdk_sign(V_APPID, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, NULL, NULL, H, NULL, &err), &err, YDRZ_E_NULL_ARG, "out"));
    CHECK(expect(ydrz_rsa_sign(NULL, "d", A, H, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_rsa_sign(key, NULL, A, H, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_rsa_sign(key, "d", A, H, NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_rsa_verify(NULL, "d", "AA", A, H, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_rsa_verify(pub, NULL, "AA", A, H, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_rsa_verify(pub, "d", NULL, A, H, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_token_validate_sign(NULL, "a", "t", V_TIMESTAMP, "k", "2.0", &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_token_validate_sign(key, NULL, "t", V_TIMESTAMP, "k", "2.0", &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_token_validate_sign(key, "a", NULL, V_TIMESTAMP, "k", "2.0", &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_token_validate_sign(key, "a", "t", NULL, "k", "2.0", &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_token_validate_sign(key, "a", "t", V_TIMESTAMP, NULL, "2.0", &out, &err), &err, YDRZ_E_NULL_ARG));
    {   /* a NULL version is the library's default, "2.0" */
        char *with_default = NULL, *with_2_0 = NULL;
        CHECK(ydrz_token_validate_sign(key, "a", "t", V_TIMESTAMP, "k", NULL, &with_default, NULL) == YDRZ_OK);
        CHECK(ydrz_token_validate_sign(key, "a", "t", V_TIMESTAMP, "k", "2.0", &with_2_0, NULL) == YDRZ_OK);
        CHECK(with_default != NULL && with_2_0 != NULL && strcmp(with_default, with_2_0) == 0);
        ydrz_string_free(with_default);
        ydrz_string_free(with_2_0);
    }
    CHECK(expect(ydrz_token_validate_sign(key, "a", "t", V_TIMESTAMP, "k", "2.0", NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_presign_sign(NULL, "p", &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_presign_sign(key, NULL, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_presign_sign(key, "p", NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_private_key_load(NULL, &kout, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_private_key_load(K_CUSTOMER_1024_PRIVATE, NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_public_key_load(NULL, &pout, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_public_key_load(K_CUSTOMER_1024_PUBLIC, NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_key_generate(1024, NULL, &out2, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_key_generate(1024, &out, NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_private_key_public_spki(NULL, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_private_key_public_spki(key, NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_rsa_encrypt(NULL, "x", &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_rsa_encrypt(pub, NULL, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_rsa_encrypt(pub, "x", NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_rsa_decrypt(NULL, "x", &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_rsa_decrypt(key, NULL, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_rsa_decrypt(key, "x", NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_encrypt_phone(NULL, V_PHONE, V_APPKEY, V_TIMESTAMP, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_encrypt_phone(pub, NULL, V_APPKEY, V_TIMESTAMP, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_encrypt_phone(pub, V_PHONE, NULL, V_TIMESTAMP, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_encrypt_phone(pub, V_PHONE, V_APPKEY, NULL, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_encrypt_phone(pub, V_PHONE, V_APPKEY, V_TIMESTAMP, NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_decrypt_msisdn(NULL, "x", &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_decrypt_msisdn(V_APPKEY, NULL, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_decrypt_msisdn(V_APPKEY, "x", NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_login_md5_sign(NULL, "2.0", "m", V_TIMESTAMP, "0", "t", "s", H, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_login_md5_sign("a", NULL, "m", V_TIMESTAMP, "0", "t", "s", H, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_login_md5_sign("a", "2.0", NULL, V_TIMESTAMP, "0", "t", "s", H, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_login_md5_sign("a", "2.0", "m", NULL, "0", "t", "s", H, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_login_md5_sign("a", "2.0", "m", V_TIMESTAMP, NULL, "t", "s", H, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_login_md5_sign("a", "2.0", "m", V_TIMESTAMP, "0", NULL, "s", H, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect_msg(ydrz_app_login_md5_sign("a", "2.0", "m", V_TIMESTAMP, "0", "t", NULL, H, &out, &err), &err, YDRZ_E_NULL_ARG, "secret"));
    CHECK(expect(ydrz_app_login_md5_sign("a", "2.0", "m", V_TIMESTAMP, "0", "t", "s", H, NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_number_sign_key_type0(NULL, V_APPKEY, "m", V_PHONE, V_TIMESTAMP, "t", "1.0", &out, &out2, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_number_sign_key_type0("a", NULL, "m", V_PHONE, V_TIMESTAMP, "t", "1.0", &out, &out2, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_number_sign_key_type0("a", V_APPKEY, NULL, V_PHONE, V_TIMESTAMP, "t", "1.0", &out, &out2, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_number_sign_key_type0("a", V_APPKEY, "m", NULL, V_TIMESTAMP, "t", "1.0", &out, &out2, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_number_sign_key_type0("a", V_APPKEY, "m", V_PHONE, NULL, "t", "1.0", &out, &out2, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_number_sign_key_type0("a", V_APPKEY, "m", V_PHONE, V_TIMESTAMP, NULL, "1.0", &out, &out2, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_number_sign_key_type0("a", V_APPKEY, "m", V_PHONE, V_TIMESTAMP, "t", NULL, &out, &out2, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_number_sign_key_type0("a", V_APPKEY, "m", V_PHONE, V_TIMESTAMP, "t", "1.0", NULL, &out2, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_app_number_sign_key_type0("a", V_APPKEY, "m", V_PHONE, V_TIMESTAMP, "t", "1.0", &out, NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(out == NULL && out2 == NULL);
    CHECK(ydrz_code_message(NULL, NULL, NULL) == NULL);
    CHECK(expect(ydrz_code_describe(NULL, NULL, NULL, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_code_describe("103000", NULL, NULL, NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_client_new(NULL, &cout, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_client_new("{\"app_id\":\"1\"}", NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_client_jssdk_params(NULL, &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_client_presign_sign(NULL, "p", &out, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_client_onekey_validate(NULL, "t", "u", NULL, &out, NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_client_number_verify(NULL, "t", "u", V_PHONE, NULL, &match, NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(match == 0);
    CHECK(expect(ydrz_client_app_login_validate(NULL, "t", NULL, &out, NULL, &err), &err, YDRZ_E_NULL_ARG));
    CHECK(expect(ydrz_client_app_number_verify(NULL, "t", V_PHONE, NULL, &match, NULL, &err), &err, YDRZ_E_NULL_ARG));

    /* err may be NULL: the status still comes back and nothing leaks. */
    CHECK(ydrz_rsa_sign(NULL, "d", A, H, &out, NULL) == YDRZ_E_NULL_ARG);
    CHECK(ydrz_private_key_load("garbage", &kout, NULL) == YDRZ_E_KEY);

    /* Frees accept NULL, any number of times. */
    ydrz_string_free(NULL);
    ydrz_string_free(NULL);
    ydrz_error_free(NULL);
    ydrz_private_key_free(NULL);
    ydrz_public_key_free(NULL);
    ydrz_client_free(NULL);
    ydrz_client_free(NULL);
    ydrz_private_key_free(key);
    ydrz_public_key_free(pub);
}

static void test_invalid_values(void) {
    ydrz_private_key *key = load_private(K_CUSTOMER_1024_PRIVATE);
    ydrz_public_key *pub = load_public(K_CUSTOMER_1024_PUBLIC);
    ydrz_private_key *kout = NULL;
    ydrz_client *cout = NULL;
    char *out = NULL;
    ydrz_error *err = NULL;
    const int32_t H = YDRZ_ENCODING_HEX_UPPER, A = YDRZ_SIGN_SHA256_RSA;

    /* Invalid UTF-8 in each kind of argument. */
    CHECK(expect_msg(ydrz_jssdk_sign(INVALID_UTF8, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, NULL, NULL, H, &out, &err), &err, YDRZ_E_INVALID_UTF8, "app_id"));
    CHECK(expect(ydrz_jssdk_sign(V_APPID, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, INVALID_UTF8, NULL, H, &out, &err), &err, YDRZ_E_INVALID_UTF8));
    CHECK(expect(ydrz_rsa_sign(key, INVALID_UTF8, A, H, &out, &err), &err, YDRZ_E_INVALID_UTF8));
    CHECK(expect(ydrz_private_key_load(INVALID_UTF8, &kout, &err), &err, YDRZ_E_INVALID_UTF8));
    CHECK(expect(ydrz_decrypt_msisdn(INVALID_UTF8, MSISDN_CIPHERTEXT, &out, &err), &err, YDRZ_E_INVALID_UTF8));
    CHECK(expect(ydrz_client_new(INVALID_UTF8, &cout, &err), &err, YDRZ_E_INVALID_UTF8));
    CHECK(ydrz_code_message(INVALID_UTF8, NULL, NULL) == NULL);

    /* Empty strings. */
    CHECK(expect_msg(ydrz_jssdk_sign("", V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, NULL, NULL, H, &out, &err), &err, YDRZ_E_INVALID_ARG, "app_id is empty"));
    CHECK(expect(ydrz_token_validate_sign(key, V_APPID, V_TRACEID_MSGID, V_TIMESTAMP, "", "2.0", &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect(ydrz_presign_sign(key, "", &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect(ydrz_rsa_encrypt(pub, "", &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect(ydrz_rsa_decrypt(key, "", &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect(ydrz_decrypt_msisdn("", MSISDN_CIPHERTEXT, &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect(ydrz_decrypt_msisdn(V_APPKEY, "", &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect(ydrz_encrypt_phone(pub, "", V_APPKEY, V_TIMESTAMP, &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect(ydrz_client_new("", &cout, &err), &err, YDRZ_E_INVALID_ARG));
    /* Signing empty data is allowed (a signature of zero bytes is well defined). */
    CHECK(expect(ydrz_rsa_sign(key, "", A, H, &out, &err), &err, YDRZ_OK));
    ydrz_string_free(out);

    /* Malformed values. */
    CHECK(expect_msg(ydrz_jssdk_sign(V_APPID, V_APPKEY, V_TRACEID_MSGID, "2012122718001165", NULL, NULL, H, &out, &err), &err, YDRZ_E_INVALID_ARG, "17 digits"));
    CHECK(expect(ydrz_encrypt_phone(pub, "1380013800", V_APPKEY, V_TIMESTAMP, &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect(ydrz_rsa_verify(pub, "d", "not hex", A, H, &err), &err, YDRZ_E_SIGNATURE));
    CHECK(expect(ydrz_rsa_decrypt(key, "AAAA", &out, &err), &err, YDRZ_E_CRYPTO));        /* 3 bytes, not a block */
    CHECK(expect_msg(ydrz_rsa_decrypt(key, "00112233", &out, &err), &err, YDRZ_E_CRYPTO, "128-byte"));
    CHECK(expect(ydrz_rsa_decrypt(key, "!!!", &out, &err), &err, YDRZ_E_CRYPTO));
    CHECK(expect(ydrz_decrypt_msisdn(V_APPKEY, "AAAA", &out, &err), &err, YDRZ_E_CRYPTO));
    CHECK(expect(ydrz_decrypt_msisdn("0000000000000000", MSISDN_CIPHERTEXT, &out, &err), &err, YDRZ_E_CRYPTO));
    CHECK(expect(ydrz_decrypt_msisdn("short", MSISDN_CIPHERTEXT, &out, &err), &err, YDRZ_E_INVALID_ARG));

    /* Unknown enum values. */
    CHECK(expect_msg(ydrz_rsa_sign(key, "d", 0, H, &out, &err), &err, YDRZ_E_INVALID_ARG, "algorithm"));
    CHECK(expect(ydrz_rsa_sign(key, "d", 3, H, &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect_msg(ydrz_rsa_sign(key, "d", A, 99, &out, &err), &err, YDRZ_E_INVALID_ARG, "encoding"));
    CHECK(expect(ydrz_rsa_verify(pub, "d", "AA", -1, H, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect(ydrz_jssdk_sign(V_APPID, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, NULL, NULL, YDRZ_ENCODING_BASE64, &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect(ydrz_jssdk_sign(V_APPID, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, NULL, NULL, 0, &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(out == NULL);
    CHECK(expect(ydrz_app_login_md5_sign("a", "2.0", "m", V_TIMESTAMP, "0", "t", "s", YDRZ_ENCODING_BASE64, &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect(ydrz_app_login_md5_sign("a", "2.0", "m", "1234", "0", "t", "s", YDRZ_ENCODING_HEX_UPPER, &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect(ydrz_app_login_md5_sign("a", "2.0", "m", V_TIMESTAMP, "0", "t", "", YDRZ_ENCODING_HEX_UPPER, &out, &err), &err, YDRZ_E_INVALID_ARG));
    char *phone_num = NULL;
    CHECK(expect(ydrz_app_number_sign_key_type0("a", V_APPKEY, "m", "12345", V_TIMESTAMP, "t", "1.0", &phone_num, &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(phone_num == NULL && out == NULL);

    /* Messages never carry the appkey or the phone number. */
    err = NULL;
    ydrz_decrypt_msisdn("0000000000000000", MSISDN_CIPHERTEXT, &out, &err);
    CHECK(err != NULL && strstr(ydrz_error_message(err), "0000000000000000") == NULL);
    ydrz_error_free(err);
    err = NULL;
    ydrz_encrypt_phone(pub, V_PHONE, V_APPKEY, "bad", &out, &err);
    CHECK(err != NULL && strstr(ydrz_error_message(err), V_APPKEY) == NULL && strstr(ydrz_error_message(err), V_PHONE) == NULL);
    ydrz_error_free(err);

    ydrz_private_key_free(key);
    ydrz_public_key_free(pub);
}

static void test_huge_inputs(void) {
    const size_t MIB = 1024 * 1024;
    char *huge = repeat('A', MIB);
    char *out = NULL;
    ydrz_error *err = NULL;
    ydrz_private_key *key = load_private(K_CUSTOMER_1024_PRIVATE);
    ydrz_public_key *pub = load_public(K_PLATFORM_1024_PUBLIC);
    ydrz_private_key *kout = NULL;
    ydrz_public_key *pout = NULL;
    ydrz_client *cout = NULL;

    CHECK(expect_msg(ydrz_jssdk_sign(huge, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, NULL, NULL, YDRZ_ENCODING_HEX_UPPER, &out, &err), &err, YDRZ_E_INVALID_ARG, "at most"));
    CHECK(expect(ydrz_private_key_load(huge, &kout, &err), &err, YDRZ_E_KEY));
    CHECK(expect(ydrz_public_key_load(huge, &pout, &err), &err, YDRZ_E_KEY));
    CHECK(expect(ydrz_rsa_encrypt(pub, huge, &out, &err), &err, YDRZ_E_INVALID_ARG));
    /* Refused by the length of its text, before any decoding. */
    CHECK(expect_msg(ydrz_rsa_decrypt(key, huge, &out, &err), &err, YDRZ_E_CRYPTO, "bytes of Base64 or hex are accepted"));
    CHECK(expect(ydrz_decrypt_msisdn(V_APPKEY, huge, &out, &err), &err, YDRZ_E_CRYPTO));
    CHECK(expect(ydrz_token_validate_sign(key, V_APPID, V_TRACEID_MSGID, V_TIMESTAMP, huge, "2.0", &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect(ydrz_client_new(huge, &cout, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(ydrz_code_message(huge, NULL, NULL) == NULL);
    CHECK(expect(ydrz_code_describe(huge, NULL, NULL, &out, &err), &err, YDRZ_OK));
    CHECK_STR(out, "[]");
    ydrz_string_free(out);
    /* A generic signature over 1 MiB of data is fine. */
    CHECK(expect(ydrz_rsa_sign(key, huge, YDRZ_SIGN_SHA256_RSA, YDRZ_ENCODING_BASE64, &out, &err), &err, YDRZ_OK));
    CHECK(out != NULL && strlen(out) == 172);
    ydrz_string_free(out);
    ydrz_private_key_free(key);
    ydrz_public_key_free(pub);
    free(huge);
}

static void test_codes(void) {
    char *out = NULL;
    ydrz_error *err = NULL;
    CHECK_STR(ydrz_code_message("103000", "mp_onekey_login", "token_validate"), "成功");
    CHECK_STR(ydrz_code_message("104013", NULL, NULL), "验证签名失败");
    CHECK_STR(ydrz_code_message("105003", "mp_onekey_login", "cucc_getnum"), "联通网关取号失败");
    CHECK_STR(ydrz_code_message("105003", "mp_onekey_login", "ctcc_getnum"), "电信网关取号失败");
    CHECK(ydrz_code_message("105003", "mp_number_verify", NULL) == NULL);
    CHECK(ydrz_code_message("no-such-code", NULL, NULL) == NULL);
    CHECK(expect(ydrz_code_describe("105003", NULL, NULL, &out, &err), &err, YDRZ_OK));
    CHECK(out != NULL && strstr(out, "\"product\":\"mp_onekey_login\"") != NULL && strstr(out, "联通") != NULL);
    ydrz_string_free(out);
    CHECK(expect_msg(ydrz_code_describe("105003", "nope", NULL, &out, &err), &err, YDRZ_E_INVALID_ARG, "unknown product"));
    CHECK(out == NULL);
}

static void test_client_offline(void) {
    ydrz_client *client = NULL;
    ydrz_error *err = NULL;
    char *out = NULL, *details = NULL;
    CHECK(expect_msg(ydrz_client_new("{\"app_id\":\"1\",\"tiemout_ms\":5}", &client, &err), &err, YDRZ_E_INVALID_ARG, "tiemout_ms"));
    CHECK(client == NULL);
    CHECK(expect(ydrz_client_new("{\"app_id\":\"1\",\"private_key\":\"garbage\"}", &client, &err), &err, YDRZ_E_KEY));
    CHECK(expect(ydrz_client_new("not json", &client, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect_msg(ydrz_client_new("{\"app_id\":\"1\",\"base_url\":\"http://example.com\"}", &client, &err), &err, YDRZ_E_INVALID_ARG, "loopback"));

    /* Port 9 on loopback refuses connections: a network error before anything was sent, so the token is
       released and the same call may be made again. */
    const char *config = "{\"app_id\":\"" V_APPID "\",\"app_key\":\"" V_APPKEY "\",\"private_key\":\"" K_CUSTOMER_1024_PRIVATE
                         "\",\"platform_public_key\":\"" K_PLATFORM_1024_PUBLIC "\",\"base_url\":\"http://127.0.0.1:9\"}";
    CHECK(expect(ydrz_client_new(config, &client, &err), &err, YDRZ_OK));
    CHECK(expect(ydrz_client_jssdk_params(client, &out, &err), &err, YDRZ_OK));
    CHECK(out != NULL && strstr(out, "\"appId\":\"" V_APPID "\"") != NULL && strstr(out, "\"businessType\":\"8\"") != NULL);
    ydrz_string_free(out);
    CHECK(expect(ydrz_client_presign_sign(client, V_PRESIGN, &out, &err), &err, YDRZ_OK));
    CHECK_STR(out, PRESIGN_EXPECTED_1024);
    ydrz_string_free(out);
    int32_t match = 5;
    CHECK(expect(ydrz_client_onekey_validate(client, "tok", "ui", NULL, &out, &details, &err), &err, YDRZ_E_NETWORK));
    CHECK(out == NULL && details == NULL);
    CHECK(expect(ydrz_client_onekey_validate(client, "tok", "ui", NULL, &out, NULL, &err), &err, YDRZ_E_NETWORK));
    CHECK(expect(ydrz_client_number_verify(client, "tok2", "ui", V_PHONE, NULL, &match, NULL, &err), &err, YDRZ_E_NETWORK));
    CHECK(match == 0);
    CHECK(expect(ydrz_client_number_verify(client, "tok2", "ui", "12", NULL, &match, NULL, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect(ydrz_client_app_login_validate(client, "tok3", NULL, &out, NULL, &err), &err, YDRZ_E_INVALID_ARG)); /* no app_secret */
    CHECK(expect(ydrz_client_app_number_verify(client, "tok4", V_PHONE, "", &match, &details, &err), &err, YDRZ_E_NETWORK));

    /* Every required argument and output slot of a live client's calls: YDRZ_E_NULL_ARG naming it, nothing sent. */
    CHECK(expect_msg(ydrz_client_jssdk_params(client, NULL, &err), &err, YDRZ_E_NULL_ARG, "out_json"));
    CHECK(expect_msg(ydrz_client_presign_sign(client, NULL, &out, &err), &err, YDRZ_E_NULL_ARG, "presign"));
    CHECK(expect_msg(ydrz_client_presign_sign(client, V_PRESIGN, NULL, &err), &err, YDRZ_E_NULL_ARG, "out"));
    CHECK(expect_msg(ydrz_client_presign_sign(client, "", &out, &err), &err, YDRZ_E_INVALID_ARG, "presign"));
    CHECK(expect_msg(ydrz_client_onekey_validate(client, NULL, "ui", NULL, &out, NULL, &err), &err, YDRZ_E_NULL_ARG, "token"));
    CHECK(expect_msg(ydrz_client_onekey_validate(client, "t5", NULL, NULL, &out, NULL, &err), &err, YDRZ_E_NULL_ARG, "user_information"));
    CHECK(expect_msg(ydrz_client_onekey_validate(client, "t5", "ui", NULL, NULL, NULL, &err), &err, YDRZ_E_NULL_ARG, "out_phone"));
    CHECK(expect_msg(ydrz_client_number_verify(client, NULL, "ui", V_PHONE, NULL, &match, NULL, &err), &err, YDRZ_E_NULL_ARG, "token"));
    CHECK(expect_msg(ydrz_client_number_verify(client, "t6", NULL, V_PHONE, NULL, &match, NULL, &err), &err, YDRZ_E_NULL_ARG, "user_information"));
    CHECK(expect_msg(ydrz_client_number_verify(client, "t6", "ui", NULL, NULL, &match, NULL, &err), &err, YDRZ_E_NULL_ARG, "phone"));
    CHECK(expect_msg(ydrz_client_number_verify(client, "t6", "ui", V_PHONE, NULL, NULL, NULL, &err), &err, YDRZ_E_NULL_ARG, "out_match"));
    CHECK(expect_msg(ydrz_client_app_login_validate(client, NULL, NULL, &out, NULL, &err), &err, YDRZ_E_NULL_ARG, "token"));
    CHECK(expect_msg(ydrz_client_app_login_validate(client, "t7", NULL, NULL, NULL, &err), &err, YDRZ_E_NULL_ARG, "out_phone"));
    CHECK(expect_msg(ydrz_client_app_number_verify(client, NULL, V_PHONE, NULL, &match, NULL, &err), &err, YDRZ_E_NULL_ARG, "token"));
    CHECK(expect_msg(ydrz_client_app_number_verify(client, "t8", NULL, NULL, &match, NULL, &err), &err, YDRZ_E_NULL_ARG, "phone"));
    CHECK(expect_msg(ydrz_client_app_number_verify(client, "t8", V_PHONE, NULL, NULL, NULL, &err), &err, YDRZ_E_NULL_ARG, "out_match"));
    CHECK(out == NULL);
    /* None of those tokens was sent, so each may still be used: it fails on the network, not as a reuse. */
    CHECK(expect(ydrz_client_onekey_validate(client, "t5", "ui", NULL, &out, NULL, &err), &err, YDRZ_E_NETWORK));
    ydrz_client_free(client);
}

/* Host stderr redirected into a temporary file while a test calls the library: begin_capture returns the
 * file (NULL on failure, counted as a failed check) and keeps the original descriptor in *saved;
 * end_capture restores stderr, reports what was printed, closes the file and returns the number of bytes. */
static FILE *begin_capture(int *saved) {
    FILE *capture = tmpfile();
    CHECK(capture != NULL);
    if (capture == NULL) {
        return NULL;
    }
    fflush(stderr);
    *saved = dup(2);
    CHECK(*saved >= 0 && dup2(fileno(capture), 2) == 2);
    return capture;
}

static long end_capture(FILE *capture, int saved, const char *what) {
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    fseek(capture, 0, SEEK_END);
    long printed = ftell(capture);
    if (printed != 0) {
        char text[512] = {0};
        rewind(capture);
        size_t n = fread(text, 1, sizeof text - 1, capture);
        fprintf(stderr, "  %s printed %ld bytes to stderr: %.*s\n", what, printed, (int)n, text);
    }
    fclose(capture);
    return printed;
}

/* A SOCKS proxy is refused when the client is made, and nothing reaches the host's stderr: the HTTP stack
 * has no SOCKS support and would panic inside every call, printing the panic message before the boundary
 * catches it. A client that is made anyway is called once, so that such a panic shows here. */
static void test_socks_proxy_is_refused_silently(void) {
    static const char *const schemes[] = {"socks5", "socks5h", "socks4", "socks4a"};
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
        char config[4096];
        snprintf(config, sizeof config,
                 "{\"app_id\":\"" V_APPID "\",\"app_key\":\"" V_APPKEY "\",\"private_key\":\"" K_CUSTOMER_1024_PRIVATE
                 "\",\"base_url\":\"http://127.0.0.1:9\",\"proxy\":\"%s://127.0.0.1:9\"}",
                 schemes[i]);
        int saved = -1;
        FILE *capture = begin_capture(&saved);
        if (capture == NULL) {
            return;
        }
        ydrz_client *client = NULL;
        ydrz_error *err = NULL;
        int32_t status = ydrz_client_new(config, &client, &err);
        int32_t call_status = YDRZ_OK;
        if (client != NULL) {
            char *out = NULL;
            call_status = ydrz_client_onekey_validate(client, "tok", "ui", NULL, &out, NULL, NULL);
            ydrz_client_free(client);
        }
        long printed = end_capture(capture, saved, schemes[i]);
        CHECK(expect_msg(status, &err, YDRZ_E_INVALID_ARG, "SOCKS proxies are not supported"));
        CHECK(call_status == YDRZ_OK);
        CHECK(printed == 0);
    }
}

/* The exchange (bring your own HTTP) without a server: the request, every ending, and every misuse. */
static void test_exchange_offline(void) {
    ydrz_client *client = NULL;
    ydrz_exchange *ex = NULL, *other = NULL;
    ydrz_error *err = NULL;
    char *out = NULL;
    const char *config = "{\"app_id\":\"" V_APPID "\",\"app_key\":\"" V_APPKEY "\",\"private_key\":\"" K_CUSTOMER_1024_PRIVATE
                         "\",\"platform_public_key\":\"" K_PLATFORM_1024_PUBLIC "\",\"base_url\":\"http://127.0.0.1:9\",\"timeout_ms\":4321}";
    const uint8_t platform_error[] = "{\"resultCode\":\"104007\",\"desc\":\"token not found\"}";
    CHECK(expect(ydrz_client_new(config, &client, &err), &err, YDRZ_OK));

    CHECK(expect(ydrz_client_onekey_begin(client, "x1", "ui", NULL, &ex, &err), &err, YDRZ_OK));
    CHECK(ex != NULL);
    CHECK(expect(ydrz_exchange_request(ex, &out, &err), &err, YDRZ_OK));
    CHECK(out != NULL && strstr(out, "\"method\":\"POST\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"url\":\"http://127.0.0.1:9/h5/onekeylogin/tokenValidate\"") != NULL);
    CHECK(out != NULL && strstr(out, "\"headers\":[[\"Content-Type\",\"application/json;charset=utf-8\"],[\"interfaceVersion\",\"2.0\"]") != NULL);
    CHECK(out != NULL && strstr(out, "\"timeout_ms\":4321") != NULL);
    CHECK(out != NULL && strstr(out, "\\\"token\\\":\\\"x1\\\"") != NULL); /* the body is a JSON string holding JSON */
    ydrz_string_free(out);
    out = NULL;
    CHECK(expect(ydrz_client_onekey_begin(client, "x1", "ui", NULL, &other, &err), &err, YDRZ_E_TOKEN_REUSED));
    CHECK(other == NULL);

    /* Misuse of finish leaves the exchange as it was. */
    CHECK(expect_msg(ydrz_exchange_finish(ex, 200, NULL, 5, &out, &err), &err, YDRZ_E_NULL_ARG, "body"));
    CHECK(expect_msg(ydrz_exchange_finish(ex, 99, NULL, 0, &out, &err), &err, YDRZ_E_INVALID_ARG, "http_status"));
    CHECK(expect(ydrz_exchange_finish(ex, 600, NULL, 0, &out, &err), &err, YDRZ_E_INVALID_ARG));
    CHECK(expect_msg(ydrz_exchange_finish(ex, 200, platform_error, sizeof platform_error - 1, NULL, &err), &err, YDRZ_E_NULL_ARG, "out_result_json"));
    CHECK(expect_msg(ydrz_exchange_finish(NULL, 200, platform_error, sizeof platform_error - 1, &out, &err), &err, YDRZ_E_NULL_ARG, "exchange"));
    /* The answer: a platform refusal, read as the blocking call reads it. */
    CHECK(expect(ydrz_exchange_finish(ex, 200, platform_error, sizeof platform_error - 1, &out, &err), &err, YDRZ_E_PLATFORM));
    CHECK(out == NULL);
    /* Ended: finishing again or declaring it unsent is a clear error; its request is still readable. */
    CHECK(expect_msg(ydrz_exchange_finish(ex, 200, platform_error, sizeof platform_error - 1, &out, &err), &err, YDRZ_E_INVALID_ARG, "already finished"));
    CHECK(ydrz_exchange_not_sent(ex) == YDRZ_E_INVALID_ARG);
    CHECK(expect(ydrz_exchange_request(ex, &out, &err), &err, YDRZ_OK));
    ydrz_string_free(out);
    out = NULL;
    ydrz_exchange_free(ex);
    CHECK(expect(ydrz_client_onekey_begin(client, "x1", "ui", NULL, &ex, &err), &err, YDRZ_E_TOKEN_REUSED)); /* kept */

    /* not_sent releases the token; then nothing else ends the exchange. */
    CHECK(expect(ydrz_client_number_verify_begin(client, "x2", "ui", V_PHONE, NULL, &ex, &err), &err, YDRZ_OK));
    CHECK(ydrz_exchange_not_sent(ex) == YDRZ_OK);
    CHECK(ydrz_exchange_not_sent(ex) == YDRZ_E_INVALID_ARG);
    CHECK(expect_msg(ydrz_exchange_finish(ex, 200, platform_error, sizeof platform_error - 1, &out, &err), &err, YDRZ_E_INVALID_ARG, "not_sent"));
    ydrz_exchange_free(ex);
    /* Released: the same token begins again; freed without an ending, it stays reserved. */
    CHECK(expect(ydrz_client_number_verify_begin(client, "x2", "ui", V_PHONE, NULL, &ex, &err), &err, YDRZ_OK));
    ydrz_exchange_free(ex);
    CHECK(expect(ydrz_client_number_verify_begin(client, "x2", "ui", V_PHONE, NULL, &ex, &err), &err, YDRZ_E_TOKEN_REUSED));
    CHECK(ex == NULL);

    /* An answer over 1 MiB is a protocol error, and the token is kept (the request was sent). */
    CHECK(expect(ydrz_client_app_number_begin(client, "x3", V_PHONE, NULL, &ex, &err), &err, YDRZ_OK));
    {
        size_t n = 1024 * 1024 + 1;
        uint8_t *huge = (uint8_t *)malloc(n);
        memset(huge, ' ', n);
        CHECK(expect_msg(ydrz_exchange_finish(ex, 200, huge, n, &out, &err), &err, YDRZ_E_PROTOCOL, "larger than"));
        free(huge);
    }
    ydrz_exchange_free(ex);
    CHECK(expect(ydrz_client_app_number_begin(client, "x3", V_PHONE, NULL, &ex, &err), &err, YDRZ_E_TOKEN_REUSED));

    /* A non-2xx status is YDRZ_E_HTTP; a verification's result has "matched". */
    CHECK(expect(ydrz_client_app_number_begin(client, "x4", V_PHONE, NULL, &ex, &err), &err, YDRZ_OK));
    CHECK(expect_msg(ydrz_exchange_finish(ex, 502, (const uint8_t *)"<html>", 6, &out, &err), &err, YDRZ_E_HTTP, "502"));
    ydrz_exchange_free(ex);
    CHECK(expect(ydrz_client_app_number_begin(client, "x5", V_PHONE, NULL, &ex, &err), &err, YDRZ_OK));
    {
        const char *answer = "{\"header\":{\"resultCode\":\"000\"},\"body\":{}}";
        CHECK(expect(ydrz_exchange_finish(ex, 200, (const uint8_t *)answer, strlen(answer), &out, &err), &err, YDRZ_OK));
        CHECK(out != NULL && strncmp(out, "{\"matched\":true,\"details\":{", 27) == 0);
        ydrz_string_free(out);
        out = NULL;
    }
    ydrz_exchange_free(ex);

    /* Begin's inputs are checked as the blocking calls check them; nothing is reserved on failure. */
    CHECK(expect_msg(ydrz_client_onekey_begin(NULL, "x6", "ui", NULL, &ex, &err), &err, YDRZ_E_NULL_ARG, "client"));
    CHECK(expect_msg(ydrz_client_onekey_begin(client, NULL, "ui", NULL, &ex, &err), &err, YDRZ_E_NULL_ARG, "token"));
    CHECK(expect_msg(ydrz_client_onekey_begin(client, "x6", "ui", NULL, NULL, &err), &err, YDRZ_E_NULL_ARG, "out_exchange"));
    CHECK(expect(ydrz_client_onekey_begin(client, "x6", INVALID_UTF8, NULL, &ex, &err), &err, YDRZ_E_INVALID_UTF8));
    CHECK(expect_msg(ydrz_client_number_verify_begin(client, "x6", "ui", NULL, NULL, &ex, &err), &err, YDRZ_E_NULL_ARG, "phone"));
    CHECK(expect_msg(ydrz_client_app_number_begin(client, "x6", NULL, NULL, &ex, &err), &err, YDRZ_E_NULL_ARG, "phone"));
    CHECK(expect(ydrz_client_app_login_begin(client, "x6", NULL, &ex, &err), &err, YDRZ_E_INVALID_ARG)); /* no app_secret */
    CHECK(ex == NULL);
    CHECK(expect_msg(ydrz_exchange_request(NULL, &out, &err), &err, YDRZ_E_NULL_ARG, "exchange"));
    CHECK(ydrz_exchange_not_sent(NULL) == YDRZ_E_NULL_ARG);
    ydrz_exchange_free(NULL);

    /* An exchange outlives its client. */
    CHECK(expect(ydrz_client_onekey_begin(client, "x6", "ui", NULL, &ex, &err), &err, YDRZ_OK));
    CHECK(expect_msg(ydrz_exchange_request(ex, NULL, &err), &err, YDRZ_E_NULL_ARG, "out_request_json"));
    ydrz_client_free(client);
    CHECK(expect(ydrz_exchange_finish(ex, 200, platform_error, sizeof platform_error - 1, &out, &err), &err, YDRZ_E_PLATFORM));
    ydrz_exchange_free(ex);
}

#ifdef YDRZ_FFI_TESTING
static void test_panic_is_caught(void) {
    ydrz_error *err = NULL;
    CHECK(expect_msg(ydrz_test_panic(&err), &err, YDRZ_E_PANIC, "panic"));
    CHECK(ydrz_test_panic(NULL) == YDRZ_E_PANIC);
    /* The library keeps working after a caught panic. */
    char *out = NULL;
    CHECK(expect(ydrz_jssdk_sign(V_APPID, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, NULL, NULL, YDRZ_ENCODING_HEX_UPPER, &out, &err), &err, YDRZ_OK));
    CHECK_STR(out, JSSDK_EXPECTED_UPPER);
    ydrz_string_free(out);
}

/* A caught panic goes through the error object only: nothing reaches the host's stderr. */
static void test_panic_is_silent(void) {
    int saved = -1;
    FILE *capture = begin_capture(&saved);
    if (capture == NULL) {
        return;
    }
    ydrz_error *err = NULL;
    int32_t status = ydrz_test_panic(&err);
    long printed = end_capture(capture, saved, "the panic");
    CHECK(status == YDRZ_E_PANIC);
    CHECK(err != NULL && strstr(ydrz_error_message(err), "ydrz_test_panic was called") != NULL);
    ydrz_error_free(err);
    CHECK(printed == 0);
}
#endif

/* The library frees a returned string by the length it allocated, so a caller that edits the text (a NUL
 * written into it, as C code truncating a string does) frees it cleanly; valgrind and ASan check the free. */
static void test_string_free_after_caller_edits(void) {
    char *out = NULL;
    ydrz_error *err = NULL;
    CHECK(expect(ydrz_jssdk_sign(V_APPID, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, NULL, NULL, YDRZ_ENCODING_HEX_UPPER,
                                 &out, &err),
                 &err, YDRZ_OK));
    CHECK(out != NULL && strlen(out) == 32);
    if (out != NULL) {
        out[4] = '\0';
        out[0] = 'x';
    }
    ydrz_string_free(out);
}

int main(void) {
    test_version_and_names();
    test_vectors();
    test_keys();
    test_null_arguments();
    test_invalid_values();
    test_huge_inputs();
    test_codes();
    test_client_offline();
    test_socks_proxy_is_refused_silently();
    test_exchange_offline();
    test_string_free_after_caller_edits();
#if defined(YDRZ_FFI_TESTING)
    test_panic_is_caught();
    test_panic_is_silent();
#elif defined(YDRZ_TEST_RELEASE_LIBRARY)
    /* A release library has no ydrz_test_panic (scripts/dist/test.sh runs this matrix against the released
       libraries of each architecture); the panic test runs against the ffi-testing build (tests/c/Makefile). */
#else
    checks_failed++;
    fprintf(stderr, "built without YDRZ_FFI_TESTING: the panic test did not run\n");
#endif
    return check_summary("ffi");
}
