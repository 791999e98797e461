long counter;
int main(void) { return 10L; }
