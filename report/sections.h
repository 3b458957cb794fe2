// The report's sections (report/html_report.cpp assembles them). Each returns HTML (an inline
// <svg> and its caption, or a table). SVG element classes the tests count: `node` (one <g> per
// graph node), `buffer` (one <rect> per planned buffer), `profile-bar` (one <g> per profiled node).
#pragma once

#include "footprint/footprint.h"
#include "partition/partition_report.h"
#include "report/html_report.h"

#include <string>
#include <vector>

namespace microaot::report {

std::string graph_section(const driver::CompileResult &result,
                          const partition::PartitionReport &partition);
std::string memory_timeline_section(const driver::CompileResult &result,
                                    const partition::PartitionReport &partition);
std::string footprint_section(const footprint::Footprint &footprint,
                              const driver::CompileResult &result);
std::string profile_section(const Profile &profile, const driver::CompileResult &result);

} // namespace microaot::report
