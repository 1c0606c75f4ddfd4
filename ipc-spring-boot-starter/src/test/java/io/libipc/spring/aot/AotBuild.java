package io.libipc.spring.aot;

import io.libipc.support.ChildJvm;
import org.springframework.boot.SpringApplicationAotProcessor;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * AOT processing of an application from the test class path, as {@code spring-boot:process-aot}
 * does it: Spring Boot's {@link SpringApplicationAotProcessor} runs the application's
 * {@code main} in a child JVM up to the point where its context is refreshed for AOT processing
 * and writes the generated sources, resources and classes; the sources are compiled here. The
 * result goes first on a child's class path ({@link #classPath()}), which then runs AOT-processed
 * with {@code -Dspring.aot.enabled=true} ({@link #AOT_ENABLED}).
 *
 * <p>Each application is processed once per test JVM (in {@code target/aot-tests/<class>}), with
 * the build-time arguments of its first use.
 */
public final class AotBuild {

    /** The JVM option that runs an application from its AOT-generated initializer. */
    public static final String AOT_ENABLED = "-Dspring.aot.enabled=true";

    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Map<Class<?>, AotBuild> BUILDS = new ConcurrentHashMap<>();

    private final Path classes;
    private final Path resources;

    private AotBuild(Path classes, Path resources) {
        this.classes = classes;
        this.resources = resources;
    }

    /**
     * The AOT-processed form of an application, processed now unless this JVM already did.
     *
     * @param application the class with the application's {@code main}
     * @param buildArguments the arguments the application gets while it is processed
     * @return the build
     */
    public static AotBuild of(Class<?> application, String... buildArguments) {
        return BUILDS.computeIfAbsent(application, a -> process(a, buildArguments));
    }

    /**
     * What goes first on the class path of a child running the AOT-processed application.
     *
     * @return the generated classes and resources
     */
    public List<Path> classPath() {
        return List.of(classes, resources);
    }

    private static AotBuild process(Class<?> application, String... buildArguments) {
        Path root = Paths.get("target", "aot-tests", application.getSimpleName()).toAbsolutePath();
        Path sources = root.resolve("sources");
        Path resources = root.resolve("resources");
        Path classes = root.resolve("classes");
        try {
            deleteRecursively(root);
            List<String> args = new ArrayList<>(List.of(application.getName(), sources.toString(),
                    resources.toString(), classes.toString(), "io.libipc", "aot-tests"));
            args.addAll(List.of(buildArguments));
            try (ChildJvm processor = ChildJvm.start(SpringApplicationAotProcessor.class, args.toArray(String[]::new))) {
                int exit = processor.awaitExit(PATIENCE);
                if (exit != 0) {
                    throw new AssertionError("AOT processing of " + application.getName() + " exited with " + exit
                            + processor.describe());
                }
            }
            compile(sources, classes);
            return new AotBuild(classes, resources);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void compile(Path sources, Path classes) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        if (files.isEmpty()) {
            throw new AssertionError("AOT processing generated no sources in " + sources);
        }
        Files.createDirectories(classes);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(null, null, null)) {
            List<String> options = List.of("--release", "17", "-proc:none", "-nowarn", "-d", classes.toString(),
                    "-classpath", System.getProperty("java.class.path"));
            boolean compiled = compiler.getTask(messages, fileManager, null, options, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
            if (!compiled) {
                throw new AssertionError("the AOT-generated sources in " + sources + " do not compile:\n" + messages);
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(p);
            }
        }
    }
}
