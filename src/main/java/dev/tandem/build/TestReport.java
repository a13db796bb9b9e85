package dev.tandem.build;

import java.util.List;

/**
 * The tests of one report group of a build.
 *
 * @param group   the report group's name in the buildspec
 * @param files   the report files read, relative to the source root
 * @param summary the counts
 * @param cases   every test, failures first
 */
public record TestReport(String group, List<String> files, TestSummary summary, List<TestCase> cases) {
}
