# A plugin that claims nothing must not change the output: compiles MODEL without and with
# PLUGIN and compares the two directories file by file (names and bytes).
#   cmake -DMICROAOT=... -DMODEL=... -DPLUGIN=... -DOUT=dir -P compare_outputs.cmake
file(REMOVE_RECURSE ${OUT})
foreach(variant default plugin)
  set(extra "")
  if(variant STREQUAL "plugin")
    set(extra --backend-plugin ${PLUGIN} --report)
  endif()
  execute_process(COMMAND ${MICROAOT} compile ${MODEL} -o ${OUT}/${variant} ${extra}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "compile (${variant}) failed: ${err}")
  endif()
endforeach()
# The plugin was really loaded and asked (its reason shows in the report).
if(NOT out MATCHES "null_backend: claims nothing")
  message(FATAL_ERROR "the plugin was not consulted:\n${out}")
endif()
file(GLOB a RELATIVE ${OUT}/default ${OUT}/default/*)
file(GLOB b RELATIVE ${OUT}/plugin ${OUT}/plugin/*)
if(NOT a STREQUAL b)
  message(FATAL_ERROR "different files: [${a}] vs [${b}]")
endif()
foreach(f ${a})
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/default/${f} ${OUT}/plugin/${f}
                  RESULT_VARIABLE differ)
  if(differ)
    message(FATAL_ERROR "${f} differs with the plugin loaded")
  endif()
endforeach()
list(LENGTH a count)
message(STATUS "${count} files identical")
