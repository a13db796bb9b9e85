package dev.tandem.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MavenDependenciesTest {

    @Test
    void onlyAPomWithoutDependenciesAndParentSkipsMaven() {
        assertThat(MavenDependencies.cannotHaveDependencies(pom("<properties><a>1</a></properties>"))).isTrue();
        assertThat(MavenDependencies.cannotHaveDependencies(pom("<dependencies><dependency><groupId>g</groupId></dependency></dependencies>")))
                .isFalse();
        assertThat(MavenDependencies.cannotHaveDependencies(pom("<parent><groupId>org.springframework.boot</groupId></parent>")))
                .as("a parent may bring dependencies").isFalse();
    }

    private static byte[] pom(String body) {
        return ("<project><modelVersion>4.0.0</modelVersion>" + body + "</project>").getBytes(StandardCharsets.UTF_8);
    }
}
