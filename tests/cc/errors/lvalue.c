int main(void) {
  int a[3];
  1 = 2;
  a = 0;
  return 0;
}
