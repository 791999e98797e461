int main(void) {
  int a = 1;
  void *v = &a;
  return *a + *v;
}
