package dev.tandem.workspace;

/** A workspace as one member sees it: with that member's role. */
public record WorkspaceSummary(Workspace workspace, Role role) {
}
