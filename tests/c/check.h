/* A minimal test harness: CHECK records a failure and goes on; the summary line is "N passed, N failed". */
#ifndef YDRZ_CHECK_H
#define YDRZ_CHECK_H

#include <stdio.h>
#include <string.h>

static int checks_passed = 0;
static int checks_failed = 0;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (cond) {                                                                  \
            checks_passed++;                                                         \
        } else {                                                                     \
            checks_failed++;                                                         \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

#define CHECK_STR(actual, expected)                                                              \
    do {                                                                                         \
        const char *a_ = (actual), *e_ = (expected);                                             \
        if (a_ != NULL && e_ != NULL && strcmp(a_, e_) == 0) {                                   \
            checks_passed++;                                                                     \
        } else {                                                                                 \
            checks_failed++;                                                                     \
            fprintf(stderr, "%s:%d: CHECK_STR failed: %s\n  got:      %s\n  expected: %s\n", __FILE__, \
                    __LINE__, #actual, a_ ? a_ : "(null)", e_ ? e_ : "(null)");                  \
        }                                                                                        \
    } while (0)

static int check_summary(const char *suite) {
    printf("%s: %d passed, %d failed\n", suite, checks_passed, checks_failed);
    return checks_failed == 0 && checks_passed > 0 ? 0 : 1;
}

#endif
