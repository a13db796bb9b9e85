package dev.tandem.lang;

/**
 * One problem in a workspace file, for lists such as the Problems panel.
 *
 * @param path     workspace-relative path
 * @param line     1-based
 * @param column   1-based
 * @param severity "error", "warning" or "info"
 */
public record Problem(String path, int line, int column, String severity, String message) {
}
