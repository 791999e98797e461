// m3lab-config-doc: prints the generated field table of docs/config.md, or with
// `--update docs/config.md` replaces the text between the GENERATED markers.
#include "m3lab/sim/config.hpp"

int main(int argc, char** argv) {
  using namespace m3::sim;
  return doc_table_main(argc, argv, "m3lab-config-doc", config_fields_markdown(), kDocBeginMarker, kDocEndMarker);
}
