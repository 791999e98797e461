@ A tight loop of movs and b.n: the step loop's own overhead with the cheapest semantic function.
  .syntax unified
  .thumb
  .word 0x20001000
  .word _start
  .org 0x40
  .global _start
  .thumb_func
_start:
  movs r1, #1
  movs r2, #2
  movs r3, #3
  movs r4, #4
  movs r5, #5
  movs r6, #6
  movs r7, #7
  b.n _start
