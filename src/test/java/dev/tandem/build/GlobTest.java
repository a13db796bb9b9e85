package dev.tandem.build;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void matchesLikeCodeBuild() {
        assertThat(Glob.of("**/*").selects("a.txt")).isTrue();
        assertThat(Glob.of("**/*").selects("a/b/c.txt")).isTrue();
        assertThat(Glob.of("src/*.js").selects("src/a.js")).isTrue();
        assertThat(Glob.of("src/*.js").selects("src/x/a.js")).isFalse();
        assertThat(Glob.of("target/surefire-reports/TEST-*.xml").selects("target/surefire-reports/TEST-a.B.xml")).isTrue();
        assertThat(Glob.of("**/*.log").selects("x.log")).isTrue();
        assertThat(Glob.of("public").selects("public/css/a.css")).isTrue();
        assertThat(Glob.of("*.{js,css}").selects("a.css")).isTrue();
        assertThat(Glob.of("a?c").selects("abc")).isTrue();
        assertThat(Glob.of("a.c").selects("abc")).isFalse();
    }
}
