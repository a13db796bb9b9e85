package dev.tandem.collab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreeWayMergeTest {

    @Test
    void editsInDifferentPlacesAreAllKept() {
        String base = "one\ntwo\nthree\nfour\n";
        String typed = "one\ntwo typed\nthree\nfour\n";
        String disk = "one\ntwo\nthree\nFOUR from git\n";
        assertThat(ThreeWayMerge.merge(base, typed, disk)).isEqualTo("one\ntwo typed\nthree\nFOUR from git\n");
    }

    @Test
    void oneSidedChangesWin() {
        assertThat(ThreeWayMerge.merge("a", "a", "b")).isEqualTo("b");
        assertThat(ThreeWayMerge.merge("a", "b", "a")).isEqualTo("b");
        assertThat(ThreeWayMerge.merge("a", "b", "b")).isEqualTo("b");
    }

    @Test
    void whenBothChangeOnePlaceTheDiskWinsAndTypingIsKept() {
        String merged = ThreeWayMerge.merge("x = 1;\n", "x = 12;\n", "x = 3;\n");
        assertThat(merged).contains("3").contains("2");
        assertThat(ThreeWayMerge.merge("abc\n", "aXbc\n", "abc\nmore\n")).isEqualTo("aXbc\nmore\n");
    }

    @Test
    void insertsAtTheSamePlaceAreBothKept() {
        assertThat(ThreeWayMerge.merge("ab", "aXb", "aYb")).isEqualTo("aYXb");
    }
}
