@ IT blocks: condition-failed instructions retire without effect (needs IT from the table).
  .syntax unified
  .thumb
  .word 0x20001000
  .word _start
  .org 0x40
  .global _start
  .thumb_func
_start:
  movs r0, #0               @ Z = 1
  itt ne
  movne r1, #5              @ fails
  addne r1, r1, r1          @ fails
  ite eq
  moveq r2, #1              @ passes
  movne r3, #1              @ fails
  b.n .
