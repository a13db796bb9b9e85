package dev.tandem.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BuildSpecParserTest {

    private final BuildSpecParser parser = new BuildSpecParser();

    @Test
    void everyTemplateBuildspecParses() throws IOException {
        try (Stream<Path> templates = Files.list(Path.of("workspace-templates"))) {
            for (Path dir : (Iterable<Path>) templates::iterator) {
                Path spec = dir.resolve("buildspec.yml");
                if (Files.isRegularFile(spec)) {
                    BuildSpec parsed = parser.parse(Files.readString(spec));
                    assertThat(parsed.phases()).as(dir.toString()).containsKey(PhaseName.BUILD);
                    assertThat(parsed.reports()).as(dir.toString()).isNotEmpty();
                }
            }
        }
    }

    @Test
    void readsAllSections() {
        BuildSpec spec = parser.parse("""
                version: 0.2
                env:
                  shell: sh
                  variables: {A: "1", B: 2}
                  exported-variables: [A]
                phases:
                  build:
                    on-failure: CONTINUE
                    commands:
                      - echo hi
                    finally: echo done
                artifacts:
                  base-directory: out/
                  discard-paths: yes
                  name: app
                  files: ['**/*']
                  exclude-paths: ['*.tmp']
                reports:
                  unit:
                    files: [TEST-*.xml]
                    base-directory: target/surefire-reports
                cache:
                  paths: ['/root/.m2/**', node_modules/**/*]
                """);
        assertThat(spec.env().shell()).isEqualTo("sh");
        assertThat(spec.env().variables()).containsEntry("B", "2");
        assertThat(spec.phases().get(PhaseName.BUILD).onFailure()).isEqualTo(BuildSpec.OnFailure.CONTINUE);
        assertThat(spec.phases().get(PhaseName.BUILD).finallyCommands()).containsExactly("echo done");
        assertThat(spec.artifacts().baseDirectory()).isEqualTo("out");
        assertThat(spec.artifacts().discardPaths()).isTrue();
        assertThat(spec.reports().get("unit").baseDirectory()).isEqualTo("target/surefire-reports");
        assertThat(spec.cachePaths()).hasSize(2);
    }

    @Test
    void refusesWithLineAndColumn() {
        assertError("version: 0.2\nphases:\n  build:\n    commands: [\n", 5, 1, "YAML error");
        assertError("version: 0.2\nphase:\n  build: {}\n", 2, 1, "unknown key 'phase'");
        assertError("version: 0.3\nphases:\n  build:\n    commands: [x]\n", 1, 10, "expected 0.2");
        assertError("version: 0.2\nphases:\n  build:\n    commands: [x]\n    on-failure: MAYBE\n", 5, 17, "ABORT or CONTINUE");
        assertError("version: 0.2\nphases:\n  build:\n    commands:\n      - a: b\n", 5, 9, "to be a string");
        assertError("version: 0.2\nphases:\n  build:\n    commands: [x]\n  build:\n    commands: [y]\n", 5, 3, "duplicate key");
        assertError("version: 0.2\nphases:\n  build:\n    commands: [x]\nartifacts:\n  files: [../etc/passwd]\n", 6, 11, "without '..'");
        assertError("version: 0.2\nenv:\n  parameter-store:\n    KEY: /x\nphases:\n  build:\n    commands: [x]\n", 3, 3, "reserved");
        assertError("version: 0.2\n", 1, 1, "no phases");
    }

    private void assertError(String yaml, int line, int column, String text) {
        assertThatThrownBy(() -> parser.parse(yaml))
                .isInstanceOfSatisfying(InvalidBuildSpecException.class, e -> {
                    assertThat(e.getMessage()).contains(text);
                    assertThat(e.line() + ":" + e.column()).as(e.getMessage()).isEqualTo(line + ":" + column);
                });
    }
}
