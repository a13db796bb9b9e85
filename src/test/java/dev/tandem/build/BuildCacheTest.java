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
    void movesTheCacheIntoABuildAndBack() throws Exception {
        BuildCache cache = new BuildCache(new BuildDirectories(new dev.tandem.config.TandemProperties(dir, null, null)));
        List<BuildCache.Entry> entries = BuildCache.entries(List.of("/root/.m2/**"), new ArrayList<>());
        Path home1 = Files.createDirectories(dir.resolve("b1/home"));
        Files.createDirectories(home1.resolve(".m2/repository/x"));
        Files.writeString(home1.resolve(".m2/repository/x/a.jar"), "jar");
        Object inode = Files.getAttribute(home1.resolve(".m2/repository/x/a.jar"), "unix:ino");
        assertThat(cache.save(7, 1, entries, home1, dir.resolve("b1/src"))).isEqualTo(1);

        Path home2 = Files.createDirectories(dir.resolve("b2/home"));
        assertThat(cache.restore(7, 2, entries, home2, dir.resolve("b2/src"))).isEqualTo(new BuildCache.Restored(1, false));
        Path jar = home2.resolve(".m2/repository/x/a.jar");
        assertThat(Files.readString(jar)).isEqualTo("jar");
        // moved, not copied: the very same file
        assertThat(Files.getAttribute(jar, "unix:ino")).isEqualTo(inode);
        // while build 2 holds the cache, build 3 of the same workspace builds without it; other workspaces are apart
        assertThat(cache.restore(7, 3, entries, Files.createDirectories(dir.resolve("b3/home")), dir.resolve("b3/src")))
                .isEqualTo(new BuildCache.Restored(0, true));
        assertThat(cache.restore(8, 4, entries, Files.createDirectories(dir.resolve("b4/home")), dir.resolve("b4/src")))
                .isEqualTo(new BuildCache.Restored(0, false));

        Files.writeString(home2.resolve(".m2/repository/x/b.jar"), "new");
        assertThat(cache.save(7, 2, entries, home2, dir.resolve("b2/src"))).isEqualTo(1);
        Path home5 = Files.createDirectories(dir.resolve("b5/home"));
        assertThat(cache.restore(7, 5, entries, home5, dir.resolve("b5/src")).folders()).isEqualTo(1);
        assertThat(home5.resolve(".m2/repository/x/b.jar")).hasContent("new");
    }
}
