package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
                Duration.ofMillis(777), Boolean.FALSE, DataSize.ofMegabytes(5), 3, LogSync.BEFORE_BROADCAST,
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
    void aLatestWriteEarlierThanTheQuietTimeIsRefused() {
        assertThatThrownBy(() -> new CollabProperties(null, null, 0, 0, null, Duration.ofMillis(500), Duration.ofMillis(400),
                null, null, 0, null, null, null, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("disk-write-max-delay");
    }
}
