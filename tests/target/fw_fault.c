/* fw_fault.c - an undefined instruction at a known address (fault_here) must end the run with
 * MAO_TARGET_FAULT_STATUS and a report naming that PC; with -DHANG it spins forever instead
 * (the runner's timeout must stop it). */
#include "mao_target.h"

void fault_here(void);
__asm__(".syntax unified\n"
        ".thumb\n"
        ".section .text.fault_here,\"ax\",%progbits\n"
        ".global fault_here\n"
        ".type fault_here, %function\n"
        ".thumb_func\n"
        "fault_here:\n"
        "    udf #0\n"
        "    bx lr\n"
        ".size fault_here, .-fault_here\n"
        ".text\n");

int main(void) {
    mao_target_puts("before fault\n");
#ifdef HANG
    volatile int spinning = 1;
    while (spinning) {
    }
#endif
    fault_here();
    mao_target_puts("after fault\n");
    return 0;
}
