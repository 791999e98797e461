#include "test.h"
#include "preproc_inc.h"

#define ONE 1
#define TWO (ONE + ONE)
#define SQ(x) ((x) * (x))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define CAT(a, b) a##b
#define STR(x) #x
#define EMPTY
#define SELF SELF
#define F(x) G(x)
#define G(x) (x + 1)

#if TWO == 2
int two_ok = 1;
#else
int two_ok = 0;
#endif

#ifdef ONE
int ifdef_ok = 1;
#endif

#ifndef UNDEFINED_THING
int ifndef_ok = 1;
#endif

#if defined(ONE) && !defined UNDEFINED_THING
int defined_ok = 1;
#else
int defined_ok = 0;
#endif

#if 0
this is skipped ( garbage
#elif 1 + 1 == 3
int elif_val = 1;
#elif ONE
int elif_val = 2;
#else
int elif_val = 3;
#endif

#undef ONE
#ifdef ONE
int undef_ok = 0;
#else
int undef_ok = 1;
#endif

#pragma once_in_a_blue_moon
#pragma GCC optimize("O3")

int main(void) {
  ASSERT(1, two_ok);
  ASSERT(1, ifdef_ok);
  ASSERT(1, ifndef_ok);
  ASSERT(1, defined_ok);
  ASSERT(2, elif_val);
  ASSERT(1, undef_ok);
  ASSERT(25, SQ(5));
  ASSERT(49, SQ(3 + 4));
  ASSERT(9, MAX(4, 9));
  ASSERT(9, MAX(9, 4));
  int CAT(x, y) = 12;
  ASSERT(12, xy);
  ASSERT(5, sizeof(STR(abcd)));
  ASSERT(3, 3 EMPTY);
  ASSERT(6, F(5));
  ASSERT(42, INC_VALUE);
  ASSERT(10, inc_func(5));
  int SELF = 3;
  ASSERT(3, SELF);
  return failures;
}
