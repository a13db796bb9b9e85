package dev.tandem.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.config.TandemException;
import dev.tandem.security.UserService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The watcher on a real workspace folder, changed behind Tandem's back with plain file operations. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkspaceWatcherTest {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Long enough for any burst to be reported (quiet time plus slack for a loaded machine). */
    private static final long REPORT_SECONDS = 5;
    /** How long to wait to be sure that nothing more is reported. */
    private static final long SILENCE_MILLIS = 3 * WorkspaceWatcher.MAX_DELAY_MILLIS / 2;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("tandem-watcher-test");
        registry.add("tandem.home", home::toString);
        registry.add("tandem.admin-password", () -> "admin-pass-1");
        registry.add("vaadin.productionMode", () -> "true");
    }

    @Autowired
    UserService users;
    @Autowired
    WorkspaceService workspaces;
    @Autowired
    WorkspaceFiles files;
    @Autowired
    WorkspaceWatcher watcher;

    String owner;
    long workspace;
    Path root;
    final BlockingQueue<Set<String>> reports = new LinkedBlockingQueue<>();
    WorkspaceWatcher.Subscription subscription;

    @BeforeEach
    void nestedFolders() throws IOException {
        int n = SEQUENCE.incrementAndGet();
        owner = "watch" + n;
        users.create(owner, "password-" + owner, false);
        workspace = workspaces.create(owner, "watched " + n, null).id();
        root = workspaces.directory(workspace);
        Files.createDirectories(root.resolve("src/main"));
        Files.writeString(root.resolve("src/main/App.java"), "class App {}");
        subscription = watcher.subscribe(owner, workspace, reports::add);
        subscription.watch("");
        subscription.watch("src");
        subscription.watch("src/main");
    }

    @AfterEach
    void close() {
        subscription.close();
    }

    @Test
    void createDeleteAndRenameInANestedFolderAreReportedOncePerBurst() throws Exception {
        Files.writeString(root.resolve("src/main/New.java"), "class New {}");
        assertReportedOnce(Set.of("src/main"));

        Files.move(root.resolve("src/main/New.java"), root.resolve("src/main/Renamed.java"));
        assertReportedOnce(Set.of("src/main"));

        Files.delete(root.resolve("src/main/Renamed.java"));
        assertReportedOnce(Set.of("src/main"));
    }

    @Test
    void aBurstOfChangesIsOneReport() throws Exception {
        for (int i = 0; i < 30; i++) {
            Files.writeString(root.resolve("src/main/F" + i + ".java"), "class F" + i + " {}");
        }
        assertReportedOnce(Set.of("src/main"));
    }

    @Test
    void changesInSeveralFoldersOfOneBurstComeTogether() throws Exception {
        Files.writeString(root.resolve("README.md"), "# hi");
        Files.writeString(root.resolve("src/main/Other.java"), "class Other {}");
        Set<String> all = new java.util.HashSet<>(next());
        // The two folders may straddle a burst boundary on a slow machine; each is reported once.
        if (all.size() < 2) {
            all.addAll(next());
        }
        assertThat(all).containsExactlyInAnyOrder("", "src/main");
        assertSilence();
    }

    @Test
    void replacingAFilesContentIsNotAListingChange() throws Exception {
        files.write(owner, workspace, "src/main/App.java", stream("class App { int x; }"));
        // The way the collab layer saves: a hidden temporary file renamed over the target.
        Path temp = root.resolve("src/main/.App.java.tandem~");
        Files.writeString(temp, "class App { int y; }");
        Files.move(temp, root.resolve("src/main/App.java"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(root.resolve("src/main/App.java"), "class App { int z; }");
        assertSilence();
    }

    @Test
    void aMovedFolderIsReportedByItsParentAndNoLongerWatchedUnderItsOldName() throws Exception {
        assertThat(watcher.watchedDirectories(workspace)).isEqualTo(3);
        Files.move(root.resolve("src/main"), root.resolve("src/moved"));
        assertReportedOnce(Set.of("src"));
        assertThat(watcher.watchedDirectories(workspace)).isEqualTo(2);

        // Changes under the new name are not mistaken for changes of the old folder.
        Files.writeString(root.resolve("src/moved/Late.java"), "class Late {}");
        assertSilence();
    }

    @Test
    void aDeletedFolderIsReportedByItsParent() throws Exception {
        FileTrees.deleteRecursively(root.resolve("src/main"));
        Set<String> all = new java.util.HashSet<>(next());
        assertThat(all).containsExactly("src");
        assertSilence();
        assertThat(watcher.watchedDirectories(workspace)).isEqualTo(2);
    }

    @Test
    void onlyWatchedFoldersAreReported() throws Exception {
        Files.createDirectories(root.resolve("docs"));
        assertReportedOnce(Set.of(""));
        Files.writeString(root.resolve("docs/guide.md"), "# guide");
        assertSilence();
        subscription.watch("docs");
        Files.writeString(root.resolve("docs/more.md"), "# more");
        assertReportedOnce(Set.of("docs"));
    }

    @Test
    void closingTheLastSubscriptionReleasesTheWatchesAndTheThread() throws Exception {
        var second = watcher.subscribe(owner, workspace, dirs -> { });
        assertThat(watcher.running()).isTrue();
        second.close();
        assertThat(watcher.watchedDirectories(workspace)).isEqualTo(3);

        subscription.close();
        assertThat(watcher.watchedDirectories(workspace)).isZero();
        // This watcher's own thread has ended (other cached test applications in this JVM have
        // watcher threads of the same name, so the name alone proves nothing).
        assertThat(watcher.running()).isFalse();
        Files.writeString(root.resolve("src/main/After.java"), "class After {}");
        assertSilence();
        subscription.watch("src");
        assertThat(watcher.watchedDirectories(workspace)).isZero();
    }

    @Test
    void foldersOutsideTheWorkspaceAreNotWatched() throws Exception {
        Path outside = Files.createTempDirectory("tandem-outside");
        Files.createSymbolicLink(root.resolve("link"), outside);
        assertReportedOnce(Set.of(""));
        subscription.watch("link");
        subscription.watch("missing");
        assertThat(watcher.watchedDirectories(workspace)).isEqualTo(3);
        assertThatThrownBy(() -> subscription.watch("../other")).isInstanceOf(TandemException.class);
    }

    @Test
    void onlyMembersMaySubscribe() {
        users.create(owner + "x", "password-x-" + owner, false);
        assertThatThrownBy(() -> watcher.subscribe(owner + "x", workspace, dirs -> { }))
                .isInstanceOf(TandemException.class)
                .extracting(e -> ((TandemException) e).status()).isEqualTo(404);
    }

    private Set<String> next() throws InterruptedException {
        Set<String> report = reports.poll(REPORT_SECONDS, TimeUnit.SECONDS);
        assertThat(report).as("a report within %d s", REPORT_SECONDS).isNotNull();
        return report;
    }

    private void assertReportedOnce(Set<String> expected) throws InterruptedException {
        assertThat(next()).isEqualTo(expected);
        assertSilence();
    }

    private void assertSilence() throws InterruptedException {
        assertThat(reports.poll(SILENCE_MILLIS, TimeUnit.MILLISECONDS)).as("no further report").isNull();
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
