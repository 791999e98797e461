#if
#endif
#define F(a, b) a + b
int x = F(1);
#else
#error stop here
#ifdef
#endif
#bogus
#if 1
int main(void) { return 0; }
