package io.libipc.spring.readme;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the README's Spring examples run in: it scans this package only.
 */
@SpringBootApplication
class ReadmeApplication {
}
