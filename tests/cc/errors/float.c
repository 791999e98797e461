float f;
double g(double x) { return x; }
int main(void) { return 0; }
