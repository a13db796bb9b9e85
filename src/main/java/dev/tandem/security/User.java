package dev.tandem.security;

/** An account. The password hash never leaves the security package. */
public record User(long id, String username, boolean admin, boolean enabled) {
}
