/* Byte copy for RESHAPE when input and output buffers are not aliased. A plain loop instead of
 * memcpy keeps the runtime free of any libc dependency. */
#include "mao_kernels.h"

void mao_copy(void *dst, const void *src, int32_t num_bytes) {
    unsigned char *d = (unsigned char *)dst;
    const unsigned char *s = (const unsigned char *)src;
    int32_t i;
    if (d == s) return;
    for (i = 0; i < num_bytes; ++i)
        d[i] = s[i];
}
