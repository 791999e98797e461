int f(int x) { return x; }
int (*fp)(int);
int main(void) {
  int a = f;
  return &f == 0;
}
