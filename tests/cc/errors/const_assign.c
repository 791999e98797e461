const int k = 3;
int main(void) {
  const char *s = "x";
  k = 4;
  s[0] = 'y';
  return k;
}
