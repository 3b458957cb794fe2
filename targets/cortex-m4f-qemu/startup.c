/* startup.c - vector table, reset and fault handling for the Cortex-M4F on QEMU mps2-an386. */
#include "mao_target.h"
#include "mao_target_internal.h"

#include <stdlib.h>

/* Provided by mps2_an386.ld. */
extern uint32_t __stack_top[];
extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start__[], __bss_end__[];
extern void (*__preinit_array_start[])(void);
extern void (*__preinit_array_end[])(void);
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

extern int main(void);

#define SCB_CPACR (*(volatile uint32_t *)0xE000ED88u)
#define SCB_SHCSR (*(volatile uint32_t *)0xE000ED24u)
#define SCB_CFSR (*(volatile uint32_t *)0xE000ED28u)
#define SCB_HFSR (*(volatile uint32_t *)0xE000ED2Cu)
#define SCB_MMFAR (*(volatile uint32_t *)0xE000ED34u)
#define SCB_BFAR (*(volatile uint32_t *)0xE000ED38u)
#define CPACR_CP10_CP11_FULL (0xFu << 20)
#define SHCSR_MEM_BUS_USAGE_FAULT_ENABLE (7u << 16)

void mao_target_put_hex(const char *label, uint32_t value) {
    static const char digits[] = "0123456789abcdef";
    char text[12];
    text[0] = '0';
    text[1] = 'x';
    for (int nibble = 0; nibble < 8; ++nibble)
        text[2 + nibble] = digits[(value >> (28 - 4 * nibble)) & 0xFu];
    text[10] = '\n';
    text[11] = '\0';
    mao_target_puts(label);
    mao_target_puts(text);
}

/* frame: the exception stack frame (r0-r3, r12, lr, pc, xpsr). */
void mao_fault_report(const uint32_t *frame, uint32_t exc_return) {
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    mao_target_puts("\n*** MAO FAULT ***\n");
    mao_target_put_hex("IPSR  ", ipsr);
    mao_target_put_hex("EXC   ", exc_return);
    mao_target_put_hex("PC    ", frame[6]);
    mao_target_put_hex("LR    ", frame[5]);
    mao_target_put_hex("CFSR  ", SCB_CFSR);
    mao_target_put_hex("HFSR  ", SCB_HFSR);
    mao_target_put_hex("MMFAR ", SCB_MMFAR);
    mao_target_put_hex("BFAR  ", SCB_BFAR);
    mao_target_exit(MAO_TARGET_FAULT_STATUS);
}

/* Passes the stacked frame (from MSP or PSP, whichever was active) to mao_fault_report. */
__attribute__((naked)) void mao_fault_handler(void) {
    __asm__ volatile("tst lr, #4\n"
                     "ite eq\n"
                     "mrseq r0, msp\n"
                     "mrsne r0, psp\n"
                     "mov r1, lr\n"
                     "b mao_fault_report\n");
}

void mao_unexpected_irq_handler(void) {
    uint32_t ipsr;
    __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
    mao_target_put_hex("\n*** MAO UNEXPECTED IRQ *** IPSR ", ipsr);
    mao_target_exit(MAO_TARGET_UNEXPECTED_IRQ_STATUS);
}

static void copy_data_and_zero_bss(void) {
    const uint32_t *source = __data_load;
    for (uint32_t *word = __data_start; word < __data_end; ++word)
        *word = *source++;
    for (uint32_t *word = __bss_start__; word < __bss_end__; ++word)
        *word = 0;
}

static void run_constructors(void) {
    for (void (**init)(void) = __preinit_array_start; init < __preinit_array_end; ++init)
        (*init)();
    for (void (**init)(void) = __init_array_start; init < __init_array_end; ++init)
        (*init)();
}

/* Everything after the FPU is enabled; kept out of line so no FP instruction can be
 * scheduled before CPACR is written. */
__attribute__((noinline, noreturn)) static void reset_continue(void) {
    SCB_SHCSR |= SHCSR_MEM_BUS_USAGE_FAULT_ENABLE; /* precise fault reports, not HardFault */
    copy_data_and_zero_bss();
    mao_stack_repaint();
    run_constructors();
    exit(main()); /* newlib's exit flushes stdio (if used), then _exit -> mao_target_exit */
}

__attribute__((noreturn)) void mao_reset_handler(void) {
    SCB_CPACR |= CPACR_CP10_CP11_FULL;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    reset_continue();
}

#define MAO_EXTERNAL_IRQS 32
#define IRQ4                                                                                       \
    mao_unexpected_irq_handler, mao_unexpected_irq_handler, mao_unexpected_irq_handler,            \
        mao_unexpected_irq_handler
#define IRQ16 IRQ4, IRQ4, IRQ4, IRQ4

struct mao_vector_table {
    uint32_t *initial_stack_pointer;
    void (*handlers[15 + MAO_EXTERNAL_IRQS])(void);
};

__attribute__((section(".isr_vector"), used)) const struct mao_vector_table mao_vectors = {
    __stack_top,
    {
        mao_reset_handler,
        mao_fault_handler,          /* NMI */
        mao_fault_handler,          /* HardFault */
        mao_fault_handler,          /* MemManage */
        mao_fault_handler,          /* BusFault */
        mao_fault_handler,          /* UsageFault */
        0,                          /* reserved */
        0,                          /* reserved */
        0,                          /* reserved */
        0,                          /* reserved */
        mao_unexpected_irq_handler, /* SVCall */
        mao_fault_handler,          /* DebugMonitor */
        0,                          /* reserved */
        mao_unexpected_irq_handler, /* PendSV */
        mao_unexpected_irq_handler, /* SysTick */
        IRQ16,
        IRQ16,
    },
};
