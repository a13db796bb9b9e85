package dev.tandem.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random bearer secrets and the hashes under which they are stored. */
final class Secrets {

    private static final int BYTES = 32;

    private final SecureRandom random = new SecureRandom();

    /** A new secret: the prefix, then 32 random bytes in URL-safe Base64. */
    String generate(String prefix) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * SHA-256 in hex. A plain hash suffices (no salt, no bcrypt) because the secrets are long and
     * random, and it lets a presented secret be found by an indexed lookup.
     */
    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
