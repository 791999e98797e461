// Measures QEMU's start-up and shut-down time: the benchmark subtracts it from the timed runs.
int main(void) { return 0; }
