@ A tight loop of the forms every table has (adds, b.n), for the MIPS measurement.
  .syntax unified
  .thumb
  .word 0x20001000
  .word _start
  .org 0x40
  .global _start
  .thumb_func
_start:
  movs r1, #1
loop:
  adds r0, r0, r1
  adds r2, r2, r1
  adds r3, r3, r1
  adds r4, r4, r1
  adds r5, r5, r1
  adds r6, r6, r1
  adds r7, r7, r1
  b.n loop
