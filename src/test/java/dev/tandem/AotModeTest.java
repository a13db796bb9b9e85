package dev.tandem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import org.junit.jupiter.api.Test;

class AotModeTest {

    private static final URL IN_JAR = url("jar:nested:/srv/tandem.jar/!BOOT-INF/classes/!/dev/tandem/TandemApplication.class");
    private static final URL IN_EXTRACTED_JAR = url("jar:file:/srv/tandem/tandem.jar!/dev/tandem/TandemApplication.class");
    private static final URL IN_DIRECTORY = url("file:/work/target/classes/dev/tandem/TandemApplication.class");
    private static final URL INITIALIZER = url("jar:file:/srv/tandem/tandem.jar!/dev/tandem/" + AotMode.INITIALIZER);

    @Test
    void thePackagedJarWithGeneratedCodeRunsItWhetherNestedOrExtracted() {
        assertThat(AotMode.useGeneratedCode(null, IN_JAR, INITIALIZER)).isTrue();
        assertThat(AotMode.useGeneratedCode(null, IN_EXTRACTED_JAR, INITIALIZER)).isTrue();
    }

    @Test
    void classesFromADirectoryNeverDoEvenWithAStaleInitializerBesideThem() {
        assertThat(AotMode.useGeneratedCode(null, IN_DIRECTORY, url("file:/work/target/classes/dev/tandem/" + AotMode.INITIALIZER)))
                .isFalse();
    }

    @Test
    void aJarBuiltWithoutGeneratedCodeStartsTheRegularWay() {
        assertThat(AotMode.useGeneratedCode(null, IN_JAR, null)).isFalse();
    }

    @Test
    void anExplicitSettingWins() {
        assertThat(AotMode.useGeneratedCode("false", IN_JAR, INITIALIZER)).isFalse();
    }

    @Test
    void testsRunWithoutAot() {
        // The test JVM loads the application from target/classes: AOT stays off here.
        assertThat(AotMode.useGeneratedCode(System.getProperty(AotMode.PROPERTY),
                TandemApplication.class.getResource("TandemApplication.class"),
                TandemApplication.class.getResource(AotMode.INITIALIZER))).isFalse();
    }

    private static URL url(String spec) {
        try {
            return new URL(null, spec, new java.net.URLStreamHandler() {
                @Override
                protected java.net.URLConnection openConnection(URL u) {
                    throw new UnsupportedOperationException();
                }
            });
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
