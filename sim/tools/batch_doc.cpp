// m3lab-batch-doc: prints the generated field table of docs/batch.md, or with
// `--update docs/batch.md` replaces the text between the GENERATED markers.
#include "m3lab/sim/batch.hpp"
#include "m3lab/sim/config.hpp"

int main(int argc, char** argv) {
  using namespace m3::batch;
  return m3::sim::doc_table_main(argc, argv, "m3lab-batch-doc", batch_fields_markdown(), kBatchDocBeginMarker,
                                 kBatchDocEndMarker);
}
