/* The sandbox's control interface for the C tests that drive a real sandbox over libcurl: tokens, the per-token
 * request counter (the witness that a token was or was not sent) and clients of configuration files. Include it
 * after examples/exchange_curl.c and check.h, with SANDBOX_APP_ID defined as the app the tokens are for, and set
 * `control_url` before the first call. */
#ifndef YDRZ_TESTS_SANDBOX_CONTROL_H
#define YDRZ_TESTS_SANDBOX_CONTROL_H

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

/* A token of `product` for 13800138000 from the sandbox, for the app SANDBOX_APP_ID. */
static struct token issue(const char *product) {
    char body[256];
    struct token t = {NULL, NULL};
    char *answer;
    snprintf(body, sizeof body, "{\"app_id\":\"%s\",\"product\":\"%s\",\"phone\":\"13800138000\"}", SANDBOX_APP_ID,
             product);
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

/* A client of the configuration file at `config_path`, or NULL (a failed check, with the library's message). */
static ydrz_client *client_from(const char *config_path) {
    ydrz_client *client = NULL;
    ydrz_error *err = NULL;
    char *config = read_file(config_path);
    CHECK(config != NULL && ydrz_client_new(config, &client, &err) == YDRZ_OK);
    if (err != NULL) fprintf(stderr, "config %s: %s\n", config_path, ydrz_error_message(err));
    ydrz_error_free(err);
    free(config);
    return client;
}

#endif
