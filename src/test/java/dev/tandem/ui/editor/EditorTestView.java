package dev.tandem.ui.editor;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.NativeButton;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import java.time.Duration;

/**
 * Test-only page hosting one {@link CodeEditor} and showing what the server receives from
 * it. Query parameters: {@code file}, {@code readOnly}, {@code autoSave} (ms),
 * {@code bigLines} (generate a large Java file), {@code crlf} (Windows line breaks), {@code confirm=manual} (markSaved only on
 * the "mark saved" button instead of right in the save listener).
 */
@Route("test/editor")
@AnonymousAllowed
public class EditorTestView extends Div implements BeforeEnterObserver {

    static final String SAMPLE = """
            package demo;

            public class Hello {
                public static void main(String[] args) {
                    System.out.println("hi");
                }
            }
            """;

    private final CodeEditor editor = new CodeEditor();
    private final Span saves = new Span("0");
    private final Span saveKind = new Span();
    private final Pre savedText = new Pre();
    private final Span savedLength = new Span();
    private final Span savedCrlf = new Span();
    private final Span dirty = new Span("false");
    private final Span cursor = new Span();
    private final Span language = new Span();
    private int saveCount;
    private boolean confirmManually;

    public EditorTestView() {
        editor.setId("editor");
        editor.setWidth("900px");
        editor.setHeight("400px");
        saves.setId("saves");
        saveKind.setId("save-kind");
        savedText.setId("saved-text");
        savedLength.setId("saved-length");
        savedCrlf.setId("saved-crlf");
        dirty.setId("dirty");
        cursor.setId("cursor");
        language.setId("language");

        editor.addSaveListener(event -> {
            saveCount++;
            saves.setText(Integer.toString(saveCount));
            saveKind.setText(event.isAutoSave() ? "auto" : "manual");
            savedLength.setText(Integer.toString(event.getText().length()));
            savedCrlf.setText(Long.toString(event.getText().split("\r\n", -1).length - 1));
            // Huge texts are only counted, so the page stays light.
            savedText.setText(event.getText().length() > 100_000 ? "" : event.getText());
            if (!confirmManually) {
                editor.markSaved(event.getText());
            }
        });
        editor.addDirtyChangeListener(event -> dirty.setText(Boolean.toString(event.isDirty())));
        editor.addCursorListener(event -> cursor.setText(
                event.getLine() + ":" + event.getColumn() + " " + event.getSelectionLength()));

        NativeButton markSaved = new NativeButton("mark saved", click -> editor.markSaved(savedText.getText()));
        markSaved.setId("mark-saved");
        NativeButton markOther = new NativeButton("mark other text saved", click -> editor.markSaved("something else"));
        markOther.setId("mark-other");
        NativeButton move = new NativeButton("move", click -> {
            remove(editor);
            addComponentAsFirst(editor);
        });
        move.setId("move");
        NativeButton detach = new NativeButton("detach", click -> remove(editor));
        detach.setId("detach");
        NativeButton attach = new NativeButton("attach", click -> addComponentAsFirst(editor));
        attach.setId("attach");
        add(editor, markSaved, markOther, move, detach, attach,
                new Div(new Span("saves "), saves, new Span(" kind "), saveKind, new Span(" length "), savedLength, new Span(" crlf "), savedCrlf),
                new Div(new Span("dirty "), dirty, new Span(" cursor "), cursor, new Span(" language "), language),
                savedText);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        QueryParameters query = event.getLocation().getQueryParameters();
        String file = query.getSingleParameter("file").orElse("Hello.java");
        confirmManually = query.getSingleParameter("confirm").filter("manual"::equals).isPresent();
        editor.setReadOnly(query.getSingleParameter("readOnly").map(Boolean::parseBoolean).orElse(false));
        editor.setAutoSaveDelay(Duration.ofMillis(query.getSingleParameter("autoSave").map(Long::parseLong).orElse(0L)));
        String text = query.getSingleParameter("bigLines").map(Integer::parseInt).map(EditorTestView::bigJava).orElse(SAMPLE);
        if (query.getSingleParameter("crlf").isPresent()) {
            text = text.replace("\n", "\r\n");
        }
        editor.setDocument(file, text);
        language.setText(editor.getLanguageName());
    }

    static String bigJava(int classes) {
        StringBuilder text = new StringBuilder("package demo;\n\n");
        for (int i = 0; i < classes; i++) {
            text.append("class Generated").append(i).append(" {\n")
                    .append("    private int value = ").append(i).append(";\n")
                    .append("    int value() { return value * 2 + ").append(i).append("; } // a comment\n")
                    .append("}\n");
        }
        return text.toString();
    }
}
