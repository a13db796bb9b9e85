package dev.tandem.ui;

import com.vaadin.flow.spring.annotation.EnableVaadin;
import org.springframework.context.annotation.Configuration;

/**
 * Where Vaadin looks for routes, layouts, the app shell, error views and its lookup services at
 * start: this package only. Without it Vaadin scans the whole application package
 * ({@code dev.tandem}, ~470 classes) once per kind of type, seven times in all, on the start path;
 * every Vaadin type Tandem has lives here ({@code VaadinScanTest} keeps it so).
 */
@Configuration(proxyBeanMethods = false)
@EnableVaadin("dev.tandem.ui")
class VaadinScan {
}
