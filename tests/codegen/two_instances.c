/* Runs the kws_ref_model library (compiled with --name m) as two instances with separate
 * workspaces, interleaved, and checks each against m_run on the same input. Also checks the
 * error returns. Exit 0 on success. */
#include "m.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int8_t input_a[m_input_1_ELEMENTS], input_b[m_input_1_ELEMENTS];
static int8_t ref_a[m_Identity_ELEMENTS], ref_b[m_Identity_ELEMENTS];
static int8_t got_a[m_Identity_ELEMENTS], got_b[m_Identity_ELEMENTS];

static unsigned char *raw_blocks[2];

static void *aligned_workspace(int k) {
    /* over-allocate and align by hand (C99 has no aligned_alloc) */
    unsigned char *raw = (unsigned char *)malloc(m_WORKSPACE_SIZE + m_WORKSPACE_ALIGN);
    size_t pad;
    raw_blocks[k] = raw;
    if (raw == NULL) return NULL;
    memset(raw, 0xA5, m_WORKSPACE_SIZE + m_WORKSPACE_ALIGN);
    pad = (m_WORKSPACE_ALIGN - (size_t)((uintptr_t)raw % m_WORKSPACE_ALIGN)) % m_WORKSPACE_ALIGN;
    return raw + pad;
}

int main(void) {
    m_inputs in_a, in_b;
    m_outputs out_a, out_b;
    void *ws1 = aligned_workspace(0), *ws2 = aligned_workspace(1);
    int i;
    for (i = 0; i < m_input_1_ELEMENTS; ++i) {
        input_a[i] = (int8_t)((i * 37) % 256 - 128);
        input_b[i] = (int8_t)((i * 91 + 7) % 256 - 128);
    }
    in_a.input_1 = input_a;
    in_b.input_1 = input_b;
    out_a.Identity = ref_a;
    out_b.Identity = ref_b;
    if (ws1 == NULL || ws2 == NULL) return 10;
    if (m_run(&in_a, &out_a) != 0 || m_run(&in_b, &out_b) != 0) return 11;
    if (memcmp(ref_a, ref_b, sizeof ref_a) == 0) return 12; /* inputs must matter */

    /* Interleave: two layers' worth of state would collide if the instances shared memory. */
    out_a.Identity = got_a;
    out_b.Identity = got_b;
    for (i = 0; i < 3; ++i) {
        memset(got_a, 0, sizeof got_a);
        memset(got_b, 0, sizeof got_b);
        if (m_run_with_workspace(&in_a, &out_a, ws1) != 0) return 13;
        if (m_run_with_workspace(&in_b, &out_b, ws2) != 0) return 14;
        if (memcmp(got_a, ref_a, sizeof got_a) != 0) return 15;
        if (memcmp(got_b, ref_b, sizeof got_b) != 0) return 16;
        /* swap workspaces: results must not depend on which one was used before */
        {
            void *t = ws1;
            ws1 = ws2;
            ws2 = t;
        }
    }

    /* Error returns: NULL pointers and a misaligned workspace. */
    if (m_run(NULL, &out_a) != 1 || m_run(&in_a, NULL) != 1) return 17;
    if (m_run_with_workspace(&in_a, &out_a, NULL) != 1) return 18;
    in_a.input_1 = NULL;
    if (m_run(&in_a, &out_a) != 1) return 19;
    in_a.input_1 = input_a;
    if (m_WORKSPACE_ALIGN > 1 && m_run_with_workspace(&in_a, &out_a, (char *)ws1 + 1) != 2)
        return 20;
    free(raw_blocks[0]);
    free(raw_blocks[1]);
    printf("two instances: ok\n");
    return 0;
}
