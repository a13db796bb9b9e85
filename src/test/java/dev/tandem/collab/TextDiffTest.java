package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.crdt.YDoc;
import dev.tandem.crdt.YText;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextDiffTest {

    private static String apply(String before, List<TextDiff.Edit> edits) {
        StringBuilder text = new StringBuilder(before);
        for (int i = edits.size() - 1; i >= 0; i--) {
            TextDiff.Edit e = edits.get(i);
            text.replace(e.index(), e.index() + e.deleteLength(), e.insert());
        }
        return text.toString();
    }

    @Test
    void separateChangesStaySeparateSoTextBetweenIsUntouched() {
        String before = "one\ntwo\nthree\nfour\nfive\n";
        String after = "ONE\ntwo\nthree\nfour\nfive!\n";
        List<TextDiff.Edit> edits = TextDiff.diff(before, after);
        assertThat(edits).containsExactly(new TextDiff.Edit(0, 3, "ONE"), new TextDiff.Edit(23, 0, "!"));
        assertThat(apply(before, edits)).isEqualTo(after);
    }

    @Test
    void equalTextsNeedNoEdit() {
        assertThat(TextDiff.diff("same", "same")).isEmpty();
    }

    @Test
    void surrogatePairsAreNeverSplit() {
        String before = "a\uD83D\uDE00b";
        String after = "a\uD83D\uDE01b";
        List<TextDiff.Edit> edits = TextDiff.diff(before, after);
        assertThat(edits).containsExactly(new TextDiff.Edit(1, 2, "\uD83D\uDE01"));
    }

    @Test
    void randomEditsRoundTripAndApplyToAYText() {
        Random random = new Random(7);
        String alphabet = "ab\n\uD83D\uDE00 x";
        for (int round = 0; round < 500; round++) {
            String before = randomText(random, alphabet, random.nextInt(60));
            StringBuilder after = new StringBuilder(before);
            for (int k = random.nextInt(4); k >= 0; k--) {
                int at = after.length() == 0 ? 0 : random.nextInt(after.length() + 1);
                while (at > 0 && at < after.length() && Character.isLowSurrogate(after.charAt(at))) {
                    at--;
                }
                int end = Math.min(after.length(), at + random.nextInt(5));
                while (end < after.length() && end > 0 && Character.isLowSurrogate(after.charAt(end))) {
                    end++;
                }
                after.replace(at, end, randomText(random, alphabet, random.nextInt(6)));
            }
            List<TextDiff.Edit> edits = TextDiff.diff(before, after.toString());
            assertThat(apply(before, edits)).isEqualTo(after.toString());
            YDoc doc = new YDoc();
            YText text = doc.getText("content");
            text.insert(0, before);
            doc.transact(txn -> {
                for (int i = edits.size() - 1; i >= 0; i--) {
                    TextDiff.Edit e = edits.get(i);
                    if (e.deleteLength() > 0) {
                        text.delete(e.index(), e.deleteLength());
                    }
                    if (!e.insert().isEmpty()) {
                        text.insert(e.index(), e.insert());
                    }
                }
            });
            assertThat(text.toString()).isEqualTo(after.toString());
        }
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int at = random.nextInt(alphabet.length());
            char c = alphabet.charAt(at);
            if (Character.isHighSurrogate(c)) {
                s.append(c).append(alphabet.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                s.append(c);
            }
        }
        return s.toString();
    }
}
