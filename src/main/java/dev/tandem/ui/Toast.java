package dev.tandem.ui;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.tandem.config.TandemException;

/**
 * Short messages to the user, and the one place where a service's {@link TandemException} turns
 * into what the user reads: its message, never a stack trace.
 */
public final class Toast {

    private Toast() {
    }

    public static void info(String message) {
        Notification.show(message, 3000, Notification.Position.BOTTOM_START);
    }

    public static void error(String message) {
        var notification = Notification.show(message, 6000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        notification.addClassName("tandem-error");
    }

    /**
     * Runs a service call; a refusal by the service is shown as an error notification.
     *
     * @return whether the call went through
     */
    public static boolean attempt(Runnable action) {
        try {
            action.run();
            return true;
        } catch (TandemException e) {
            error(e.getMessage());
            return false;
        }
    }
}
