@ An AAPCS function of six arguments (needs LDR SP-relative and BX from the table).
  .syntax unified
  .thumb
  .word 0x20001000
  .word sum6
  .org 0x40
  .global sum6
  .thumb_func
sum6:
  adds r0, r0, r1
  adds r0, r0, r2
  adds r0, r0, r3
  ldr r1, [sp, #0]
  adds r0, r0, r1
  ldr r1, [sp, #4]
  adds r0, r0, r1
  bx lr
