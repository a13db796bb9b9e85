package dev.tandem.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.server.startup.AnnotationValidator;
import com.vaadin.flow.server.startup.ErrorNavigationTargetInitializer;
import com.vaadin.flow.server.startup.LookupServletContainerInitializer;
import com.vaadin.flow.server.startup.RouteRegistryInitializer;
import com.vaadin.flow.server.startup.VaadinAppShellInitializer;
import com.vaadin.flow.server.startup.WebComponentConfigurationRegistryInitializer;
import com.vaadin.flow.server.startup.WebComponentExporterAwareValidator;
import dev.tandem.TandemApplication;
import dev.tandem.ui.ide.IdeView;
import jakarta.servlet.annotation.HandlesTypes;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * {@link VaadinScan} narrows Vaadin's start-up search to {@code dev.tandem.ui}; a route, app shell,
 * error view or Vaadin service anywhere else in Tandem would then silently not exist. So: search
 * all of Tandem for every type Vaadin's own initializers ask for, and require each hit to be in
 * that package.
 */
class VaadinScanTest {

    /** The initializers whose types Vaadin's Spring integration searches for at start. */
    private static final List<Class<?>> INITIALIZERS = List.of(LookupServletContainerInitializer.class,
            VaadinAppShellInitializer.class, RouteRegistryInitializer.class, ErrorNavigationTargetInitializer.class,
            AnnotationValidator.class, WebComponentExporterAwareValidator.class,
            WebComponentConfigurationRegistryInitializer.class);

    @Test
    void everyTypeVaadinLooksForAtStartIsInTheScannedPackage() {
        Set<String> found = vaadinTypesIn(TandemApplication.class.getPackageName());

        // the search works: it finds the app shell and a route
        assertThat(found).contains(AppShell.class.getName(), IdeView.class.getName());
        assertThat(found).allSatisfy(name -> assertThat(name).startsWith(
                VaadinScan.class.getPackageName() + "."));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> vaadinTypesIn(String basePackage) {
        var scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return true; // abstract classes and interfaces count too
            }
        };
        INITIALIZERS.stream()
                .flatMap(initializer -> Arrays.stream(initializer.getAnnotation(HandlesTypes.class).value()))
                .forEach(type -> scanner.addIncludeFilter(type.isAnnotation()
                        ? new AnnotationTypeFilter((Class<? extends Annotation>) type, true, true)
                        : new AssignableTypeFilter(type)));
        return Stream.of(basePackage).flatMap(p -> scanner.findCandidateComponents(p).stream())
                .map(BeanDefinition::getBeanClassName).collect(Collectors.toSet());
    }
}
