package dev.tandem.collab;

import java.util.List;

/**
 * Merges a change made on disk into a live document that collaborators edited meanwhile: both
 * sides are diffed against the text last in sync with the disk (the base), and every change of
 * either side is kept where they do not touch the same place. Where both changed the same place,
 * the disk's version is taken and the text the collaborators inserted there is kept after it, so
 * typing is never lost (their deletions there give way to the disk's change).
 */
final class ThreeWayMerge {

    private ThreeWayMerge() {
    }

    /** The merged text of {@code ours} (the live document) and {@code theirs} (the disk), both derived from {@code base}. */
    static String merge(String base, String ours, String theirs) {
        if (ours.equals(base) || theirs.equals(ours)) {
            return theirs;
        }
        if (theirs.equals(base)) {
            return ours;
        }
        List<TextDiff.Edit> mine = TextDiff.diff(base, ours);
        List<TextDiff.Edit> disk = TextDiff.diff(base, theirs);
        StringBuilder out = new StringBuilder(Math.max(ours.length(), theirs.length()));
        int copied = 0;
        int i = 0;
        int j = 0;
        while (i < mine.size() || j < disk.size()) {
            // A group: the next edit and every edit of either side that touches its range.
            TextDiff.Edit first = j >= disk.size() || i < mine.size() && mine.get(i).index() <= disk.get(j).index()
                    ? mine.get(i) : disk.get(j);
            int start = first.index();
            int end = end(first);
            int fromMine = i;
            int fromDisk = j;
            boolean grew = true;
            while (grew) {
                grew = false;
                if (i < mine.size() && touches(mine.get(i), start, end)) {
                    end = Math.max(end, end(mine.get(i++)));
                    grew = true;
                }
                if (j < disk.size() && touches(disk.get(j), start, end)) {
                    end = Math.max(end, end(disk.get(j++)));
                    grew = true;
                }
            }
            out.append(base, copied, start);
            List<TextDiff.Edit> ourGroup = mine.subList(fromMine, i);
            List<TextDiff.Edit> diskGroup = disk.subList(fromDisk, j);
            if (diskGroup.isEmpty()) {
                out.append(apply(base, start, end, ourGroup));
            } else if (ourGroup.isEmpty()) {
                out.append(apply(base, start, end, diskGroup));
            } else {
                String theirVersion = apply(base, start, end, diskGroup);
                String ourVersion = apply(base, start, end, ourGroup);
                out.append(theirVersion);
                if (!theirVersion.equals(ourVersion)) {
                    for (TextDiff.Edit edit : ourGroup) {
                        if (!theirVersion.contains(edit.insert())) {
                            out.append(edit.insert());
                        }
                    }
                }
            }
            copied = end;
        }
        return out.append(base, copied, base.length()).toString();
    }

    private static int end(TextDiff.Edit edit) {
        return edit.index() + edit.deleteLength();
    }

    /** Whether an edit overlaps [start, end), or inserts at the group's start or inside it. */
    private static boolean touches(TextDiff.Edit edit, int start, int end) {
        return edit.index() < end || edit.index() == start;
    }

    /** base[start, end) with the given edits (inside that range, in order) applied. */
    private static String apply(String base, int start, int end, List<TextDiff.Edit> edits) {
        StringBuilder out = new StringBuilder();
        int at = start;
        for (TextDiff.Edit edit : edits) {
            out.append(base, at, edit.index()).append(edit.insert());
            at = end(edit);
        }
        return out.append(base, at, end).toString();
    }
}
