int data[256];
int main(void) {
  int s = 0;
  for (int r = 0; r < 60; r++)
    for (int i = 0; i < 256; i++) s += data[i] + i;
  return 0;
}
