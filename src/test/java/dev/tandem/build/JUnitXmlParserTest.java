package dev.tandem.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JUnitXmlParserTest {

    private List<TestCase> parse(String xml) throws IOException {
        return new JUnitXmlParser().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsNestedSuitesFailuresErrorsAndSkips() throws IOException {
        List<TestCase> cases = parse("""
                <testsuites>
                  <testsuite name="outer">
                    <testsuite name="inner">
                      <testcase name="ok" classname="A" time="1.5"/>
                      <testcase name="bad" classname="A" time="0.25"><failure message="boom" type="AssertionError"><![CDATA[trace line 1
                trace line 2]]></failure><system-out>noise</system-out></testcase>
                      <testcase name="err" classname="B"><error type="java.lang.IllegalStateException">stack</error></testcase>
                      <testcase name="later" classname="B"><skipped message="not today"/></testcase>
                    </testsuite>
                  </testsuite>
                </testsuites>
                """);
        assertThat(cases).extracting(TestCase::name).containsExactly("ok", "bad", "err", "later");
        assertThat(cases.get(0).durationMillis()).isEqualTo(1500);
        assertThat(cases.get(0).suite()).isEqualTo("inner");
        assertThat(cases.get(1).status()).isEqualTo(TestCase.Status.FAILED);
        assertThat(cases.get(1).message()).isEqualTo("boom");
        assertThat(cases.get(1).details()).contains("trace line 2").doesNotContain("noise");
        assertThat(cases.get(2).status()).isEqualTo(TestCase.Status.FAILED);
        assertThat(cases.get(2).message()).isEqualTo("java.lang.IllegalStateException");
        assertThat(cases.get(3).status()).isEqualTo(TestCase.Status.SKIPPED);
        assertThat(TestSummary.of(cases)).isEqualTo(new TestSummary(4, 1, 2, 1, 1750));
    }

    @Test
    void refusesDoctypesAndBrokenXml() {
        assertThatThrownBy(() -> parse("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><testsuite><testcase name=\"&e;\"/></testsuite>"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("<testsuite><testcase")).isInstanceOf(IOException.class);
    }
}
