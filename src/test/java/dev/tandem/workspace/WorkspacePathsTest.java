package dev.tandem.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.config.TandemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkspacePathsTest {

    @Test
    void normalisesHarmlessForms() {
        assertThat(WorkspacePaths.normalise(null)).isEmpty();
        assertThat(WorkspacePaths.normalise("")).isEmpty();
        assertThat(WorkspacePaths.normalise(".")).isEmpty();
        assertThat(WorkspacePaths.normalise("src/main/")).isEqualTo("src/main");
        assertThat(WorkspacePaths.normalise("src//./main")).isEqualTo("src/main");
        assertThat(WorkspacePaths.normalise("a..b/..c/d..")).isEqualTo("a..b/..c/d..");
        assertThat(WorkspacePaths.normalise("ünïcode/файл.txt")).isEqualTo("ünïcode/файл.txt");
        assertThat(WorkspacePaths.normalise("100% sure.txt")).isEqualTo("100% sure.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "a/../b", "a/..", "/etc/passwd", "/", "a\\b", "..\\x", "a\u0000b", "a\nb",
            "%2e%2e/x", "..%2fx", "%2F", "%252e%252e", "%5c", "C:/windows", "c:x"})
    void refusesEscapes(String path) {
        assertThatThrownBy(() -> WorkspacePaths.normalise(path))
                .isInstanceOfSatisfying(TandemException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void refusesOverlongPathsAndNames() {
        assertThatThrownBy(() -> WorkspacePaths.normalise("a/".repeat(600))).isInstanceOf(TandemException.class);
        assertThatThrownBy(() -> WorkspacePaths.normalise("n".repeat(256))).isInstanceOf(TandemException.class);
        assertThat(WorkspacePaths.normalise("n".repeat(255))).hasSize(255);
    }

    @Test
    void splitsAndJoins() {
        assertThat(WorkspacePaths.name("a/b/c.txt")).isEqualTo("c.txt");
        assertThat(WorkspacePaths.name("")).isEmpty();
        assertThat(WorkspacePaths.join("", "x")).isEqualTo("x");
        assertThat(WorkspacePaths.join("a", "x")).isEqualTo("a/x");
    }
}
