package io.libipc.spring.readme.failures;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The application the README's listener-failure examples run in: auto-configuration and
 * {@link TickDesk}. Not a {@code @Configuration} nor a component, so that the README's other
 * application, which scans the parent package, leaves it and its listeners out.
 */
@EnableAutoConfiguration
@Import(TickDesk.class)
class FailuresApplication {
}
