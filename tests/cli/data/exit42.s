@ Exits with status 42 through SYS_EXIT_EXTENDED.
        .syntax unified
        .thumb
        .text
        .global _start
        .thumb_func
_start:
        ldr     r1, =block
        movs    r0, #0x20
        bkpt    0xab
        b       .
        .data
        .balign 4
block:  .word   0x20026, 42
