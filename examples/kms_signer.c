/* Keys in a cloud KMS, from C: the client's configuration holds only the registered public key
 * ("signer": "external", "public_key": ...), and each exchange asks the host for what needs the private key: a
 * signature of the request before it exists, and for App login in RSA mode the decryption of the answer's
 * msisdn. kms_sign and kms_decrypt are where your KMS SDK's calls go; to run offline against the sandbox they
 * use local PEM keys standing in for the KMS. The request is sent over libcurl by examples/exchange_curl.c.
 *
 * Usage: kms_signer INTERFACE CONFIG_FILE SIGNING_KEY_PEM DECRYPTION_KEY_PEM TOKEN USER_INFORMATION PHONE
 * (INTERFACE: onekey, number_verify, app_login or app_number; prints the result JSON). */
#define EXCHANGE_CURL_NO_MAIN
#define EXCHANGE_CURL_NO_VALIDATE
#include "exchange_curl.c"

#include <openssl/evp.h>
#include <openssl/pem.h>

/* Stand-ins for the KMS's keys: a real deployment has no private key in the process. */
static EVP_PKEY *kms_signing_key;
static EVP_PKEY *kms_decryption_key;

/* STUB: the KMS's asymmetric Sign call (RSASSA-PKCS1-v1_5 with `algorithm`'s digest, SHA-256 or MD5, of the
 * message `data`). Returns the raw signature (malloc'd, *out_len bytes) or NULL. */
static unsigned char *kms_sign(const char *algorithm, const unsigned char *data, size_t len, size_t *out_len) {
    const EVP_MD *md = strcmp(algorithm, "SHA256withRSA") == 0 ? EVP_sha256() : EVP_md5();
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    unsigned char *sig = NULL;
    if (ctx != NULL && EVP_DigestSignInit(ctx, NULL, md, NULL, kms_signing_key) == 1 &&
        EVP_DigestSign(ctx, NULL, out_len, data, len) == 1 && (sig = (unsigned char *)malloc(*out_len)) != NULL &&
        EVP_DigestSign(ctx, sig, out_len, data, len) != 1) {
        free(sig);
        sig = NULL;
    }
    EVP_MD_CTX_free(ctx);
    return sig;
}

/* STUB: the KMS's Decrypt call (RSAES-PKCS1-v1_5) of one block. Returns the plaintext (malloc'd, *out_len
 * bytes) or NULL. */
static unsigned char *kms_decrypt(const unsigned char *block, size_t len, size_t *out_len) {
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(kms_decryption_key, NULL);
    unsigned char *plain = NULL;
    *out_len = len;
    if (ctx != NULL && EVP_PKEY_decrypt_init(ctx) == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
        (plain = (unsigned char *)malloc(len)) != NULL && EVP_PKEY_decrypt(ctx, plain, out_len, block, len) != 1) {
        free(plain);
        plain = NULL;
    }
    EVP_PKEY_CTX_free(ctx);
    return plain;
}

/* The bytes of Base64 `text` (malloc'd, *len bytes), or NULL. */
static unsigned char *base64_decode(const char *text, size_t *len) {
    size_t n = strlen(text);
    unsigned char *out = (unsigned char *)malloc(n / 4 * 3 + 3);
    int decoded = out ? EVP_DecodeBlock(out, (const unsigned char *)text, (int)n) : -1;
    if (decoded < 0) {
        free(out);
        return NULL;
    }
    *len = (size_t)decoded - ((n >= 1 && text[n - 1] == '=') + (n >= 2 && text[n - 2] == '='));
    return out;
}

/* The Base64 text of `len` bytes (malloc'd), or NULL. */
static char *base64_encode(const unsigned char *bytes, size_t len) {
    char *out = (char *)malloc(len / 3 * 4 + 5);
    if (out != NULL) EVP_EncodeBlock((unsigned char *)out, bytes, (int)len);
    return out;
}

/* What the KMS gives for the pending step `step_json` ("sign" or "decrypt"), Base64 (malloc'd), or NULL. */
static char *kms_output(const char *step_json) {
    char *step = json_string_member(step_json, "step"), *input_base64 = json_string_member(step_json, "input_base64");
    char *algorithm = json_string_member(step_json, "algorithm"), *out = NULL;
    const char *block_member = json_member(step_json, "block_bytes");
    size_t len = 0, out_len = 0, block = block_member ? (size_t)strtoul(block_member, NULL, 10) : 0, at;
    unsigned char *input = input_base64 ? base64_decode(input_base64, &len) : NULL, *output = NULL;
    if (input != NULL && step != NULL && algorithm != NULL && strcmp(step, "sign") == 0) {
        output = kms_sign(algorithm, input, len, &out_len);
    } else if (input != NULL && step != NULL && strcmp(step, "decrypt") == 0 && block > 0 && len % block == 0) {
        output = (unsigned char *)malloc(len); /* each block's plaintext is shorter than the block */
        for (at = 0; output != NULL && at < len; at += block) {
            size_t n = 0;
            unsigned char *plain = kms_decrypt(input + at, block, &n);
            if (plain == NULL) {
                free(output);
                output = NULL;
            } else {
                memcpy(output + out_len, plain, n);
                out_len += n;
                free(plain);
            }
        }
    }
    if (output != NULL) out = base64_encode(output, out_len);
    free(output);
    free(input);
    free(step);
    free(input_base64);
    free(algorithm);
    return out;
}

/* Hands the exchange what it waits for, if it waits for a signature or a decryption. */
static int32_t answer_pending(ydrz_exchange *ex, ydrz_error **err) {
    char *step_json = NULL, *output;
    int32_t rc = ydrz_exchange_pending(ex, &step_json, err);
    if (rc != YDRZ_OK) return rc;
    if (strstr(step_json, "\"step\":\"sign\"") == NULL && strstr(step_json, "\"step\":\"decrypt\"") == NULL) {
        ydrz_string_free(step_json);
        return YDRZ_OK;
    }
    output = kms_output(step_json);
    ydrz_string_free(step_json);
    if (output == NULL) {
        fprintf(stderr, "the KMS did not answer\n");
        return YDRZ_E_CRYPTO;
    }
    rc = ydrz_exchange_provide(ex, output, err);
    free(output);
    return rc;
}

static EVP_PKEY *read_private_key(const char *path) {
    EVP_PKEY *key = NULL;
    FILE *f = fopen(path, "r");
    if (f != NULL) {
        key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
        fclose(f);
    }
    if (key == NULL) fprintf(stderr, "cannot read a private key from %s\n", path);
    return key;
}

int main(int argc, char **argv) {
    ydrz_client *client = NULL;
    ydrz_exchange *ex = NULL;
    ydrz_error *err = NULL;
    const char *message = NULL;
    char *config, *result = NULL;
    int32_t rc;
    if (argc != 8) {
        fprintf(stderr, "usage: %s INTERFACE CONFIG_FILE SIGNING_KEY_PEM DECRYPTION_KEY_PEM TOKEN USER_INFORMATION PHONE\n",
                argv[0]);
        return 2;
    }
    config = read_file(argv[2]);
    kms_signing_key = read_private_key(argv[3]);
    kms_decryption_key = read_private_key(argv[4]);
    if (config == NULL || kms_signing_key == NULL || kms_decryption_key == NULL) return 2;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    rc = ydrz_client_new(config, &client, &err);
    free(config);
    if (rc == YDRZ_OK) rc = begin(client, argv[1], argv[5], argv[6], argv[7], &ex, &err);
    if (rc == YDRZ_OK) rc = answer_pending(ex, &err); /* the signature, before the request exists */
    if (rc == YDRZ_OK) rc = send_with_curl(ex, &result, &err, &message);
    if (rc == YDRZ_OK && result == NULL) { /* App login in RSA mode: the msisdn is for the KMS's key */
        rc = answer_pending(ex, &err);
        if (rc == YDRZ_OK) rc = ydrz_exchange_result(ex, &result, &err);
    }
    if (rc == YDRZ_OK) printf("%s\n", result);
    else fprintf(stderr, "%s: %s\n", ydrz_status_name(rc), err ? ydrz_error_message(err) : message ? message : "");
    ydrz_string_free(result);
    ydrz_error_free(err);
    ydrz_exchange_free(ex); /* freeing one that waits for its signature releases its token */
    ydrz_client_free(client);
    EVP_PKEY_free(kms_signing_key);
    EVP_PKEY_free(kms_decryption_key);
    curl_global_cleanup();
    return rc == YDRZ_OK ? 0 : 1;
}
