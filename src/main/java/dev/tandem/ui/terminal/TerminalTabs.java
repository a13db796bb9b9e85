package dev.tandem.ui.terminal;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.tabs.Tab;
import com.vaadin.flow.component.tabs.Tabs;
import com.vaadin.flow.component.textfield.TextField;
import dev.tandem.config.TandemException;
import dev.tandem.terminal.TerminalInfo;
import dev.tandem.terminal.TerminalService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The terminals of a workspace as tabs: new, rename, share or make private, close. Everyone in the
 * workspace sees the shared terminals, live; the list follows changes made by others. A terminal
 * that ends keeps its tab, with the reason shown in it, until the user closes the tab.
 */
public class TerminalTabs extends Composite<VerticalLayout> {

    private record Entry(Tab tab, TerminalView view, TerminalInfo info, boolean ended) {
    }

    private final TerminalService terminals;
    private final String username;
    private final long workspaceId;
    private final boolean canWrite;
    private final Tabs tabs = new Tabs();
    private final Div screens = new Div();
    private final Span empty = new Span();
    private final Button newButton = new Button(VaadinIcon.PLUS.create());
    private final Button renameButton = new Button(VaadinIcon.PENCIL.create());
    private final Button shareButton = new Button();
    private final Button closeButton = new Button(VaadinIcon.CLOSE_SMALL.create());
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private AutoCloseable subscription;

    public TerminalTabs(TerminalService terminals, String username, long workspaceId, boolean canWrite) {
        this.terminals = terminals;
        this.username = username;
        this.workspaceId = workspaceId;
        this.canWrite = canWrite;
        var layout = getContent();
        layout.setId("terminal-tabs");
        layout.setPadding(false);
        layout.setSpacing(false);
        layout.setSizeFull();

        tabs.setId("terminal-tab-list");
        tabs.addThemeVariants(com.vaadin.flow.component.tabs.TabsVariant.LUMO_SMALL);
        tabs.addSelectedChangeListener(e -> showSelected());
        button(newButton, "terminal-new", "New terminal", e -> openNew());
        button(renameButton, "terminal-rename", "Rename terminal", e -> renameSelected());
        button(shareButton, "terminal-share", "Make private", e -> toggleShared());
        button(closeButton, "terminal-close", "Close terminal", e -> closeSelected());
        newButton.setVisible(canWrite);
        var toolbar = new HorizontalLayout(tabs, newButton, renameButton, shareButton, closeButton);
        toolbar.setId("terminal-toolbar");
        toolbar.setWidthFull();
        toolbar.setSpacing(false);
        toolbar.setAlignItems(FlexComponent.Alignment.CENTER);
        toolbar.expand(tabs);

        empty.setId("terminal-empty");
        empty.getStyle().set("padding", "var(--lumo-space-s) var(--lumo-space-m)")
                .set("color", "var(--lumo-secondary-text-color)");
        empty.setText(canWrite ? "No terminals yet: open one with +." : "No shared terminals to watch yet.");
        screens.setId("terminal-screens");
        screens.setWidthFull();
        screens.getStyle().set("flex", "1 1 auto").set("min-height", "0").set("position", "relative");
        layout.add(toolbar, empty, screens);
        layout.setFlexGrow(1, screens);
        updateButtons();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        subscription = terminals.subscribe(workspaceId, () -> ui.access(this::refresh));
        refresh();
    }

    @Override
    protected void onDetach(DetachEvent event) {
        try {
            if (subscription != null) {
                subscription.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Brings the tabs in line with the terminals the user may see now. */
    private void refresh() {
        List<TerminalInfo> current;
        try {
            current = terminals.list(username, workspaceId);
        } catch (TandemException e) {
            return;
        }
        Set<String> live = current.stream().map(TerminalInfo::id).collect(Collectors.toSet());
        for (TerminalInfo info : current) {
            Entry entry = entries.get(info.id());
            if (entry == null) {
                add(info);
            } else {
                entries.put(info.id(), new Entry(entry.tab(), entry.view(), info, false));
                entry.tab().setLabel(label(info));
            }
        }
        for (Entry entry : List.copyOf(entries.values())) {
            if (!live.contains(entry.info().id()) && !entry.ended()) {
                ended(entry.info().id());
            }
        }
        updateButtons();
    }

    private Entry add(TerminalInfo info) {
        Tab tab = new Tab(label(info));
        tab.getElement().setAttribute("data-terminal-id", info.id());
        TerminalView view = new TerminalView(workspaceId, info.id());
        view.setId("terminal-" + info.id());
        view.setSizeFull();
        view.getStyle().set("position", "absolute").set("inset", "0");
        view.addExitListener(e -> ended(info.id()));
        Entry entry = new Entry(tab, view, info, false);
        entries.put(info.id(), entry);
        tabs.add(tab);
        screens.add(view);
        if (entries.size() == 1) {
            tabs.setSelectedTab(tab);
        }
        showSelected();
        return entry;
    }

    private void ended(String id) {
        Entry entry = entries.get(id);
        if (entry != null && !entry.ended()) {
            entries.put(id, new Entry(entry.tab(), entry.view(), entry.info(), true));
            entry.tab().setLabel(entry.info().name() + " (ended)");
            updateButtons();
        }
    }

    private void openNew() {
        try {
            TerminalInfo info = terminals.open(username, workspaceId, null, 0, 0);
            Entry entry = entries.containsKey(info.id()) ? entries.get(info.id()) : add(info);
            tabs.setSelectedTab(entry.tab());
            entry.view().focus();
        } catch (TandemException e) {
            notify(e.getMessage());
        }
    }

    private void renameSelected() {
        Entry entry = selected();
        if (entry == null) {
            return;
        }
        var name = new TextField("Name", entry.info().name(), "");
        name.setId("terminal-name-field");
        name.setMaxLength(60);
        var dialog = new Dialog();
        dialog.setHeaderTitle("Rename terminal");
        dialog.add(name);
        var save = new Button("Rename", e -> {
            try {
                terminals.rename(username, workspaceId, entry.info().id(), name.getValue());
                dialog.close();
                refresh();
            } catch (TandemException ex) {
                name.setInvalid(true);
                name.setErrorMessage(ex.getMessage());
            }
        });
        save.setId("terminal-name-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickShortcut(com.vaadin.flow.component.Key.ENTER);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
        name.focus();
    }

    private void toggleShared() {
        Entry entry = selected();
        if (entry == null) {
            return;
        }
        try {
            terminals.setShared(username, workspaceId, entry.info().id(), !entry.info().shared());
            refresh();
        } catch (TandemException e) {
            notify(e.getMessage());
        }
    }

    private void closeSelected() {
        Entry entry = selected();
        if (entry == null) {
            return;
        }
        if (!entry.ended()) {
            try {
                terminals.close(username, workspaceId, entry.info().id());
            } catch (TandemException e) {
                notify(e.getMessage());
                return;
            }
        }
        entries.remove(entry.info().id());
        tabs.remove(entry.tab());
        screens.remove(entry.view());
        showSelected();
    }

    private Entry selected() {
        Tab tab = tabs.getSelectedTab();
        return tab == null ? null : entries.values().stream().filter(e -> e.tab() == tab).findFirst().orElse(null);
    }

    private void showSelected() {
        Entry selected = selected();
        for (Entry entry : entries.values()) {
            entry.view().setVisible(entry == selected);
        }
        if (selected != null) {
            selected.view().focus();
        }
        updateButtons();
    }

    private void updateButtons() {
        Entry entry = selected();
        boolean mine = entry != null && entry.info().owner().equals(username);
        boolean live = entry != null && !entry.ended();
        renameButton.setVisible(live && (mine || canWrite));
        shareButton.setVisible(live && mine);
        if (entry != null) {
            shareButton.setIcon((entry.info().shared() ? VaadinIcon.LOCK : VaadinIcon.USERS).create());
            String label = entry.info().shared() ? "Make private (only you see it)" : "Share with the workspace";
            shareButton.setTooltipText(label);
            shareButton.setAriaLabel(label);
        }
        closeButton.setVisible(entry != null && (entry.ended() || mine || canWrite));
        empty.setVisible(entries.isEmpty());
    }

    private static void button(Button button, String id, String label,
                               com.vaadin.flow.component.ComponentEventListener<com.vaadin.flow.component.ClickEvent<Button>> listener) {
        button.setId(id);
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_SMALL);
        button.setTooltipText(label);
        button.setAriaLabel(label);
        button.addClickListener(listener);
    }

    /** The tab title; a terminal outside the sandbox says so. */
    private static String label(TerminalInfo info) {
        return info.name() + (info.shared() ? "" : " (private)") + (info.sandboxed() ? "" : " (unsandboxed)");
    }

    private static void notify(String message) {
        Notification.show(message, 5000, Notification.Position.BOTTOM_END).addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
}
