@ Reset, step limits, CYCCNT, and the start of every fault test. The tests set registers and
@ the PC themselves after reset() and poke vector-table entries as they need them.
  .syntax unified
  .thumb
  .word 0x20000800          @ initial SP
  .word _start              @ reset (Thumb bit set by the linker)
  .org 0x40
  .global _start
  .thumb_func
_start:
  movs r0, #7               @ 0x40
loop:
  b.n loop                  @ 0x42
  .org 0x48
  ldr r1, [r0, #0]          @ 0x48: BusFault when r0 = 0x40000000
  b.n .                     @ 0x4a
  .org 0x50
  udf.w #0                  @ 0x50: 0xf7f0a000
  .org 0x54
  movs r0, #1               @ 0x54
  udf #0                    @ 0x56: 0xde00
  .org 0x58
  bkpt 0x01                 @ 0x58
  .org 0x60
hardfault:
  b.n hardfault             @ 0x60
  .org 0x64
usagefault:
  b.n usagefault            @ 0x64
  .org 0x68
busfault:
  b.n busfault              @ 0x68
  .org 0x70
  udf #1                    @ 0x70: a HardFault handler that faults (lockup)
  .org 0x78
  movs r3, #0               @ 0x78: CYCCNT reads, r0 = 0xE0001004
  ldr r1, [r0, #0]          @ 0x7a
  movs r3, #1               @ 0x7c
  ldr r2, [r0, #0]          @ 0x7e
  b.n .                     @ 0x80
