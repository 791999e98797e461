int main(void) {
  int a = 1;
  short *p = &a;
  char *q = "x";
  unsigned *u = &a;
  return 0;
}
