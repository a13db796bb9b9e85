package dev.tandem.build;

import java.util.List;

/** Counts of a set of tests, and how long they ran. */
public record TestSummary(int total, int passed, int failed, int skipped, long durationMillis) {

    public static final TestSummary NONE = new TestSummary(0, 0, 0, 0, 0);

    static TestSummary of(List<TestCase> cases) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        long duration = 0;
        for (TestCase c : cases) {
            switch (c.status()) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
            duration += c.durationMillis();
        }
        return new TestSummary(cases.size(), passed, failed, skipped, duration);
    }

    TestSummary plus(TestSummary other) {
        return new TestSummary(total + other.total, passed + other.passed, failed + other.failed,
                skipped + other.skipped, durationMillis + other.durationMillis);
    }
}
