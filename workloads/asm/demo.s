@ demo.s — the bundled m3lab demo: prints a greeting and the first Fibonacci numbers through
@ ARM semihosting, then exits with status 0.
@ Run it:  m3lab run workloads/asm/demo.s --stats-json stats.json

        .syntax unified
        .thumb

        .equ SYS_WRITE0, 0x04
        .equ SYS_EXIT_EXTENDED, 0x20
        .equ ADP_Stopped_ApplicationExit, 0x20026

        .text
        .global _start
        .thumb_func
_start:
        ldr     r0, =greeting
        bl      puts
        movs    r4, #0              @ fib(n-1)
        movs    r5, #1              @ fib(n)
        movs    r6, #20             @ how many to print
1:      mov     r0, r5
        bl      print_uint
        adds    r7, r4, r5          @ next = fib(n-1) + fib(n)
        mov     r4, r5
        mov     r5, r7
        subs    r6, r6, #1
        bne     1b
        ldr     r0, =newline
        bl      puts
        movs    r0, #0
        b       exit

@ puts(r0 = NUL-terminated string): SYS_WRITE0
        .thumb_func
puts:
        mov     r1, r0
        movs    r0, #SYS_WRITE0
        bkpt    0xab
        bx      lr

@ print_uint(r0): decimal digits and a space, built backwards in a stack buffer
        .thumb_func
print_uint:
        push    {r4, lr}
        sub     sp, sp, #16
        add     r1, sp, #15
        movs    r2, #0
        strb    r2, [r1]            @ terminator
        movs    r2, #' '
        strb    r2, [r1, #-1]!
        movs    r3, #10
2:      udiv    r2, r0, r3          @ r2 = r0 / 10
        mls     r4, r2, r3, r0      @ r4 = r0 - r2 * 10
        adds    r4, r4, #'0'
        strb    r4, [r1, #-1]!
        movs    r0, r2
        cmp     r0, #0
        bne     2b
        mov     r0, r1
        bl      puts
        add     sp, sp, #16
        pop     {r4, pc}

@ exit(r0 = status): SYS_EXIT_EXTENDED with a parameter block {reason, status}
        .thumb_func
exit:
        ldr     r1, =exit_block
        ldr     r2, =ADP_Stopped_ApplicationExit
        str     r2, [r1]
        str     r0, [r1, #4]
        movs    r0, #SYS_EXIT_EXTENDED
        bkpt    0xab
        b       .

        .section .rodata
greeting:
        .asciz  "Hello from m3lab! The first Fibonacci numbers:\n"
newline:
        .asciz  "\n"

        .bss
        .balign 4
exit_block:
        .space  8
