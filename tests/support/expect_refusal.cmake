# cmake -DMICROAOT=... -DMODEL=... -DOP=... -P expect_refusal.cmake
# Passes when `microaot compile` refuses MODEL with exit 2 and a one-line message naming OP.
execute_process(COMMAND ${MICROAOT} compile ${MODEL} -o ${CMAKE_CURRENT_BINARY_DIR}/refused_out
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "expected exit 2 (refusal naming ${OP}), got ${rc}: ${err}${out}")
endif()
string(FIND "${err}" "${OP}" at)
if(at LESS 0)
  message(FATAL_ERROR "refusal does not name ${OP}: ${err}")
endif()
string(STRIP "${err}" stripped)
string(FIND "${stripped}" "\n" newline)
if(NOT newline EQUAL -1)
  message(FATAL_ERROR "refusal is not one line: ${err}")
endif()
message(STATUS "refused as expected: ${stripped}")
