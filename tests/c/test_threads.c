/* 8 threads share one private-key handle and one public-key handle; each does OPS operations (10,000; fewer
 * under ThreadSanitizer) and every result must equal the single-threaded one. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ydrz.h"

#include "check.h"
#include "vectors.h"

#define THREADS 8
#ifndef OPS
#define OPS 10000
#endif
#define SIGN_EVERY 20

struct shared {
    const ydrz_private_key *key;
    const ydrz_public_key *pub;
    const char *expected_sign;
    const char *expected_jssdk;
};

struct outcome {
    int mismatches;
    int done;
};

struct job {
    const struct shared *shared;
    struct outcome result;
};

static void *worker(void *arg) {
    struct job *job = (struct job *)arg;
    const struct shared *s = job->shared;
    for (int i = 0; i < OPS; i++) {
        char *out = NULL;
        int32_t rc;
        if (i % SIGN_EVERY == 0) {
            rc = ydrz_rsa_sign(s->key, V_PRESIGN, YDRZ_SIGN_MD5_RSA, YDRZ_ENCODING_BASE64, &out, NULL);
            if (rc != YDRZ_OK || strcmp(out, s->expected_sign) != 0) job->result.mismatches++;
        } else if (i % 2 == 0) {
            rc = ydrz_rsa_verify(s->pub, V_PRESIGN, s->expected_sign, YDRZ_SIGN_MD5_RSA, YDRZ_ENCODING_BASE64, NULL);
            if (rc != YDRZ_OK) job->result.mismatches++;
        } else {
            rc = ydrz_jssdk_sign(V_APPID, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, NULL, NULL, YDRZ_ENCODING_HEX_UPPER,
                                 &out, NULL);
            if (rc != YDRZ_OK || strcmp(out, s->expected_jssdk) != 0) job->result.mismatches++;
        }
        ydrz_string_free(out);
        job->result.done++;
    }
    return NULL;
}

int main(void) {
    ydrz_private_key *key = NULL;
    ydrz_public_key *pub = NULL;
    char *sign = NULL, *jssdk = NULL;
    CHECK(ydrz_private_key_load(K_CUSTOMER_1024_PRIVATE, &key, NULL) == YDRZ_OK);
    CHECK(ydrz_public_key_load(K_CUSTOMER_1024_PUBLIC, &pub, NULL) == YDRZ_OK);
    /* Single-threaded reference results. */
    CHECK(ydrz_rsa_sign(key, V_PRESIGN, YDRZ_SIGN_MD5_RSA, YDRZ_ENCODING_BASE64, &sign, NULL) == YDRZ_OK);
    CHECK(ydrz_jssdk_sign(V_APPID, V_APPKEY, V_TRACEID_MSGID, V_TIMESTAMP, NULL, NULL, YDRZ_ENCODING_HEX_UPPER, &jssdk,
                          NULL) == YDRZ_OK);
    if (key == NULL || pub == NULL || sign == NULL || jssdk == NULL) return check_summary("threads");

    struct shared shared = {key, pub, sign, jssdk};
    struct job jobs[THREADS];
    pthread_t threads[THREADS];
    for (int t = 0; t < THREADS; t++) {
        jobs[t].shared = &shared;
        jobs[t].result.mismatches = 0;
        jobs[t].result.done = 0;
        CHECK(pthread_create(&threads[t], NULL, worker, &jobs[t]) == 0);
    }
    for (int t = 0; t < THREADS; t++) {
        pthread_join(threads[t], NULL);
        CHECK(jobs[t].result.done == OPS);
        CHECK(jobs[t].result.mismatches == 0);
    }
    ydrz_string_free(sign);
    ydrz_string_free(jssdk);
    ydrz_private_key_free(key);
    ydrz_public_key_free(pub);
    return check_summary("threads");
}
