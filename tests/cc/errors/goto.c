int main(void) {
  goto end;
end:
  return 0;
}
