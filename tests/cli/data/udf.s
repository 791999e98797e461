@ Executes a permanently undefined instruction, with no fault handler.
        .syntax unified
        .thumb
        .text
_start:
        nop
        udf     #0
