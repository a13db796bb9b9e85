package dev.tandem.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheTest {

    @TempDir
    Path dir;

    @Test
    void mapsCachePathsIntoTheBuildsHomeAndSource() {
        List<String> rejected = new ArrayList<>();
        List<BuildCache.Entry> entries = BuildCache.entries(List.of("/root/.m2/**", "~/.npm", "$HOME/.cache/pip/**",
                "node_modules/**/*", "/usr/lib/**", "../outside/**"), rejected);
        assertThat(entries).extracting(e -> e.area() + ":" + e.relative())
                .containsExactly("home:.m2", "home:.npm", "home:.cache/pip", "src:node_modules");
        assertThat(rejected).containsExactly("/usr/lib/**", "../outside/**");
    }

    @Test
    void savesAndRestoresByLinking() throws Exception {
        BuildCache cache = new BuildCache(new BuildDirectories(new dev.tandem.config.TandemProperties(dir, null, null)));
        List<BuildCache.Entry> entries = BuildCache.entries(List.of("/root/.m2/**"), new ArrayList<>());
        Path home1 = Files.createDirectories(dir.resolve("b1/home"));
        Files.createDirectories(home1.resolve(".m2/repository/x"));
        Files.writeString(home1.resolve(".m2/repository/x/a.jar"), "jar");
        assertThat(cache.save(7, 1, entries, home1, dir.resolve("b1/src"))).isEqualTo(1);

        Path home2 = Files.createDirectories(dir.resolve("b2/home"));
        assertThat(cache.restore(7, entries, home2, dir.resolve("b2/src"))).isEqualTo(1);
        assertThat(Files.readString(home2.resolve(".m2/repository/x/a.jar"))).isEqualTo("jar");
        assertThat(cache.restore(8, entries, Files.createDirectories(dir.resolve("b3/home")), dir.resolve("b3/src"))).isZero();
    }
}
