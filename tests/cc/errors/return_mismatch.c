void f(void) { return 1; }
int g(void) { return; }
int main(void) { return 0; }
