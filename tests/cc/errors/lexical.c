int main(void) {
  int a = 1 @ 2;
  char c = '';
  int d = 0x;
  return "unterminated;
}
