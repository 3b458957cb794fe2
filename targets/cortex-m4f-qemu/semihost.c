/* semihost.c - console output and exit through Arm semihosting (BKPT 0xAB on M-profile). */
#include "mao_target.h"

#include <string.h>

enum {
    SYS_OPEN = 0x01,
    SYS_WRITE0 = 0x04,
    SYS_WRITE = 0x05,
    SYS_EXIT = 0x18,
    SYS_EXIT_EXTENDED = 0x20,
};

#define ADP_STOPPED_APPLICATION_EXIT 0x20026u
#define SEMIHOST_OPEN_MODE_WRITE 4u

static int semihost_call(int operation, const void *argument) {
    register int r0 __asm__("r0") = operation;
    register const void *r1 __asm__("r1") = argument;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* ":tt" is the semihosting console; opened lazily so output works before main. */
static int console_handle(void) {
    static int handle = -1;
    if (handle < 0) {
        static const char console_name[] = ":tt";
        const uint32_t args[3] = {(uint32_t)(uintptr_t)console_name, SEMIHOST_OPEN_MODE_WRITE,
                                  (uint32_t)(sizeof console_name - 1)};
        handle = semihost_call(SYS_OPEN, args);
    }
    return handle;
}

void mao_target_write(const char *bytes, size_t count) {
    int handle = console_handle();
    if (handle < 0 || count == 0) return;
    const uint32_t args[3] = {(uint32_t)handle, (uint32_t)(uintptr_t)bytes, (uint32_t)count};
    semihost_call(SYS_WRITE, args);
}

void mao_target_puts(const char *text) {
    mao_target_write(text, strlen(text));
}

void mao_target_exit(int status) {
    const uint32_t args[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status};
    semihost_call(SYS_EXIT_EXTENDED, args);
    /* Only reached if the host lacks the extended call: plain exit loses the status. */
    semihost_call(SYS_EXIT, (const void *)(uintptr_t)ADP_STOPPED_APPLICATION_EXIT);
    for (;;) {
    }
}
