package dev.tandem.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecurityPropertiesTest {

    @Test
    void defaultLocksDoubleFromThirtySecondsUpToFifteenMinutes() {
        var properties = new SecurityProperties(0, null, null, null);
        assertThat(properties.lockAfter(4)).isZero();
        assertThat(properties.lockAfter(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.lockAfter(6)).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.lockAfter(9)).isEqualTo(Duration.ofMinutes(8));
        assertThat(properties.lockAfter(10)).isEqualTo(Duration.ofMinutes(15));
        assertThat(properties.lockAfter(1000)).isEqualTo(Duration.ofMinutes(15));
        assertThat(properties.ticketLifetime()).isEqualTo(Duration.ofSeconds(30));
    }
}
