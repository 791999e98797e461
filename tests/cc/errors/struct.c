struct point { int x; int y; };
union u { int a; };
int main(void) { return 0; }
