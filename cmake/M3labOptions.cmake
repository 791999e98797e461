# Compiler options shared by every m3lab target.
add_library(m3lab_options INTERFACE)
target_compile_options(m3lab_options INTERFACE -Wall -Wextra)
if(M3LAB_WERROR)
  target_compile_options(m3lab_options INTERFACE -Werror)
endif()
if(M3LAB_SANITIZE)
  target_compile_options(m3lab_options INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=undefined
                                                 -fno-omit-frame-pointer)
  target_link_options(m3lab_options INTERFACE -fsanitize=address,undefined)
  # GCC 12's -Wmaybe-uninitialized reports false positives inside libstdc++ (std::regex,
  # std::function) when the sanitizers' instrumentation is on; the normal build keeps it.
  target_compile_options(m3lab_options INTERFACE -Wno-maybe-uninitialized)
endif()
