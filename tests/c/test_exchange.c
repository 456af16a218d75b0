/* The exchange over libcurl against the sandbox, through examples/exchange_curl.c itself: every interface
 * end to end, and single use on this transport with the sandbox's per-token request counter as the witness.
 *
 * Usage: test_exchange CONTROL_URL CONFIG CONFIG_REFUSED CONFIG_SHORT_TIMEOUT (tests/c/exchange_test.sh writes
 * the three client configurations: the sandbox, a closed port, and a 300 ms timeout). */
#define EXCHANGE_CURL_NO_MAIN
#include "../../examples/exchange_curl.c"

#include "check.h"

static const char *control_url;

/* POSTs `body` to the sandbox's control URL + `path`; returns the answer (malloc'd) or NULL. */
static char *control(const char *method, const char *path, const char *body) {
    struct answer a = {NULL, 0};
    char url[512];
    CURL *curl = curl_easy_init();
    long status = 0;
    snprintf(url, sizeof url, "%s%s", control_url, path);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    if (body != NULL) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &a);
    if (curl_easy_perform(curl) != CURLE_OK || curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK ||
        status != 200) {
        fprintf(stderr, "control %s %s failed (HTTP %ld)\n", method, path, status);
        free(a.data);
        a.data = NULL;
    } else if (a.data != NULL) {
        a.data[a.len] = '\0';
    }
    curl_easy_cleanup(curl);
    return a.data;
}

struct token {
    char *token;
    char *user_information;
};

static struct token issue(const char *product) {
    char body[256];
    struct token t = {NULL, NULL};
    char *answer;
    snprintf(body, sizeof body, "{\"app_id\":\"300012345678\",\"product\":\"%s\",\"phone\":\"13800138000\"}", product);
    answer = control("POST", "/token", body);
    if (answer != NULL) {
        t.token = json_string_member(answer, "token");
        t.user_information = json_string_member(answer, "userInformation");
        free(answer);
    }
    if (t.user_information == NULL) t.user_information = (char *)calloc(1, 1);
    CHECK(t.token != NULL);
    return t;
}

/* How many interface requests named `token` (the sandbox's witness). */
static long requests_with(const char *token) {
    char path[512];
    char *answer;
    const char *count;
    long n = -1;
    snprintf(path, sizeof path, "/stats?token=%s", token);
    answer = control("GET", path, NULL);
    count = answer ? json_member(answer, "requests") : NULL;
    if (count != NULL) n = strtol(count, NULL, 10);
    free(answer);
    return n;
}

static void release(struct token t) {
    free(t.token);
    free(t.user_information);
}

static ydrz_client *client_from(const char *config_path) {
    ydrz_client *client = NULL;
    ydrz_error *err = NULL;
    char *config = read_file(config_path);
    CHECK(config != NULL && ydrz_client_new(config, &client, &err) == YDRZ_OK);
    ydrz_error_free(err);
    free(config);
    return client;
}

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

int main(int argc, char **argv) {
    ydrz_client *client, *refused, *short_timeout;
    if (argc != 5) {
        fprintf(stderr, "usage: %s CONTROL_URL CONFIG CONFIG_REFUSED CONFIG_SHORT_TIMEOUT\n", argv[0]);
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
    ydrz_client_free(client);
    ydrz_client_free(refused);
    ydrz_client_free(short_timeout);
    curl_global_cleanup();
    return check_summary("exchange over libcurl");
}
