int main(void) {
  return foo(1);
}
