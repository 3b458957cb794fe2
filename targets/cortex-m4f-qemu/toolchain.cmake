# toolchain.cmake - cross-build firmware for the cortex-m4f-qemu target with CMake:
#   cmake -DCMAKE_TOOLCHAIN_FILE=<repo>/targets/cortex-m4f-qemu/toolchain.cmake ...
#   add_executable(fw.elf main.c ${MAO_CORTEX_M4F_QEMU_SOURCES})
# Flags come from target.cflags / target.ldflags, shared with build-firmware.sh:
#   compile: -mcpu=cortex-m4 -mthumb -mfpu=fpv4-sp-d16 -mfloat-abi=hard -O2
#            -ffunction-sections -fdata-sections (one section per function/object, so
#            --gc-sections can drop what the model does not use)
#   link:    -nostartfiles (our startup.c) --specs=nano.specs (newlib-nano) -Wl,--gc-sections
#            -lm, with the linker script mps2_an386.ld
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(MAO_CROSS_PREFIX "arm-none-eabi-" CACHE STRING "cross toolchain prefix")
set(CMAKE_C_COMPILER ${MAO_CROSS_PREFIX}gcc)
set(CMAKE_CXX_COMPILER ${MAO_CROSS_PREFIX}g++)
set(CMAKE_ASM_COMPILER ${MAO_CROSS_PREFIX}gcc)

set(MAO_CORTEX_M4F_QEMU_DIR ${CMAKE_CURRENT_LIST_DIR})
file(STRINGS ${MAO_CORTEX_M4F_QEMU_DIR}/target.cflags mao_target_cflags)
file(STRINGS ${MAO_CORTEX_M4F_QEMU_DIR}/target.ldflags mao_target_ldflags)
file(STRINGS ${MAO_CORTEX_M4F_QEMU_DIR}/target.sources mao_target_sources)

set(CMAKE_C_FLAGS_INIT "${mao_target_cflags}")
set(CMAKE_CXX_FLAGS_INIT "${mao_target_cflags} -fno-exceptions -fno-rtti")
set(CMAKE_ASM_FLAGS_INIT "${mao_target_cflags}")
set(CMAKE_EXE_LINKER_FLAGS_INIT
    "-T${MAO_CORTEX_M4F_QEMU_DIR}/mps2_an386.ld ${mao_target_ldflags}")

set(MAO_CORTEX_M4F_QEMU_SOURCES "")
foreach(source IN LISTS mao_target_sources)
    list(APPEND MAO_CORTEX_M4F_QEMU_SOURCES ${MAO_CORTEX_M4F_QEMU_DIR}/${source})
endforeach()
include_directories(${MAO_CORTEX_M4F_QEMU_DIR})

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
