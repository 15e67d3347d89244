/* check.h — the assertion of the unit tests: CHECK(cond) reports "FILE:LINE: check failed: cond"
 * on stderr and counts the failure; a test's main() returns failures != 0. Included once per test
 * program (it defines the counter). */
#ifndef WS_TEST_CHECK_H
#define WS_TEST_CHECK_H

#include <stdio.h>

static int failures;
#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            failures++;                                                              \
        }                                                                            \
    } while (0)

#endif
