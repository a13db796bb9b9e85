package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DirectListenTest {

    @Test
    void unsetOrBlankMeansNoDirectListener() {
        assertThat(DirectListen.parse(null)).isEmpty();
        assertThat(DirectListen.parse("  ")).isEmpty();
    }

    @Test
    void hostAndPortAreReadAndHandedOnAsTheyCame() {
        DirectListen loopback = DirectListen.parse(" 127.0.0.1:8081 ").orElseThrow();
        assertThat(loopback).isEqualTo(new DirectListen("127.0.0.1", 8081));
        assertThat(loopback.option()).isEqualTo("-Dtandem.collab.direct-listen=127.0.0.1:8081");

        DirectListen ipv6 = DirectListen.parse("[::1]:9000").orElseThrow();
        assertThat(ipv6).isEqualTo(new DirectListen("::1", 9000));
        assertThat(DirectListen.parse(ipv6.option().substring(ipv6.option().indexOf('=') + 1))).contains(ipv6);
        assertThat(DirectListen.parse("0.0.0.0:443")).contains(new DirectListen("0.0.0.0", 443));
    }

    @Test
    void anythingButHostAndPortIsRefusedWithTheSettingsName() {
        for (String bad : new String[] {"8081", "localhost", "localhost:", "localhost:0", "localhost:70000",
                "localhost:80/collab", "user@localhost:80", "localhost:80?x", "http://localhost:80", "local host:80"}) {
            assertThatThrownBy(() -> DirectListen.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tandem.collab.direct-listen must be host:port");
        }
    }
}
