@ SVC entry and exception return through BX LR (needs SVC, MRS and BX from the table).
  .syntax unified
  .thumb
  .word 0x20001000
  .word _start
  .org 0x2c
  .word svc_handler         @ vector 11: SVCall
  .org 0x40
  .global _start
  .thumb_func
_start:
  movs r0, #5               @ 0x40
  svc #3                    @ 0x42
  adds r0, r0, r0           @ 0x44: r0 was restored from the frame: 10
  mrs r6, ipsr              @ 0x46
  b.n .                     @ 0x4a
  .org 0x80
  .thumb_func
svc_handler:
  mrs r4, ipsr              @ 0x80
  movs r0, #99              @ 0x84: clobbered, restored by the return
  bx lr                     @ 0x86
