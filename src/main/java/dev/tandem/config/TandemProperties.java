package dev.tandem.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings under {@code tandem.*}. All state lives under {@link #home()} (env {@code TANDEM_HOME},
 * default {@code ./data}) or in the database, never only in memory.
 *
 * @param home          the data directory: database, workspaces, logs
 * @param adminPassword password of the first {@code admin} account (env {@code TANDEM_ADMIN_PASSWORD});
 *                      generated and printed once when empty
 * @param maxUploadSize largest single file a user may upload or write
 */
@ConfigurationProperties("tandem")
public record TandemProperties(Path home, String adminPassword, DataSize maxUploadSize) {

    public TandemProperties {
        home = (home == null ? Path.of("data") : home).toAbsolutePath().normalize();
        maxUploadSize = maxUploadSize == null ? DataSize.ofMegabytes(50) : maxUploadSize;
    }

    public Path workspacesDir() {
        return home.resolve("workspaces");
    }
}
