package dev.tandem.workspace;

import java.time.Instant;

/** A workspace: a named folder of files shared by its members. {@code template} is null when created empty. */
public record Workspace(long id, String name, String template, Instant createdAt) {
}
