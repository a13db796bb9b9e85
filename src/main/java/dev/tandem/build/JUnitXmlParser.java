package dev.tandem.build;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads JUnit XML (Surefire, pytest, node's test runner and others) as a stream, so a large report
 * is never a tree in memory. The files come from the build, so DTDs and external entities are off
 * and long texts are cut.
 */
final class JUnitXmlParser {

    static final int MAX_TEXT = 16 * 1024;
    static final int MAX_CASES = 100_000;

    private final XMLInputFactory factory;

    JUnitXmlParser() {
        factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    /** The test cases of one file, in file order. */
    List<TestCase> parse(InputStream in) throws IOException {
        List<TestCase> cases = new ArrayList<>();
        Deque<String> suites = new ArrayDeque<>();
        try {
            XMLStreamReader xml = factory.createXMLStreamReader(in);
            CaseBuilder current = null;
            StringBuilder text = null;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String element = xml.getLocalName();
                    switch (element) {
                        case "testsuite" -> suites.push(attr(xml, "name", suites.isEmpty() ? "" : suites.peek()));
                        case "testcase" -> current = new CaseBuilder(suites.isEmpty() ? "" : suites.peek(),
                                attr(xml, "name", "(unnamed)"), attr(xml, "classname", ""), millis(attr(xml, "time", "0")));
                        case "failure", "error", "skipped" -> {
                            if (current != null) {
                                boolean skipped = element.equals("skipped");
                                if (!skipped || current.status != TestCase.Status.FAILED) {
                                    current.status = skipped ? TestCase.Status.SKIPPED : TestCase.Status.FAILED;
                                    current.message = cut(attr(xml, "message", skipped ? null : attr(xml, "type", null)));
                                    text = new StringBuilder();
                                }
                            }
                        }
                        default -> {
                        }
                    }
                } else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA) {
                    if (text != null && text.length() < MAX_TEXT) {
                        text.append(xml.getText(), 0, Math.min(xml.getTextLength(), MAX_TEXT - text.length()));
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    switch (xml.getLocalName()) {
                        case "testsuite" -> suites.poll();
                        case "testcase" -> {
                            if (current != null && cases.size() < MAX_CASES) {
                                cases.add(current.build());
                            }
                            current = null;
                        }
                        case "failure", "error", "skipped" -> {
                            if (current != null && text != null) {
                                String details = text.toString().strip();
                                current.details = details.isEmpty() ? current.details : details;
                                if (current.message == null && !details.isEmpty()) {
                                    current.message = cut(details.lines().findFirst().orElse(""));
                                }
                            }
                            text = null;
                        }
                        default -> {
                        }
                    }
                }
            }
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("not a JUnit XML report: " + e.getMessage(), e);
        }
        return cases;
    }

    private static String attr(XMLStreamReader xml, String name, String fallback) {
        String value = xml.getAttributeValue(null, name);
        return value == null ? fallback : value;
    }

    private static long millis(String seconds) {
        try {
            return new BigDecimal(seconds.strip().replace(",", "")).movePointRight(3).longValue();
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String cut(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }

    private static final class CaseBuilder {
        final String suite;
        final String name;
        final String className;
        final long duration;
        TestCase.Status status = TestCase.Status.PASSED;
        String message;
        String details;

        CaseBuilder(String suite, String name, String className, long duration) {
            this.suite = suite;
            this.name = name;
            this.className = className;
            this.duration = duration;
        }

        TestCase build() {
            return new TestCase(suite, name, className, status, duration, message, details);
        }
    }
}
