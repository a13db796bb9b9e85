package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The settings reach the document server's process exactly as the IDE server bound them. */
class CollabPropertiesTest {

    @Test
    void everySettingSurvivesTheCommandLine() {
        // No value equals its default, so a setting left out on either side shows.
        CollabProperties bound = new CollabProperties(DataSize.ofKilobytes(300), DataSize.ofMegabytes(3), 7, 9,
                Duration.ofSeconds(11), Duration.ofMillis(333), Duration.ofMillis(888), Duration.ofMillis(444), Duration.ofSeconds(55), 66,
                Duration.ofMillis(777), Boolean.FALSE, DataSize.ofMegabytes(5), 3, 2, LogSync.BEFORE_BROADCAST,
                Duration.ofMillis(25));
        Properties system = new Properties();
        for (String option : bound.toSystemProperties()) {
            assertThat(option).startsWith("-D");
            int eq = option.indexOf('=');
            system.setProperty(option.substring(2, eq), option.substring(eq + 1));
        }
        assertThat(system).hasSize(CollabProperties.class.getRecordComponents().length);
        assertThat(CollabProperties.fromSystemProperties(system)).isEqualTo(bound);
    }

    @Test
    void theDocumentServersJvmStartsOnAJdkThatLacksOneOfItsOptions() throws IOException, InterruptedException {
        // A JDK 17 before 17.0.9 has no TrimNativeHeapInterval; an option no JDK has stands in for it.
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(defaults.getProperty("tandem.collab.server-jvm-options").strip().split("\\s+")));
        command.add("-XX:TandemNoSuchOption=1");
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertThat(java.waitFor()).as(output).isZero();
    }

    @Test
    void aLatestWriteEarlierThanTheQuietTimeIsRefused() {
        assertThatThrownBy(() -> new CollabProperties(null, null, 0, 0, null, Duration.ofMillis(500), Duration.ofMillis(400),
                null, null, 0, null, null, null, 0, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("disk-write-max-delay");
    }
}
