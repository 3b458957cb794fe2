/* markers.c - marker functions the QEMU instruction counter keys on.
 *
 * Written in asm so they are never inlined and cost exactly one instruction (`bx lr`). The
 * tag word after each body is never executed; it keeps the bodies distinct so no linker can
 * fold two markers onto one address. rig_region_* alias the region markers so the shared
 * m4count yardstick measures the very same firmware. */
#include "mao_target.h"

#define MAO_MARKER(name, tag)                                                                      \
    ".syntax unified\n"                                                                            \
    ".thumb\n"                                                                                     \
    ".section .text." #name ",\"ax\",%progbits\n"                                                  \
    ".balign 4\n"                                                                                  \
    ".global " #name "\n"                                                                          \
    ".type " #name ", %function\n"                                                                 \
    ".thumb_func\n" #name ":\n"                                                                    \
    "    bx lr\n"                                                                                  \
    "    .balign 4\n"                                                                              \
    "    .word " #tag "\n"                                                                         \
    ".size " #name ", .-" #name "\n"                                                               \
    ".text\n"

__asm__(MAO_MARKER(mao_region_begin, 0x4d414f01));
__asm__(MAO_MARKER(mao_region_end, 0x4d414f02));
__asm__(MAO_MARKER(mao_exclude_begin, 0x4d414f03));
__asm__(MAO_MARKER(mao_exclude_end, 0x4d414f04));
__asm__(".global rig_region_begin\n"
        ".thumb_set rig_region_begin, mao_region_begin\n"
        ".global rig_region_end\n"
        ".thumb_set rig_region_end, mao_region_end\n");
