# Bare-metal Cortex-M3 programs built with arm-none-eabi-gcc at build time, for the QEMU
# cross-check (tests/qemu) and the ISS speed benchmark (bench). Both link the same runtime:
# tests/qemu/runtime (vector table, start-up, semihosting, board.ld for QEMU's lm3s6965evb).
include_guard(GLOBAL)

find_program(M3LAB_ARM_GCC arm-none-eabi-gcc)
set(M3LAB_ARM_RUNTIME_DIR ${PROJECT_SOURCE_DIR}/tests/qemu/runtime CACHE INTERNAL "runtime of the bare-metal test programs")

# Fails configuration (never a silent skip) when something that was asked for needs the compiler.
function(m3lab_require_arm_gcc what)
  if(NOT M3LAB_ARM_GCC)
    message(FATAL_ERROR
      "${what} needs arm-none-eabi-gcc, which was not found on PATH. Install gcc-arm-none-eabi "
      "(tools/setup.sh does) or configure with -DM3LAB_ORACLE_TESTS=OFF.")
  endif()
endfunction()

# m3lab_arm_program(OUTPUT <elf> OPT <-O2> SOURCES <file.c>...)
# Adds a custom command that compiles and links the sources with the runtime into <elf>.
function(m3lab_arm_program)
  cmake_parse_arguments(ARG "" "OUTPUT;OPT" "SOURCES" ${ARGN})
  set(rt ${M3LAB_ARM_RUNTIME_DIR})
  get_filename_component(name ${ARG_OUTPUT} NAME)
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${M3LAB_ARM_GCC} -mcpu=cortex-m3 -mthumb -nostdlib -ffreestanding ${ARG_OPT} -g
            -Wall -Wextra -Werror -I${rt} -T ${rt}/board.ld -o ${ARG_OUTPUT} ${ARG_SOURCES} ${rt}/startup.c -lgcc
    DEPENDS ${ARG_SOURCES} ${rt}/startup.c ${rt}/semihost.h ${rt}/board.ld
    COMMENT "arm-none-eabi-gcc ${name}"
    VERBATIM)
endfunction()
