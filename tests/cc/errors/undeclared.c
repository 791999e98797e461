int main(void) {
  return x + 1;
}
