package dev.tandem.workspace;

import org.springframework.core.io.InputStreamSource;

/**
 * One file of a multi-file upload.
 *
 * @param name    path relative to the upload folder; may contain '/' (a folder upload)
 * @param size    the announced size in bytes, checked against the limit before anything is written
 * @param content the data
 */
public record Upload(String name, long size, InputStreamSource content) {
}
