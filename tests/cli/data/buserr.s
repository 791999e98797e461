@ Loads from an address outside the memory map, with no fault handler.
        .syntax unified
        .thumb
        .text
_start:
        ldr     r0, =0x40000000
        ldr     r1, [r0]
        b       .
