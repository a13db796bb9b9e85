package dev.tandem.security;

import dev.tandem.config.TandemProperties;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/** First start: creates {@code admin}, with the configured password or a generated one printed once. */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final UserService users;
    private final TandemProperties properties;

    AdminBootstrap(UserService users, TandemProperties properties) {
        this.users = users;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.count() > 0) {
            return;
        }
        String configured = properties.adminPassword();
        boolean generated = configured == null || configured.isBlank();
        String password = generated ? generatePassword() : configured;
        users.create("admin", password, true);
        if (generated) {
            // Printed once on purpose: it is the only way to learn it. Set TANDEM_ADMIN_PASSWORD to avoid this.
            log.warn("Created the account 'admin' with the generated password: {}", password);
        } else {
            log.info("Created the account 'admin' with the password from TANDEM_ADMIN_PASSWORD");
        }
    }

    private static String generatePassword() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
