/* Runs every portable-kernel test and reports failures; exit status 1 if any check failed. */
#include <stdio.h>

#include "kernel_test_util.h"

typedef struct {
    const char *name;
    int (*run)(void);
} kernel_test;

int main(void) {
    static const kernel_test tests[] = {
        {"fixedpoint", test_fixedpoint},
        {"conv", test_conv},
        {"fully_connected", test_fully_connected},
        {"pool", test_pool},
        {"softmax", test_softmax},
        {"add", test_add},
        {"copy", test_copy},
        {"int16", test_int16},
    };
    int total = 0;
    size_t i;
    for (i = 0; i < sizeof tests / sizeof tests[0]; ++i) {
        const int failures = tests[i].run();
        printf("%-16s %s (%d failure%s)\n", tests[i].name, failures == 0 ? "ok" : "FAILED",
               failures, failures == 1 ? "" : "s");
        total += failures;
    }
    return total == 0 ? 0 : 1;
}
