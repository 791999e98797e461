// cc_gen_random SEED: prints the random program for SEED (see gen_random.hpp).
#include <cstdio>
#include <cstdlib>

#include "gen_random.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: cc_gen_random SEED\n");
    return 2;
  }
  std::fputs(m3::cctest::generate_program(std::strtoull(argv[1], nullptr, 0)).c_str(), stdout);
  return 0;
}
