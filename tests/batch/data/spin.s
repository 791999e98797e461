@ Never finishes.
        .syntax unified
        .thumb
        .text
_start:
        b       _start
