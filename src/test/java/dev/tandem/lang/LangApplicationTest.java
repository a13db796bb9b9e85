package dev.tandem.lang;

import dev.tandem.config.TandemProperties;
import dev.tandem.security.TokenService;
import dev.tandem.security.UserService;
import dev.tandem.ui.Chromium;
import dev.tandem.workspace.WorkspaceFiles;
import dev.tandem.workspace.WorkspaceService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The real application on a random port, with a data directory of its own, for language-server tests. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class LangApplicationTest {

    @DynamicPropertySource
    static void langApplication(DynamicPropertyRegistry registry) {
        // Searchable by others: dependency resolution runs as the sandbox user, in the workspace's repository under it.
        // Made once: the supplier is asked again at every lookup of the property.
        String home = Chromium.tempHome("tandem-lang-test");
        registry.add("tandem.home", () -> home);
        registry.add("tandem.admin-password", () -> "admin-pass-1");
        registry.add("vaadin.productionMode", () -> "true");
    }

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    TokenService tokens;
    @Autowired
    WorkspaceService workspaces;
    @Autowired
    WorkspaceFiles files;
    @Autowired
    LangService lang;
    @Autowired
    TandemProperties tandem;
}
