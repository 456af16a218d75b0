/* The exchange over libcurl against the sandbox, through examples/exchange_curl.c itself: every interface
 * end to end, and single use on this transport with the sandbox's per-token request counter as the witness.
 *
 * Then ydrz_client_reconfigure with the built-in transport: under load, across an app_id change, and during an
 * msisdn key rotation in App login RSA mode.
 *
 * Usage: test_exchange CONTROL_URL CONFIG CONFIG_REFUSED CONFIG_SHORT_TIMEOUT CONFIG_ALT CONFIG_OTHER_APP
 * CONFIG_ROTATED (tests/c/exchange_test.sh writes the client configurations: the sandbox, a closed port, a 300 ms
 * timeout, other timeouts without keep-alive, another app_id, and App login RSA mode with a new msisdn key the
 * sandbox does not use and the previous one, which it does). */
#define _POSIX_C_SOURCE 200809L
#define EXCHANGE_CURL_NO_MAIN
#include "../../examples/exchange_curl.c"

#include <pthread.h>

#include "check.h"

#define SANDBOX_APP_ID "300012345678"
#include "sandbox_control.h"

/* Each interface succeeds once, and its token is never sent a second time. */
static void test_interfaces(ydrz_client *client) {
    static const char *const products[] = {"onekey", "number_verify", "app_login", "app_number"};
    static const char *const expected[] = {"{\"phone\":\"13800138000\",", "{\"matched\":true,", "{\"phone\":\"13800138000\",",
                                           "{\"matched\":true,"};
    size_t i;
    for (i = 0; i < 4; i++) {
        struct token t = issue(products[i]);
        char *result = NULL;
        if (t.token == NULL) continue;
        CHECK(validate_with_curl(client, products[i], t.token, t.user_information, "13800138000", &result) == YDRZ_OK);
        CHECK(result != NULL && strncmp(result, expected[i], strlen(expected[i])) == 0);
        CHECK(result != NULL && strstr(result, "\"details\":{") != NULL);
        if (result == NULL || strncmp(result, expected[i], strlen(expected[i])) != 0)
            fprintf(stderr, "  %s: %s\n", products[i], result ? result : "(null)");
        ydrz_string_free(result);
        CHECK(requests_with(t.token) == 1);
        /* A finished exchange keeps the token: the second call is refused here, without a request. */
        CHECK(validate_with_curl(client, products[i], t.token, t.user_information, "13800138000", &result) ==
              YDRZ_E_TOKEN_REUSED);
        CHECK(result == NULL);
        CHECK(requests_with(t.token) == 1);
        release(t);
    }
}

/* A refused connection: nothing left, so the token is released (it begins again on the same client) and
 * the sandbox never saw it. */
static void test_refused(ydrz_client *refused) {
    struct token t = issue("onekey");
    ydrz_exchange *ex = NULL;
    ydrz_error *err = NULL;
    char *result = NULL;
    if (t.token == NULL) return;
    CHECK(validate_with_curl(refused, "onekey", t.token, t.user_information, "", &result) == YDRZ_E_NETWORK);
    CHECK(ydrz_client_onekey_begin(refused, t.token, t.user_information, NULL, &ex, &err) == YDRZ_OK);
    ydrz_error_free(err);
    ydrz_exchange_not_sent(ex);
    ydrz_exchange_free(ex);
    CHECK(validate_with_curl(refused, "onekey", t.token, t.user_information, "", &result) == YDRZ_E_NETWORK);
    CHECK(requests_with(t.token) == 0);
    release(t);
}

/* A timeout after the request left keeps the token: the second call gives TOKEN_REUSED without a request. */
static void test_timeout_after_sending(ydrz_client *short_timeout) {
    struct token t = issue("onekey");
    char *result = NULL, *queued;
    if (t.token == NULL) return;
    queued = control("POST", "/faults", "{\"kind\":\"delay\",\"delay_ms\":1500}");
    CHECK(queued != NULL);
    free(queued);
    CHECK(validate_with_curl(short_timeout, "onekey", t.token, t.user_information, "", &result) == YDRZ_E_TIMEOUT);
    CHECK(requests_with(t.token) == 1);
    CHECK(validate_with_curl(short_timeout, "onekey", t.token, t.user_information, "", &result) == YDRZ_E_TOKEN_REUSED);
    CHECK(requests_with(t.token) == 1);
    release(t);
}

#define RECONFIGURE_THREADS 4
#define TOKENS_PER_THREAD 8

struct validator {
    const ydrz_client *client;
    struct token tokens[TOKENS_PER_THREAD];
    int ok, reused;
};

static void *validate_all(void *arg) {
    struct validator *v = (struct validator *)arg;
    int i;
    for (i = 0; i < TOKENS_PER_THREAD; i++) {
        char *phone = NULL, *details = NULL;
        if (ydrz_client_onekey_validate(v->client, v->tokens[i].token, v->tokens[i].user_information, NULL, &phone,
                                        &details, NULL) == YDRZ_OK &&
            strcmp(phone, "13800138000") == 0)
            v->ok++;
        ydrz_string_free(phone);
        ydrz_string_free(details);
        if (ydrz_client_onekey_validate(v->client, v->tokens[i].token, v->tokens[i].user_information, NULL, &phone,
                                        &details, NULL) == YDRZ_E_TOKEN_REUSED)
            v->reused++;
    }
    return NULL;
}

struct swapper {
    const ydrz_client *client;
    const char *configs[2];
    int stop;
    pthread_mutex_t lock;
    int swaps, failures;
};

static void *swap_configs(void *arg) {
    struct swapper *s = (struct swapper *)arg;
    for (;;) {
        int stop;
        pthread_mutex_lock(&s->lock);
        stop = s->stop;
        pthread_mutex_unlock(&s->lock);
        if (stop) break;
        if (ydrz_client_reconfigure(s->client, s->configs[s->swaps % 2], NULL) != YDRZ_OK) s->failures++;
        s->swaps++;
    }
    return NULL;
}

/* Threads validate while another thread reconfigures repeatedly: every token succeeds once, its second call is
 * refused by the ledger that carried over, and the sandbox saw each token exactly once. */
static void test_reconfigure_under_load(ydrz_client *client, const char *config, const char *alt) {
    struct validator v[RECONFIGURE_THREADS];
    pthread_t threads[RECONFIGURE_THREADS], swap_thread;
    struct swapper s;
    int t, i;
    s.client = client;
    s.configs[0] = alt;
    s.configs[1] = config;
    s.stop = 0;
    s.swaps = 0;
    s.failures = 0;
    pthread_mutex_init(&s.lock, NULL);
    for (t = 0; t < RECONFIGURE_THREADS; t++) {
        v[t].client = client;
        v[t].ok = v[t].reused = 0;
        for (i = 0; i < TOKENS_PER_THREAD; i++) v[t].tokens[i] = issue("onekey");
    }
    CHECK(pthread_create(&swap_thread, NULL, swap_configs, &s) == 0);
    for (t = 0; t < RECONFIGURE_THREADS; t++) CHECK(pthread_create(&threads[t], NULL, validate_all, &v[t]) == 0);
    for (t = 0; t < RECONFIGURE_THREADS; t++) pthread_join(threads[t], NULL);
    pthread_mutex_lock(&s.lock);
    s.stop = 1;
    pthread_mutex_unlock(&s.lock);
    pthread_join(swap_thread, NULL);
    pthread_mutex_destroy(&s.lock);
    CHECK(s.swaps > 1);
    CHECK(s.failures == 0);
    for (t = 0; t < RECONFIGURE_THREADS; t++) {
        CHECK(v[t].ok == TOKENS_PER_THREAD);
        CHECK(v[t].reused == TOKENS_PER_THREAD);
        for (i = 0; i < TOKENS_PER_THREAD; i++) {
            CHECK(requests_with(v[t].tokens[i].token) == 1);
            release(v[t].tokens[i]);
        }
    }
}

/* Another app_id is refused with a message saying so, and the configuration in force stays. */
static void test_reconfigure_refuses_another_app(ydrz_client *client, const char *other_app) {
    ydrz_error *err = NULL;
    struct token t;
    char *phone = NULL, *details = NULL;
    CHECK(ydrz_client_reconfigure(client, other_app, &err) == YDRZ_E_INVALID_ARG);
    CHECK(err != NULL && strstr(ydrz_error_message(err), "cannot change app_id") != NULL);
    ydrz_error_free(err);
    err = NULL;
    CHECK(ydrz_client_reconfigure(client, "{\"app_id\":", &err) == YDRZ_E_INVALID_ARG);
    ydrz_error_free(err);
    CHECK(ydrz_client_reconfigure(NULL, other_app, NULL) == YDRZ_E_NULL_ARG);
    CHECK(ydrz_client_reconfigure(client, NULL, NULL) == YDRZ_E_NULL_ARG);
    t = issue("onekey");
    CHECK(ydrz_client_onekey_validate(client, t.token, t.user_information, NULL, &phone, &details, NULL) == YDRZ_OK);
    CHECK_STR(phone, "13800138000");
    ydrz_string_free(phone);
    ydrz_string_free(details);
    release(t);
}

/* App login RSA mode during a rotation: the new msisdn key fails, the previous one decrypts. */
static void test_reconfigure_rotates_the_msisdn_key(ydrz_client *client, const char *rotated) {
    struct token t = issue("app_login");
    char *phone = NULL, *details = NULL;
    CHECK(ydrz_client_reconfigure(client, rotated, NULL) == YDRZ_OK);
    CHECK(ydrz_client_app_login_validate(client, t.token, NULL, &phone, &details, NULL) == YDRZ_OK);
    CHECK_STR(phone, "13800138000");
    ydrz_string_free(phone);
    ydrz_string_free(details);
    CHECK(requests_with(t.token) == 1);
    release(t);
}

/* The number member `key` of the object member `interface` of `json`, or -1. */
static long stat_of(const char *json, const char *interface, const char *key) {
    const char *object = json == NULL ? NULL : json_member(json, interface);
    const char *value = object == NULL ? NULL : json_member(object, key);
    return value == NULL ? -1 : strtol(value, NULL, 10);
}

/* ydrz_client_stats adds up to the calls made on a fresh client, and the details say what each call cost. */
static void test_stats(const char *config) {
    ydrz_client *client = NULL;
    struct token ok = issue("onekey"), other = issue("app_login");
    char *phone = NULL, *details = NULL, *stats = NULL;
    int i;
    CHECK(ydrz_client_new(config, &client, NULL) == YDRZ_OK);
    CHECK(ydrz_client_stats(client, &stats) == YDRZ_OK);
    CHECK(stats != NULL && stat_of(stats, "onekey", "calls") == 0);
    ydrz_string_free(stats);
    CHECK(ydrz_client_onekey_validate(client, ok.token, ok.user_information, NULL, &phone, &details, NULL) == YDRZ_OK);
    CHECK(details != NULL && json_member(details, "elapsed_ms") != NULL);
    CHECK(details != NULL && json_member(details, "attempts") != NULL && strtol(json_member(details, "attempts"), NULL, 10) == 1);
    CHECK(details != NULL && json_member(details, "token_age_ms") != NULL);
    ydrz_string_free(phone);
    ydrz_string_free(details);
    for (i = 0; i < 2; i++)
        CHECK(ydrz_client_onekey_validate(client, ok.token, ok.user_information, NULL, &phone, &details, NULL) ==
              YDRZ_E_TOKEN_REUSED);
    CHECK(ydrz_client_onekey_validate(client, other.token, ok.user_information, NULL, &phone, &details, NULL) ==
          YDRZ_E_PLATFORM);
    CHECK(ydrz_client_stats(client, &stats) == YDRZ_OK);
    CHECK(stats != NULL && stat_of(stats, "onekey", "calls") == 4);
    CHECK(stats != NULL && stat_of(stats, "onekey", "success") == 1);
    CHECK(stats != NULL && stat_of(stats, "onekey", "token_reused") == 2);
    CHECK(stats != NULL && stat_of(json_member(stats, "onekey"), "platform", "104008") == 1);
    CHECK(stats != NULL && stat_of(stats, "app_login", "calls") == 0);
    if (stats != NULL && stat_of(stats, "onekey", "calls") != 4) fprintf(stderr, "  stats: %s\n", stats);
    ydrz_string_free(stats);
    stats = NULL;
    CHECK(ydrz_client_stats(NULL, &stats) == YDRZ_E_NULL_ARG);
    CHECK(ydrz_client_stats(client, NULL) == YDRZ_E_NULL_ARG);
    ydrz_client_free(client);
    release(ok);
    release(other);
}

int main(int argc, char **argv) {
    ydrz_client *client, *refused, *short_timeout;
    char *config, *alt, *other_app, *rotated;
    if (argc != 8) {
        fprintf(stderr,
                "usage: %s CONTROL_URL CONFIG CONFIG_REFUSED CONFIG_SHORT_TIMEOUT CONFIG_ALT CONFIG_OTHER_APP "
                "CONFIG_ROTATED\n",
                argv[0]);
        return 2;
    }
    control_url = argv[1];
    curl_global_init(CURL_GLOBAL_DEFAULT);
    client = client_from(argv[2]);
    refused = client_from(argv[3]);
    short_timeout = client_from(argv[4]);
    if (client != NULL && refused != NULL && short_timeout != NULL) {
        test_interfaces(client);
        test_refused(refused);
        test_timeout_after_sending(short_timeout);
    }
    config = read_file(argv[2]);
    alt = read_file(argv[5]);
    other_app = read_file(argv[6]);
    rotated = read_file(argv[7]);
    if (client != NULL && config != NULL && alt != NULL && other_app != NULL && rotated != NULL) {
        test_reconfigure_under_load(client, config, alt);
        test_reconfigure_refuses_another_app(client, other_app);
        test_reconfigure_rotates_the_msisdn_key(client, rotated);
        test_stats(config);
    }
    free(config);
    free(alt);
    free(other_app);
    free(rotated);
    ydrz_client_free(client);
    ydrz_client_free(refused);
    ydrz_client_free(short_timeout);
    curl_global_cleanup();
    return check_summary("exchange over libcurl");
}
