@ Semihosting console output and SYS_EXIT_EXTENDED, with data at small fixed addresses so that
@ movs can load the pointers.
  .syntax unified
  .thumb
  .word 0x20000800
  .word _start
  .org 0x40
  .global _start
  .thumb_func
_start:
  movs r0, #4               @ SYS_WRITE0 "hello\n"
  movs r1, #0x80
  bkpt 0xab
  movs r0, #3               @ SYS_WRITEC 'X'
  movs r1, #0x90
  bkpt 0xab
  movs r0, #5               @ SYS_WRITE {2, "err", 3}
  movs r1, #0xa0
  bkpt 0xab
  movs r5, #0
  adds r4, r0, r5           @ r4 = bytes not written (0)
  movs r0, #5               @ SYS_WRITE {7, "err", 3}: bad handle
  movs r1, #0xb0
  bkpt 0xab
  adds r6, r0, r5           @ r6 = 3
  movs r0, #0x20            @ SYS_EXIT_EXTENDED {ADP_Stopped_ApplicationExit, 42}
  movs r1, #0xc0
  bkpt 0xab
  b.n .
  .org 0x80
  .asciz "hello\n"
  .org 0x88
  .ascii "err"
  .org 0x90
  .byte 'X'
  .org 0xa0
  .word 2, 0x88, 3
  .org 0xb0
  .word 7, 0x88, 3
  .org 0xc0
  .word 0x20026, 42
  .org 0xd0
  .word 0x20024, 42
