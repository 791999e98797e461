// docs/isa.md's instruction list is generated from the table by this function, so the manual
// cannot drift from the decoder (a test compares the two).
#pragma once

#include <string>

namespace m3::isa {

// The Markdown text that sits between the GENERATED markers in docs/isa.md.
std::string isa_doc_markdown();

// The encoding of a form as a bit string, e.g. "0001100 mmm nnn ddd" (letters are fields).
std::string pattern_text(const struct Pattern& p);

}  // namespace m3::isa
