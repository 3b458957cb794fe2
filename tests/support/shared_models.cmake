# CMake side of tests/support/shared_models.h, for suites that add one test per shared model.
#
# microaot_expected_refusal(<stem> <out-var>): the operator a refusal of the model must name
# (tests/support/unsupported_models.txt), or "" when the model is supported.
# microaot_refusal_test(<name> <model-file> <operator>): a test that `microaot inspect` refuses
# the model with exit 2 naming <operator> (and fails if it is accepted).
function(microaot_expected_refusal stem out_var)
  file(STRINGS ${MICROAOT_UNSUPPORTED_MODELS} lines REGEX "^[^#]")
  set(op "")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "^([^ ]+) +([^ ]+)" _ "${line}")
    if(CMAKE_MATCH_1 STREQUAL stem)
      set(op ${CMAKE_MATCH_2})
    endif()
  endforeach()
  set(${out_var} "${op}" PARENT_SCOPE)
endfunction()

function(microaot_refusal_test name model op)
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} -DMICROAOT=$<TARGET_FILE:microaot> -DMODEL=${model} -DOP=${op}
                   -P ${PROJECT_SOURCE_DIR}/tests/support/expect_refusal.cmake)
endfunction()
