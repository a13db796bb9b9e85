package dev.tandem.ui.editor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EditorLanguageTest {

    @Test
    void picksTheLanguageFromTheLastPathSegment() {
        assertThat(EditorLanguage.forFileName("src/main/java/App.java")).isEqualTo(EditorLanguage.JAVA);
        assertThat(EditorLanguage.forFileName("web/App.TSX")).isEqualTo(EditorLanguage.TSX);
        assertThat(EditorLanguage.forFileName("index.mjs")).isEqualTo(EditorLanguage.JAVASCRIPT);
        assertThat(EditorLanguage.forFileName("buildspec.yml")).isEqualTo(EditorLanguage.YAML);
        assertThat(EditorLanguage.forFileName("README.md")).isEqualTo(EditorLanguage.MARKDOWN);
        assertThat(EditorLanguage.forFileName("pom.xml")).isEqualTo(EditorLanguage.XML);
        assertThat(EditorLanguage.forFileName("db/V1__init.sql")).isEqualTo(EditorLanguage.SQL);
        assertThat(EditorLanguage.forFileName("a.b/styles.css")).isEqualTo(EditorLanguage.CSS);
    }

    @Test
    void fallsBackToPlainText() {
        assertThat(EditorLanguage.forFileName("Makefile")).isEqualTo(EditorLanguage.PLAIN_TEXT);
        assertThat(EditorLanguage.forFileName("src.java/Makefile")).isEqualTo(EditorLanguage.PLAIN_TEXT);
        assertThat(EditorLanguage.forFileName("notes.")).isEqualTo(EditorLanguage.PLAIN_TEXT);
        assertThat(EditorLanguage.forFileName(null)).isEqualTo(EditorLanguage.PLAIN_TEXT);
        assertThat(EditorLanguage.PLAIN_TEXT.displayName()).isEqualTo("Plain text");
        assertThat(EditorLanguage.JAVA.displayName()).isEqualTo("Java");
    }
}
