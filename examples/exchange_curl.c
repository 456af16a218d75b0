/* Bring your own HTTP from C: libydrz builds the request and reads the answer, libcurl moves the bytes.
 *
 *   cc exchange_curl.c $(pkg-config --cflags --libs ydrz) $(curl-config --cflags --libs) -o exchange_curl
 *   ./exchange_curl INTERFACE CONFIG_FILE TOKEN USER_INFORMATION PHONE
 *
 * INTERFACE is onekey, number_verify, app_login or app_number; CONFIG_FILE holds the client's JSON
 * configuration; pass "" for an input the interface does not take. On success the result JSON
 * ({"phone",...} or {"matched",...} with "details") goes to stdout and the exit status is 0; on failure
 * "YDRZ_E_...: message" goes to stderr and the exit status is 1. (tests/conformance/ runs this program as a
 * transport with exactly these arguments.)
 *
 * The rules every transport keeps: send the method, URL, headers (in order) and body exactly as
 * ydrz_exchange_request gives them, within timeout_ms; never follow a redirect (it would carry the token
 * elsewhere); verify TLS; read at most 1 MiB; use a proxy only when configured. Then exactly one of:
 *   - an answer arrived (any HTTP status): ydrz_exchange_finish, which keeps the token reserved;
 *   - nothing left (connection refused, DNS or TLS handshake failure): ydrz_exchange_not_sent, which releases
 *     the token so that it can be sent again;
 *   - anything else (a timeout or reset after connecting): just ydrz_exchange_free, which keeps the token,
 *     because the platform may have received it. A token is never sent twice.
 *
 * Define EXCHANGE_CURL_NO_MAIN to include this file into another program (tests/c/test_exchange.c does), and
 * EXCHANGE_CURL_NO_VALIDATE too when that program drives the exchange itself (examples/kms_signer.c does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "ydrz.h"

/* ---- a small reader for the flat JSON the library returns ---------------------------------------------- */

/* Skips spaces; returns the next character. */
static const char *json_ws(const char *p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

static void put_utf8(char **out, unsigned long c) {
    char *o = *out;
    if (c < 0x80) {
        *o++ = (char)c;
    } else if (c < 0x800) {
        *o++ = (char)(0xC0 | (c >> 6));
        *o++ = (char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        *o++ = (char)(0xE0 | (c >> 12));
        *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
        *o++ = (char)(0x80 | (c & 0x3F));
    } else {
        *o++ = (char)(0xF0 | (c >> 18));
        *o++ = (char)(0x80 | ((c >> 12) & 0x3F));
        *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
        *o++ = (char)(0x80 | (c & 0x3F));
    }
    *out = o;
}

static int hex4(const char *p, unsigned long *value) {
    unsigned long v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned long)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned long)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned long)(c - 'A' + 10);
        else return 0;
    }
    *value = v;
    return 1;
}

/* Decodes the JSON string at *p (which starts with '"') into a new malloc'd string and moves *p past it;
 * NULL if it is not a valid string. */
static char *json_string(const char **p) {
    const char *s = *p;
    char *out, *o;
    if (*s != '"') return NULL;
    out = o = (char *)malloc(strlen(s) + 1);
    if (out == NULL) return NULL;
    for (s++; *s != '"'; s++) {
        if (*s == '\0') goto bad;
        if (*s != '\\') {
            *o++ = *s;
            continue;
        }
        s++;
        switch (*s) {
            case '"': *o++ = '"'; break;
            case '\\': *o++ = '\\'; break;
            case '/': *o++ = '/'; break;
            case 'b': *o++ = '\b'; break;
            case 'f': *o++ = '\f'; break;
            case 'n': *o++ = '\n'; break;
            case 'r': *o++ = '\r'; break;
            case 't': *o++ = '\t'; break;
            case 'u': {
                unsigned long c, low;
                if (!hex4(s + 1, &c)) goto bad;
                s += 4;
                if (c >= 0xD800 && c < 0xDC00) {
                    if (s[1] != '\\' || s[2] != 'u' || !hex4(s + 3, &low) || low < 0xDC00 || low > 0xDFFF) goto bad;
                    c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
                    s += 6;
                }
                put_utf8(&o, c);
                break;
            }
            default: goto bad;
        }
    }
    *o = '\0';
    *p = s + 1;
    return out;
bad:
    free(out);
    return NULL;
}

/* Moves *p past one JSON value of any kind; 0 if it is malformed. */
static int json_skip(const char **p) {
    const char *s = json_ws(*p);
    int depth = 0;
    do {
        s = json_ws(s);
        if (*s == '"') {
            char *text = json_string(&s);
            if (text == NULL) return 0;
            free(text);
        } else if (*s == '{' || *s == '[') {
            depth++;
            s++;
        } else if (*s == '}' || *s == ']') {
            depth--;
            s++;
        } else if (*s == ',' || *s == ':') {
            s++;
        } else if (*s == '\0') {
            return 0;
        } else {
            while (*s != '\0' && *s != ',' && *s != '}' && *s != ']' && *s != ' ') s++;
        }
    } while (depth > 0);
    *p = s;
    return 1;
}

/* The value of member `key` of the JSON object `json` (top level only), or NULL. */
static const char *json_member(const char *json, const char *key) {
    const char *p = json_ws(json);
    if (*p != '{') return NULL;
    p = json_ws(p + 1);
    while (*p == '"') {
        char *name = json_string(&p);
        int found;
        if (name == NULL) return NULL;
        found = strcmp(name, key) == 0;
        free(name);
        p = json_ws(p);
        if (*p != ':') return NULL;
        p = json_ws(p + 1);
        if (found) return p;
        if (!json_skip(&p)) return NULL;
        p = json_ws(p);
        if (*p == ',') p = json_ws(p + 1);
    }
    return NULL;
}

/* A new malloc'd copy of the string member `key`, or NULL. */
static char *json_string_member(const char *json, const char *key) {
    const char *p = json_member(json, key);
    return p == NULL ? NULL : json_string(&p);
}

/* ---- the request and the answer ------------------------------------------------------------------------ */

/* The answer body, capped one byte past the library's limit so that finish reports an oversized answer. */
#define ANSWER_CAP (1024 * 1024 + 1)

struct answer {
    char *data;
    size_t len;
};

static size_t collect(char *bytes, size_t size, size_t count, void *user) {
    struct answer *a = (struct answer *)user;
    size_t n = size * count, take = n;
    char *grown;
    if (a->len + take > ANSWER_CAP) take = ANSWER_CAP - a->len;
    grown = (char *)realloc(a->data, a->len + take + 1);
    if (grown == NULL) return 0;
    a->data = grown;
    memcpy(a->data + a->len, bytes, take);
    a->len += take;
    return take; /* less than n aborts the transfer: the answer is over the limit */
}

/* Builds the curl request from the exchange's request JSON: method, URL, headers in order, body, timeout. */
static CURL *prepare(const char *request_json, struct curl_slist **headers, char **body, struct answer *answer) {
    const char *p = json_member(request_json, "headers");
    const char *timeout = json_member(request_json, "timeout_ms");
    char *method = json_string_member(request_json, "method");
    char *url = json_string_member(request_json, "url");
    CURL *curl = NULL;
    *body = json_string_member(request_json, "body");
    if (p == NULL || timeout == NULL || method == NULL || url == NULL || *body == NULL || *p != '[') goto done;
    for (p = json_ws(p + 1); *p == '['; p = json_ws(p)) {
        char *name, *value, *line;
        p = json_ws(p + 1);
        name = json_string(&p);
        p = json_ws(p);
        if (*p == ',') p = json_ws(p + 1);
        value = json_string(&p);
        line = name && value ? (char *)malloc(strlen(name) + strlen(value) + 3) : NULL;
        if (line != NULL) {
            sprintf(line, "%s: %s", name, value);
            *headers = curl_slist_append(*headers, line);
        }
        free(name);
        free(value);
        free(line);
        p = json_ws(p);
        if (*p != ']') goto done;
        p = json_ws(p + 1);
        if (*p == ',') p = json_ws(p + 1);
    }
    /* No "Expect: 100-continue" round trip: the body goes with the headers. */
    *headers = curl_slist_append(*headers, "Expect:");
    curl = curl_easy_init();
    if (curl == NULL) goto done;
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, *headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, *body);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(*body));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, strtol(timeout, NULL, 10));
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    /* No proxy from the environment; a corporate proxy is set here: CURLOPT_PROXY, "http://proxy:3128". */
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, answer);
done:
    free(method);
    free(url);
    return curl;
}

/* True when curl failed before any byte of the request left: the token may be released. */
static int nothing_sent(CURL *curl, CURLcode code) {
    curl_off_t sent = 0;
    if (curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &sent) != CURLE_OK || sent != 0) return 0;
    switch (code) {
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
            return 1;
        default:
            return 0;
    }
}

/* Sends the exchange's request with libcurl and finishes the exchange. Returns a status; on success
 * *result_json is the result (ydrz_string_free), on failure *err may hold the library's error and *message
 * is set for a transport failure. The caller still frees the exchange. */
static int32_t send_with_curl(ydrz_exchange *ex, char **result_json, ydrz_error **err, const char **message) {
    char *request = NULL, *body = NULL;
    struct curl_slist *headers = NULL;
    struct answer answer = {NULL, 0};
    CURL *curl;
    CURLcode code;
    int32_t rc = ydrz_exchange_request(ex, &request, err);
    *message = NULL;
    if (rc != YDRZ_OK) return rc;
    curl = prepare(request, &headers, &body, &answer);
    ydrz_string_free(request);
    if (curl == NULL) {
        *message = "cannot build the request";
        ydrz_exchange_not_sent(ex);
        rc = YDRZ_E_NETWORK;
        goto done;
    }
    code = curl_easy_perform(curl);
    if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && answer.len == ANSWER_CAP)) {
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        rc = ydrz_exchange_finish(ex, (int32_t)status, (const uint8_t *)answer.data, answer.len, result_json, err);
    } else if (nothing_sent(curl, code)) {
        ydrz_exchange_not_sent(ex);
        *message = curl_easy_strerror(code);
        rc = YDRZ_E_NETWORK;
    } else {
        *message = curl_easy_strerror(code); /* the token stays reserved: the request may have arrived */
        rc = code == CURLE_OPERATION_TIMEDOUT ? YDRZ_E_TIMEOUT : YDRZ_E_NETWORK;
    }
    curl_easy_cleanup(curl);
done:
    curl_slist_free_all(headers);
    free(body);
    free(answer.data);
    return rc;
}

/* Begins the exchange of `interface` ("onekey", "number_verify", "app_login" or "app_number"). */
static int32_t begin(const ydrz_client *client, const char *interface, const char *token, const char *user_information,
                     const char *phone, ydrz_exchange **ex, ydrz_error **err) {
    if (strcmp(interface, "onekey") == 0) return ydrz_client_onekey_begin(client, token, user_information, NULL, ex, err);
    if (strcmp(interface, "number_verify") == 0)
        return ydrz_client_number_verify_begin(client, token, user_information, phone, NULL, ex, err);
    if (strcmp(interface, "app_login") == 0) return ydrz_client_app_login_begin(client, token, NULL, ex, err);
    if (strcmp(interface, "app_number") == 0) return ydrz_client_app_number_begin(client, token, phone, NULL, ex, err);
    *ex = NULL;
    return YDRZ_E_INVALID_ARG;
}

#ifndef EXCHANGE_CURL_NO_VALIDATE
/* One validation over libcurl: begin, send, finish (or not_sent), free. Prints failures to stderr. */
static int32_t validate_with_curl(const ydrz_client *client, const char *interface, const char *token,
                                  const char *user_information, const char *phone, char **result_json) {
    ydrz_exchange *ex = NULL;
    ydrz_error *err = NULL;
    const char *message = "unknown interface";
    int32_t rc = begin(client, interface, token, user_information, phone, &ex, &err);
    *result_json = NULL;
    if (rc == YDRZ_OK) rc = send_with_curl(ex, result_json, &err, &message);
    if (rc != YDRZ_OK) fprintf(stderr, "%s: %s\n", ydrz_status_name(rc), err ? ydrz_error_message(err) : message);
    ydrz_error_free(err);
    ydrz_exchange_free(ex);
    return rc;
}
#endif

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long size;
    if (f == NULL) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (text = (char *)malloc((size_t)size + 1)) != NULL) {
        text[fread(text, 1, (size_t)size, f)] = '\0';
    }
    fclose(f);
    return text;
}

#ifndef EXCHANGE_CURL_NO_MAIN
int main(int argc, char **argv) {
    ydrz_client *client = NULL;
    ydrz_error *err = NULL;
    char *config, *result = NULL;
    int32_t rc;
    if (argc != 6) {
        fprintf(stderr, "usage: %s INTERFACE CONFIG_FILE TOKEN USER_INFORMATION PHONE\n", argv[0]);
        return 2;
    }
    config = read_file(argv[2]);
    if (config == NULL) {
        fprintf(stderr, "cannot read %s\n", argv[2]);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    rc = ydrz_client_new(config, &client, &err);
    free(config);
    if (rc != YDRZ_OK) {
        fprintf(stderr, "%s: %s\n", ydrz_status_name(rc), ydrz_error_message(err));
        ydrz_error_free(err);
    } else {
        rc = validate_with_curl(client, argv[1], argv[3], argv[4], argv[5], &result);
        if (rc == YDRZ_OK) printf("%s\n", result);
        ydrz_string_free(result);
        ydrz_client_free(client);
    }
    curl_global_cleanup();
    return rc == YDRZ_OK ? 0 : 1;
}
#endif
