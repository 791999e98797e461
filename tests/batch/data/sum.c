int data[256];
int main(void) {
  int s = 0;
  for (int i = 0; i < 256; i++) data[i] = i;
  for (int r = 0; r < 4; r++)
    for (int i = 0; i < 256; i += 4) s += data[i];
  return s & 0x7f;
}
