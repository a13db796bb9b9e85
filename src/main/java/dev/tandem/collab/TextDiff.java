package dev.tandem.collab;

import java.util.ArrayList;
import java.util.List;

/**
 * The smallest set of replacements that turns one text into another, so that applying a change made
 * on disk to a live document touches only what changed (collaborators' cursors elsewhere stay put).
 * Lines are compared first (Myers' O(ND) algorithm), then each changed block is narrowed to the
 * characters that differ. Indexes are UTF-16 code units, as in Yjs; a surrogate pair is never split.
 */
final class TextDiff {

    /** Replace {@code deleteLength} code units at {@code index} (of the old text) by {@code insert}. */
    record Edit(int index, int deleteLength, String insert) {
    }

    /** Beyond this many differing lines, one replacement of the changed middle is good enough. */
    private static final int MAX_LINE_EDITS = 1000;

    private TextDiff() {
    }

    /** The edits, in increasing index order; apply them from the last to the first. */
    static List<Edit> diff(String before, String after) {
        List<Edit> edits = new ArrayList<>();
        if (before.equals(after)) {
            return edits;
        }
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<int[]> blocks = changedBlocks(a, b);
        if (blocks == null) {
            addNarrowed(edits, before, 0, before.length(), after, 0, after.length());
            return edits;
        }
        int[] offsetA = offsets(a);
        int[] offsetB = offsets(b);
        for (int[] block : blocks) {
            addNarrowed(edits, before, offsetA[block[0]], offsetA[block[1]], after, offsetB[block[2]], offsetB[block[3]]);
        }
        return edits;
    }

    /** Adds one edit replacing before[aFrom, aTo) by after[bFrom, bTo), trimmed to what differs. */
    private static void addNarrowed(List<Edit> edits, String before, int aFrom, int aTo, String after, int bFrom, int bTo) {
        while (aFrom < aTo && bFrom < bTo && before.charAt(aFrom) == after.charAt(bFrom)) {
            aFrom++;
            bFrom++;
        }
        while (aTo > aFrom && bTo > bFrom && before.charAt(aTo - 1) == after.charAt(bTo - 1)) {
            aTo--;
            bTo--;
        }
        // Widen by one where a cut would fall inside a surrogate pair (the characters around are equal).
        if (splitsPair(before, aFrom) || splitsPair(after, bFrom)) {
            aFrom--;
            bFrom--;
        }
        if (splitsPair(before, aTo) || splitsPair(after, bTo)) {
            aTo++;
            bTo++;
        }
        if (aFrom == aTo && bFrom == bTo) {
            return;
        }
        edits.add(new Edit(aFrom, aTo - aFrom, after.substring(bFrom, bTo)));
    }

    private static boolean splitsPair(String s, int i) {
        return i > 0 && i < s.length() && Character.isHighSurrogate(s.charAt(i - 1)) && Character.isLowSurrogate(s.charAt(i));
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    private static int[] offsets(List<String> lines) {
        int[] offsets = new int[lines.size() + 1];
        for (int i = 0; i < lines.size(); i++) {
            offsets[i + 1] = offsets[i] + lines.get(i).length();
        }
        return offsets;
    }

    /**
     * Myers' greedy diff on lines: the changed blocks as {@code [aFrom, aTo, bFrom, bTo]} in order, or
     * null when they exceed {@link #MAX_LINE_EDITS}.
     */
    private static List<int[]> changedBlocks(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = Math.min(n + m, MAX_LINE_EDITS);
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        int found = -1;
        for (int d = 0; d <= max && found < 0; d++) {
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    found = d;
                    break;
                }
            }
            trace.add(v.clone());
        }
        if (found < 0) {
            return null;
        }
        // Walk back through the trace, collecting matched (diagonal) runs, then turn the gaps into blocks.
        List<int[]> matches = new ArrayList<>();
        int x = n;
        int y = m;
        for (int d = found; d > 0; d--) {
            int[] prev = trace.get(d - 1);
            int k = x - y;
            int prevK = (k == -d || (k != d && prev[offset + k - 1] < prev[offset + k + 1])) ? k + 1 : k - 1;
            int prevX = prev[offset + prevK];
            int prevY = prevX - prevK;
            int startX = prevK == k + 1 ? prevX : prevX + 1;
            int startY = startX - k;
            if (x > startX) {
                matches.add(new int[] {startX, startY, x - startX});
            }
            x = prevX;
            y = prevY;
        }
        if (x > 0) {
            matches.add(new int[] {0, 0, x});
        }
        List<int[]> blocks = new ArrayList<>();
        int ai = 0;
        int bi = 0;
        for (int i = matches.size() - 1; i >= 0; i--) {
            int[] match = matches.get(i);
            if (match[0] > ai || match[1] > bi) {
                blocks.add(new int[] {ai, match[0], bi, match[1]});
            }
            ai = match[0] + match[2];
            bi = match[1] + match[2];
        }
        if (ai < n || bi < m) {
            blocks.add(new int[] {ai, n, bi, m});
        }
        return blocks;
    }
}
