#ifndef PREPROC_INC_H
#define PREPROC_INC_H
#define INC_VALUE 42
static int inc_func(int x) { return x * 2; }
#endif
