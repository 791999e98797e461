int printf(const char *fmt, ...);
int main(void) { return 0; }
