package dev.tandem.collab;

import dev.tandem.crdt.Lib0Decoder;
import dev.tandem.crdt.Lib0Encoder;
import java.util.ArrayList;
import java.util.List;

/**
 * What the IDE server and the document server say to each other over loopback HTTP. Every call
 * carries the secret the IDE server gave the document server at its start ({@link #SECRET_HEADER});
 * a call without it is refused, so no other local program can use these endpoints. Bodies are
 * lib0-encoded (the document server already speaks lib0, and a JSON library would cost it memory).
 */
final class InternalCalls {

    static final String SECRET_HEADER = "X-Tandem-Documents";
    /** The Host header of the client's upgrade request, for the IDE server's same-origin check. */
    static final String HOST_HEADER = "X-Tandem-Host";

    // Served by the document server.
    static final String READ = "/internal/documents/read";
    static final String EDIT = "/internal/documents/edit";
    static final String MOVED = "/internal/documents/moved";
    static final String DELETED = "/internal/documents/deleted";
    static final String WORKSPACE_DELETED = "/internal/documents/workspace-deleted";

    // Served by the IDE server.
    static final String ADMIT = "/internal/collab/admit";
    static final String ROLE = "/internal/collab/role";
    static final String FILE = "/internal/collab/file";

    private static final int OFFSETS = 0;
    private static final int LINES = 1;

    private InternalCalls() {
    }

    static void writeEdits(Lib0Encoder out, List<? extends TextEdit> edits) {
        out.writeVarUint(edits.size());
        for (TextEdit edit : edits) {
            if (edit instanceof TextEdit.Offsets o) {
                out.writeVarUint(OFFSETS);
                out.writeVarInt(o.start());
                out.writeVarInt(o.end());
            } else if (edit instanceof TextEdit.Lines l) {
                out.writeVarUint(LINES);
                out.writeVarInt(l.startLine());
                out.writeVarInt(l.startCharacter());
                out.writeVarInt(l.endLine());
                out.writeVarInt(l.endCharacter());
            }
            out.writeVarString(edit.text());
        }
    }

    static List<TextEdit> readEdits(Lib0Decoder in) {
        int count = in.readVarUintAsInt();
        List<TextEdit> edits = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            int kind = in.readVarUintAsInt();
            if (kind == OFFSETS) {
                int start = (int) in.readVarInt();
                int end = (int) in.readVarInt();
                edits.add(TextEdit.replace(start, end, in.readVarString()));
            } else {
                int startLine = (int) in.readVarInt();
                int startCharacter = (int) in.readVarInt();
                int endLine = (int) in.readVarInt();
                int endCharacter = (int) in.readVarInt();
                edits.add(TextEdit.lsp(startLine, startCharacter, endLine, endCharacter, in.readVarString()));
            }
        }
        return edits;
    }
}
