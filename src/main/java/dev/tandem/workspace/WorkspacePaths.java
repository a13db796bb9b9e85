package dev.tandem.workspace;

import dev.tandem.config.TandemException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns a path given by a client into the canonical workspace-relative form ('/'-separated, no
 * leading '/', no empty or '.' segments; "" is the root), or refuses it with a 400.
 *
 * <p>Refusing rather than repairing is deliberate: a client that sends {@code ..}, an absolute
 * path, a backslash or a percent-encoded byte is either broken or probing, and silently mapping
 * such input to some other file would hide both.
 */
final class WorkspacePaths {

    static final int MAX_PATH_LENGTH = 1024;
    private static final int MAX_SEGMENT_BYTES = 255;
    /** Any %XX left after the servlet container decoded the URL means double encoding. */
    private static final Pattern PERCENT_ENCODED = Pattern.compile("%[0-9a-fA-F]{2}");

    private WorkspacePaths() {
    }

    static String normalise(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        if (raw.length() > MAX_PATH_LENGTH) {
            throw bad("The path is longer than " + MAX_PATH_LENGTH + " characters");
        }
        if (raw.startsWith("/")) {
            throw bad("The path must be relative to the workspace, without a leading '/'");
        }
        if (raw.indexOf('\\') >= 0) {
            throw bad("The path must use '/' as separator, not '\\'");
        }
        if (PERCENT_ENCODED.matcher(raw).find()) {
            throw bad("The path must not contain percent-encoded characters");
        }
        for (int i = 0; i < raw.length(); i++) {
            if (Character.isISOControl(raw.charAt(i))) {
                throw bad("The path must not contain control characters");
            }
        }
        if (raw.length() >= 2 && raw.charAt(1) == ':' && Character.isLetter(raw.charAt(0))) {
            throw bad("The path must be relative to the workspace, not a drive path");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw bad("The path must not contain '..'");
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
                throw bad("A file name is at most " + MAX_SEGMENT_BYTES + " bytes");
            }
            segments.add(segment);
        }
        return String.join("/", segments);
    }

    /** The last segment of a normalised path ("" for the root). */
    static String name(String normalised) {
        return normalised.substring(normalised.lastIndexOf('/') + 1);
    }

    /** {@code dir/name}, or {@code name} when dir is the root. */
    static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    private static TandemException bad(String message) {
        return new TandemException(400, "bad_path", message);
    }
}
