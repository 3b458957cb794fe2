# cmake -DMICROAOT=... -DDOC=docs/operators.md -P check_operators_doc.cmake
execute_process(COMMAND ${MICROAOT} ops RESULT_VARIABLE rc OUTPUT_VARIABLE generated)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "microaot ops failed with exit ${rc}")
endif()
file(READ ${DOC} committed)
if(NOT generated STREQUAL committed)
  message(FATAL_ERROR "docs/operators.md is stale: regenerate it with "
                      "`build/microaot ops > docs/operators.md`")
endif()
