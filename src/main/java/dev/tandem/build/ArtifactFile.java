package dev.tandem.build;

import java.nio.file.Path;

/**
 * The artifacts zip of a build, for download.
 *
 * @param file     where it is on disk
 * @param fileName the name to save it as
 * @param size     its size in bytes
 */
public record ArtifactFile(Path file, String fileName, long size) {
}
