int main(void) {
  break;
  continue;
  case 1: return 0;
}
