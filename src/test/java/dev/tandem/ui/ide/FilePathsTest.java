package dev.tandem.ui.ide;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FilePathsTest {

    @Test
    void joinsAndSplitsWorkspaceRelativePaths() {
        assertThat(FilePaths.join("", "a.txt")).isEqualTo("a.txt");
        assertThat(FilePaths.join("src/main", "A.java")).isEqualTo("src/main/A.java");
        assertThat(FilePaths.parent("src/main/A.java")).isEqualTo("src/main");
        assertThat(FilePaths.parent("A.java")).isEmpty();
        assertThat(FilePaths.name("src/main/A.java")).isEqualTo("A.java");
    }

    @Test
    void withinMatchesWholeSegmentsOnly() {
        assertThat(FilePaths.within("src/main/A.java", "src")).isTrue();
        assertThat(FilePaths.within("src", "src")).isTrue();
        assertThat(FilePaths.within("srcx/A.java", "src")).isFalse();
    }

    @Test
    void rebaseMovesAPathWithItsFolder() {
        assertThat(FilePaths.rebase("old/sub/A.java", "old", "new/place")).isEqualTo("new/place/sub/A.java");
    }

    @Test
    void baseNameDropsAClientSidePath() {
        assertThat(FilePaths.baseName("C:\\Users\\me\\notes.txt")).isEqualTo("notes.txt");
        assertThat(FilePaths.baseName("dir/notes.txt")).isEqualTo("notes.txt");
        assertThat(FilePaths.baseName("notes.txt")).isEqualTo("notes.txt");
    }
}
