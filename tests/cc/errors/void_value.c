void f(void) {}
int main(void) {
  int a = f();
  return f() + 1;
}
