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
endif()
