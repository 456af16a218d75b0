/* The external signer ("signer": "external") from C against the sandbox: the private key lives only in this
 * test (OpenSSL's libcrypto signs, as an HSM or KMS would), the library's configuration holds the public key.
 * One-click login, number verification and App login in RSA mode complete through ydrz_exchange_pending /
 * ydrz_exchange_provide; a signature made with the other algorithm or with another key is refused before any
 * request, with the sandbox's per-token request counter as the witness. With DECRYPT_CONFIG (no
 * msisdn_private_key either) the App login answer is encrypted for the host's key: the exchange asks for the
 * decryption, which libcrypto makes with DECRYPT_KEY_PEM.
 *
 * Usage: test_external_signer CONTROL_URL CONFIG SIGNING_KEY_PEM DECRYPT_CONFIG DECRYPT_KEY_PEM
 * (tests/c/exchange_test.sh writes the configurations and the key files, for the sandbox app 300012345690 it
 * registers). */
#define EXCHANGE_CURL_NO_MAIN
#include "../../examples/exchange_curl.c"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "check.h"

#define SANDBOX_APP_ID "300012345690"
#include "sandbox_control.h"

/* The bytes of Base64 `text` (malloc'd, length in *len), or NULL. */
static unsigned char *from_base64(const char *text, size_t *len) {
    size_t in_len = strlen(text);
    unsigned char *out = (unsigned char *)malloc(in_len / 4 * 3 + 3);
    int n = out ? EVP_DecodeBlock(out, (const unsigned char *)text, (int)in_len) : -1;
    if (n < 0) {
        free(out);
        return NULL;
    }
    *len = (size_t)n - ((in_len >= 1 && text[in_len - 1] == '=') + (in_len >= 2 && text[in_len - 2] == '='));
    return out;
}

/* The Base64 text of `len` bytes (malloc'd), or NULL. */
static char *to_base64(const unsigned char *bytes, size_t len) {
    char *out = (char *)malloc(len / 3 * 4 + 5);
    if (out != NULL) EVP_EncodeBlock((unsigned char *)out, bytes, (int)len);
    return out;
}

/* The Base64 signature by `key` of the Base64 bytes `input_base64` with `md` (malloc'd), or NULL. */
static char *sign_base64(EVP_PKEY *key, const EVP_MD *md, const char *input_base64) {
    size_t len = 0, sig_len = 0;
    unsigned char *input = from_base64(input_base64, &len), *sig = NULL;
    char *out = NULL;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (input != NULL && EVP_DigestSignInit(ctx, NULL, md, NULL, key) == 1 &&
        EVP_DigestSign(ctx, NULL, &sig_len, input, len) == 1) {
        sig = (unsigned char *)malloc(sig_len);
        if (EVP_DigestSign(ctx, sig, &sig_len, input, len) == 1) out = to_base64(sig, sig_len);
    }
    EVP_MD_CTX_free(ctx);
    free(sig);
    free(input);
    return out;
}

/* The Base64 of the PKCS#1 v1.5 plaintexts of each `block_bytes` block of Base64 `input_base64` under `key`,
 * joined (malloc'd), or NULL: what an HSM's C_Decrypt with CKM_RSA_PKCS gives block by block. */
static char *decrypt_base64(EVP_PKEY *key, const char *input_base64, size_t block_bytes) {
    size_t len = 0, done = 0, at;
    unsigned char *input = from_base64(input_base64, &len), *plain = NULL;
    char *out = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
    int ok = input != NULL && ctx != NULL && block_bytes > 0 && len % block_bytes == 0 &&
             EVP_PKEY_decrypt_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
             (plain = (unsigned char *)malloc(len)) != NULL;
    for (at = 0; ok && at < len; at += block_bytes) {
        size_t n = len - done;
        ok = EVP_PKEY_decrypt(ctx, plain + done, &n, input + at, block_bytes) == 1;
        done += n;
    }
    if (ok) out = to_base64(plain, done);
    EVP_PKEY_CTX_free(ctx);
    free(plain);
    free(input);
    return out;
}

/* Reads the pending step: 1 for sign (algorithm and input set, malloc'd), 0 for send, -1 on failure. */
static int pending(ydrz_exchange *ex, char **algorithm, char **input) {
    char *json = NULL, *step;
    ydrz_error *err = NULL;
    int result = -1;
    *algorithm = *input = NULL;
    if (ydrz_exchange_pending(ex, &json, &err) != YDRZ_OK) {
        fprintf(stderr, "pending: %s\n", err ? ydrz_error_message(err) : "?");
        ydrz_error_free(err);
        return -1;
    }
    step = json_string_member(json, "step");
    if (step != NULL && strcmp(step, "send") == 0) result = 0;
    if (step != NULL && strcmp(step, "sign") == 0) {
        *algorithm = json_string_member(json, "algorithm");
        *input = json_string_member(json, "input_base64");
        result = (*algorithm && *input) ? 1 : -1;
    }
    free(step);
    ydrz_string_free(json);
    return result;
}

static const EVP_MD *md_of(const char *algorithm, int other) {
    int sha256 = strcmp(algorithm, "SHA256withRSA") == 0;
    return (sha256 != other) ? EVP_sha256() : EVP_md5();
}

/* Provides the signature of the pending step by `key` (with the other algorithm when `other`). */
static int32_t provide(ydrz_exchange *ex, EVP_PKEY *key, int other, char **message) {
    char *algorithm = NULL, *input = NULL, *sig = NULL;
    ydrz_error *err = NULL;
    int32_t rc = YDRZ_E_INVALID_ARG;
    *message = NULL;
    if (pending(ex, &algorithm, &input) == 1) {
        sig = sign_base64(key, md_of(algorithm, other), input);
        CHECK(sig != NULL);
        rc = ydrz_exchange_provide(ex, sig, &err);
        if (err != NULL) {
            const char *text = ydrz_error_message(err);
            *message = (char *)malloc(strlen(text) + 1);
            if (*message != NULL) memcpy(*message, text, strlen(text) + 1);
        }
    }
    ydrz_error_free(err);
    free(algorithm);
    free(input);
    free(sig);
    return rc;
}

/* One validation: begin, the host signs, send over libcurl, finish. */
static void complete(const ydrz_client *client, EVP_PKEY *key, const char *product, const char *expected) {
    struct token t = issue(product);
    ydrz_exchange *ex = NULL;
    ydrz_error *err = NULL;
    char *result = NULL, *message = NULL, *a = NULL, *i = NULL;
    const char *send_message = NULL;
    if (t.token == NULL) return;
    CHECK(begin(client, product, t.token, t.user_information, "13800138000", &ex, &err) == YDRZ_OK);
    CHECK(provide(ex, key, 0, &message) == YDRZ_OK);
    CHECK(pending(ex, &a, &i) == 0);
    CHECK(send_with_curl(ex, &result, &err, &send_message) == YDRZ_OK);
    CHECK(result != NULL && strncmp(result, expected, strlen(expected)) == 0);
    if (result == NULL || strncmp(result, expected, strlen(expected)) != 0)
        fprintf(stderr, "  %s: %s %s\n", product, result ? result : "(null)", err ? ydrz_error_message(err) : "");
    CHECK(requests_with(t.token) == 1);
    ydrz_string_free(result);
    ydrz_error_free(err);
    ydrz_exchange_free(ex);
    free(message);
    release(t);
}

/* Another algorithm, then another key: refused with a message saying which; no request exists or leaves, and
 * freeing the waiting exchange releases the token (it completes afterwards on the same client). */
static void refused(const ydrz_client *client, EVP_PKEY *key) {
    struct token t = issue("onekey");
    ydrz_exchange *ex = NULL;
    ydrz_error *err = NULL;
    char *message = NULL, *request = NULL, *result = NULL;
    const char *send_message = NULL;
    EVP_PKEY *other_key = EVP_RSA_gen(1024);
    if (t.token == NULL) return;
    CHECK(ydrz_client_onekey_begin(client, t.token, t.user_information, NULL, &ex, &err) == YDRZ_OK);
    CHECK(ydrz_exchange_request(ex, &request, &err) == YDRZ_E_INVALID_ARG && request == NULL);
    CHECK(err != NULL && strstr(ydrz_error_message(err), "waits for the external signer") != NULL);
    ydrz_error_free(err);
    err = NULL;
    CHECK(provide(ex, key, 1, &message) == YDRZ_E_SIGNATURE);
    CHECK(message != NULL && strncmp(message, "wrong algorithm", 15) == 0);
    free(message);
    CHECK(provide(ex, other_key, 0, &message) == YDRZ_E_SIGNATURE);
    CHECK(message != NULL && strncmp(message, "wrong key", 9) == 0);
    free(message);
    CHECK(ydrz_exchange_provide(ex, "not base64!", NULL) == YDRZ_E_INVALID_ARG);
    CHECK(ydrz_exchange_provide(ex, NULL, NULL) == YDRZ_E_NULL_ARG);
    CHECK(ydrz_exchange_provide(NULL, "AAAA", NULL) == YDRZ_E_NULL_ARG);
    CHECK(ydrz_exchange_pending(NULL, &request, NULL) == YDRZ_E_NULL_ARG && request == NULL);
    CHECK(ydrz_exchange_pending(ex, NULL, NULL) == YDRZ_E_NULL_ARG);
    CHECK(send_with_curl(ex, &result, &err, &send_message) == YDRZ_E_INVALID_ARG);
    ydrz_error_free(err);
    err = NULL;
    ydrz_exchange_free(ex);
    CHECK(requests_with(t.token) == 0);
    CHECK(ydrz_client_onekey_begin(client, t.token, t.user_information, NULL, &ex, &err) == YDRZ_OK);
    CHECK(provide(ex, key, 0, &message) == YDRZ_OK);
    CHECK(send_with_curl(ex, &result, &err, &send_message) == YDRZ_OK);
    CHECK(requests_with(t.token) == 1);
    ydrz_string_free(result);
    ydrz_error_free(err);
    ydrz_exchange_free(ex);
    /* Sent once: the token stays reserved, refused before the signature step. */
    CHECK(validate_with_curl(client, "onekey", t.token, t.user_information, "", &result) == YDRZ_E_TOKEN_REUSED);
    CHECK(requests_with(t.token) == 1);
    free(message);
    EVP_PKEY_free(other_key);
    release(t);
}

/* App login in RSA mode with the key held by the host: finish gives no result but a decryption to make; a
 * plaintext that is not the phone number is refused and the exchange keeps waiting; the host's decryption gives
 * the result, which ydrz_exchange_result repeats. */
#define PHONE_RESULT "{\"phone\":\"13800138000\","

static void decrypted(const ydrz_client *client, EVP_PKEY *sign_key, EVP_PKEY *decrypt_key) {
    struct token t = issue("app_login");
    ydrz_exchange *ex = NULL;
    ydrz_error *err = NULL;
    char *result = NULL, *message = NULL, *json = NULL, *step = NULL, *input = NULL, *plain = NULL;
    const char *send_message = NULL, *block = NULL;
    if (t.token == NULL) return;
    CHECK(ydrz_client_app_login_begin(client, t.token, NULL, &ex, &err) == YDRZ_OK);
    CHECK(ydrz_exchange_result(ex, &result, NULL) == YDRZ_E_INVALID_ARG && result == NULL);
    CHECK(provide(ex, sign_key, 0, &message) == YDRZ_OK);
    CHECK(send_with_curl(ex, &result, &err, &send_message) == YDRZ_OK);
    CHECK(result == NULL); /* answered, but only the host's key can read the number */
    CHECK(ydrz_exchange_pending(ex, &json, &err) == YDRZ_OK && json != NULL);
    step = json ? json_string_member(json, "step") : NULL;
    input = json ? json_string_member(json, "input_base64") : NULL;
    block = json ? json_member(json, "block_bytes") : NULL;
    CHECK(step != NULL && strcmp(step, "decrypt") == 0);
    CHECK(json != NULL && strstr(json, "\"algorithm\":\"RSA/ECB/PKCS1Padding\"") != NULL);
    CHECK(block != NULL && strtol(block, NULL, 10) == 128);
    CHECK(ydrz_exchange_result(ex, &result, NULL) == YDRZ_E_INVALID_ARG && result == NULL);
    CHECK(ydrz_exchange_provide(ex, "MTIz", &err) == YDRZ_E_CRYPTO); /* "123": not a phone number */
    CHECK(err != NULL && strstr(ydrz_error_message(err), "123") == NULL);
    ydrz_error_free(err);
    err = NULL;
    plain = (input && block) ? decrypt_base64(decrypt_key, input, (size_t)strtol(block, NULL, 10)) : NULL;
    CHECK(plain != NULL && ydrz_exchange_provide(ex, plain, &err) == YDRZ_OK);
    ydrz_string_free(json);
    json = NULL;
    CHECK(ydrz_exchange_pending(ex, &json, NULL) == YDRZ_OK && json && strstr(json, "\"done\"") != NULL);
    CHECK(ydrz_exchange_result(ex, &result, &err) == YDRZ_OK);
    CHECK(result != NULL && strncmp(result, PHONE_RESULT, strlen(PHONE_RESULT)) == 0);
    CHECK(ydrz_exchange_provide(ex, plain ? plain : "AAAA", NULL) == YDRZ_E_INVALID_ARG);
    CHECK(requests_with(t.token) == 1);
    ydrz_string_free(result);
    ydrz_string_free(json);
    ydrz_error_free(err);
    ydrz_exchange_free(ex);
    free(step);
    free(input);
    free(plain);
    free(message);
    release(t);
}

static EVP_PKEY *read_key(const char *path) {
    EVP_PKEY *key = NULL;
    FILE *f = fopen(path, "r");
    if (f != NULL) {
        key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
        fclose(f);
    }
    CHECK(key != NULL);
    return key;
}

/* The preSign through the external signer: the step names the bytes and the algorithm, OpenSSL signs them and
 * the sign accepted is that signature, Base64 (the default presign encoding); another key is refused, and a
 * client holding its private key has no step to give. */
static void presigned(const ydrz_client *client, EVP_PKEY *key) {
    const char *presign = "300012345690" "1706716799123" "preSign-for-13800138000";
    ydrz_error *err = NULL;
    char *json = NULL, *algorithm = NULL, *input = NULL, *sig = NULL, *sign = NULL;
    EVP_PKEY *other_key = EVP_RSA_gen(1024);
    CHECK(ydrz_client_presign_step(client, presign, &json, &err) == YDRZ_OK && json != NULL);
    algorithm = json ? json_string_member(json, "algorithm") : NULL;
    input = json ? json_string_member(json, "input_base64") : NULL;
    CHECK(algorithm != NULL && strcmp(algorithm, "MD5withRSA") == 0);
    sig = (algorithm && input) ? sign_base64(key, md_of(algorithm, 0), input) : NULL;
    CHECK(sig != NULL && ydrz_client_presign_accept(client, presign, sig, &sign, &err) == YDRZ_OK);
    CHECK(sign != NULL && sig != NULL && strcmp(sign, sig) == 0);
    ydrz_string_free(sign);
    sign = NULL;
    free(sig);
    sig = (algorithm && input) ? sign_base64(other_key, md_of(algorithm, 0), input) : NULL;
    CHECK(ydrz_client_presign_accept(client, presign, sig, &sign, &err) == YDRZ_E_SIGNATURE && sign == NULL);
    CHECK(err != NULL && strncmp(ydrz_error_message(err), "wrong key", 9) == 0);
    ydrz_error_free(err);
    err = NULL;
    CHECK(ydrz_client_presign_accept(client, presign, "not base64!", &sign, NULL) == YDRZ_E_INVALID_ARG);
    CHECK(ydrz_client_presign_accept(client, presign, NULL, &sign, NULL) == YDRZ_E_NULL_ARG);
    CHECK(ydrz_client_presign_step(client, "", &sign, NULL) == YDRZ_E_INVALID_ARG && sign == NULL);
    CHECK(ydrz_client_presign_sign(client, presign, &sign, NULL) == YDRZ_E_INVALID_ARG && sign == NULL);
    ydrz_string_free(json);
    free(algorithm);
    free(input);
    free(sig);
    EVP_PKEY_free(other_key);
}

/* The configuration file at `path` names no private key: the key is the host's alone. */
static void holds_no_private_key(const char *path) {
    char *config = read_file(path);
    CHECK(config != NULL && strstr(config, "\"private_key\"") == NULL);
    free(config);
}

int main(int argc, char **argv) {
    ydrz_client *client, *decrypting;
    EVP_PKEY *key, *decrypt_key;
    if (argc != 6) {
        fprintf(stderr, "usage: %s CONTROL_URL CONFIG SIGNING_KEY_PEM DECRYPT_CONFIG DECRYPT_KEY_PEM\n", argv[0]);
        return 2;
    }
    control_url = argv[1];
    curl_global_init(CURL_GLOBAL_DEFAULT);
    holds_no_private_key(argv[2]);
    holds_no_private_key(argv[4]);
    client = client_from(argv[2]);
    decrypting = client_from(argv[4]);
    key = read_key(argv[3]);
    decrypt_key = read_key(argv[5]);
    if (client != NULL && key != NULL) {
        complete(client, key, "onekey", "{\"phone\":\"13800138000\",");
        complete(client, key, "number_verify", "{\"matched\":true,");
        complete(client, key, "app_login", "{\"phone\":\"13800138000\",");
        refused(client, key);
        presigned(client, key);
    }
    if (decrypting != NULL && key != NULL && decrypt_key != NULL) decrypted(decrypting, key, decrypt_key);
    EVP_PKEY_free(key);
    EVP_PKEY_free(decrypt_key);
    ydrz_client_free(client);
    ydrz_client_free(decrypting);
    curl_global_cleanup();
    return check_summary("external signer over libcurl");
}
