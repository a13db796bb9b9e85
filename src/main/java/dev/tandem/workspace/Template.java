package dev.tandem.workspace;

/**
 * A project template as offered to users. Title, description and language come from
 * {@code workspace-templates/index.json}; a template missing there is shown by its name.
 *
 * @param name        the folder name, passed as {@code template} when creating a workspace
 * @param title       a human-readable title
 * @param description one sentence, or null
 * @param language    the main language (java, javascript, python, html...), or null
 */
public record Template(String name, String title, String description, String language) {
}
