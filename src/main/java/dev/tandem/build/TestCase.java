package dev.tandem.build;

/**
 * One test from a JUnit XML report.
 *
 * @param suite          the enclosing test suite's name
 * @param name           the test's name
 * @param className      its class name (or file, for runners that have no classes)
 * @param status         passed, failed (a failure or an error) or skipped
 * @param durationMillis how long it ran
 * @param message        the failure or skip message; null when passed
 * @param details        the stack trace or output of a failure (cut at a limit); null when none
 */
public record TestCase(String suite, String name, String className, Status status, long durationMillis, String message,
        String details) {

    public enum Status { PASSED, FAILED, SKIPPED }
}
