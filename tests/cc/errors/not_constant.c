int n = 3;
int a[n];
int b = n;
int main(void) {
  int c[0];
  return 0;
}
