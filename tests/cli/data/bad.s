        .syntax unified
        .thumb
        .text
_start: frobnicate r0, r1
        adds    r0, r1, #4097
        b       nowhere
        .bogus  12
        movs    r0, #1
