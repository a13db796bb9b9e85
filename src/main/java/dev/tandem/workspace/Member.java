package dev.tandem.workspace;

/** A user's membership in a workspace. */
public record Member(String username, Role role) {
}
