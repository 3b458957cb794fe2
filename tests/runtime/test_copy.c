/* mao_copy: byte-exact copy, zero length and the dst == src no-op. */
#include "kernel_test_util.h"
#include "mao_kernels.h"

int test_copy(void) {
    unsigned char src[37], dst[37];
    int i, failures = 0;
    for (i = 0; i < 37; ++i) {
        src[i] = (unsigned char)(i * 7 + 1);
        dst[i] = 0;
    }
    mao_copy(dst, src, 0);
    failures += check_int("copy_zero", 0, dst[0], 0);
    mao_copy(dst, src, 37);
    for (i = 0; i < 37; ++i)
        failures += check_int("copy", i, dst[i], src[i]);
    mao_copy(src, src, 37);
    for (i = 0; i < 37; ++i)
        failures += check_int("copy_same", i, src[i], (i * 7 + 1) & 0xff);
    return failures;
}
