package io.libipc.bench.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The Spring Boot application of every Spring child JVM: auto-configuration as a real application
 * gets it (the starter found through its {@code AutoConfiguration.imports}, which is why the shaded
 * jar merges those files), and no component scan: each role registers its own listener bean.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class SpringBenchApplication {

    /** Created by Spring. */
    public SpringBenchApplication() {
    }
}
