/* mao_target.h - firmware-side API of the cortex-m4f-qemu target (QEMU mps2-an386).
 *
 * Console and exit go through Arm semihosting; the QEMU runner (run-qemu.sh) turns the
 * exit status and the instruction counts taken between the marker functions into
 * machine-readable MAO_* lines. */
#ifndef MAO_TARGET_H
#define MAO_TARGET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Exit statuses reserved by the target support (firmware should use 0..63). */
#define MAO_TARGET_FAULT_STATUS 86
#define MAO_TARGET_UNEXPECTED_IRQ_STATUS 87

/* Word written over the unused stack so the high-water mark can be found later. */
#define MAO_STACK_PAINT 0x5AA5C33Cu

/* Weight arrays tagged with this land in .rodata.mao_weights.* so the linker script can
 * collect them between __mao_weights_start and __mao_weights_end (flash code vs weights). */
#if defined(MAO_TARGET_WEIGHTS_SECTIONS)
#define MAO_WEIGHTS_SECTION(name) __attribute__((section(".rodata.mao_weights." #name)))
#else
#define MAO_WEIGHTS_SECTION(name)
#endif

/* Console (semihosting). printf/puts from newlib-nano also work. */
void mao_target_puts(const char *text);
void mao_target_write(const char *bytes, size_t count);

/* Ends the emulation; the status becomes QEMU's exit status (semihosting SYS_EXIT_EXTENDED). */
void mao_target_exit(int status) __attribute__((noreturn));

/* Region markers. The instruction counter counts guest instructions from the first
 * instruction of mao_region_begin (inclusive) to the first instruction of mao_region_end
 * (exclusive): the region body plus 2 fixed instructions (begin's `bx lr`, the caller's
 * `bl mao_region_end`). Regions do not nest and are numbered 0, 1, ... in execution order.
 * Also exported as rig_region_begin / rig_region_end for the shared m4count yardstick. */
void mao_region_begin(void);
void mao_region_end(void);

/* Exclusion markers: instructions from the first instruction of mao_exclude_begin to the
 * first instruction of mao_exclude_end are reported separately and not counted as region
 * work (e.g. an accelerator's functional model running on the emulated CPU). The region
 * still pays 2 instructions per pair (`bl mao_exclude_begin`, end's `bx lr`). May nest. */
void mao_exclude_begin(void);
void mao_exclude_end(void);

/* Stack high-water mark in bytes below the stack top since reset or the last repaint. */
size_t mao_stack_used(void);
size_t mao_stack_size(void);
/* Repaints the stack below the current stack pointer (minus a small safety margin). */
void mao_stack_repaint(void);

#ifdef __cplusplus
}
#endif

#endif /* MAO_TARGET_H */
