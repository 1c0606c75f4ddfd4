package io.libipc.spring.readme;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The root README cannot drift from the code: every {@code java} block in it is a region of a
 * compiled test source (between {@code // README: <name>} and {@code // README: end}; the tests
 * run that code), and every {@code yaml} block is the whole of a YAML file a test or the sample
 * application loads. Blocks of other languages (shell, XML) are commands and build snippets.
 */
class ReadmeCodeBlocksTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyJavaBlockIsARegionOfATestedSource() throws IOException {
        Map<String, String> regions = javaRegions();
        List<String> blocks = blocks("java");
        assertThat(blocks).as("java blocks in README.md").isNotEmpty();
        List<String> unmatched = new ArrayList<>();
        for (String block : blocks) {
            if (!regions.containsValue(block) && !concatenationOfRegions(block, regions)) {
                unmatched.add(block);
            }
        }
        assertThat(unmatched).as("README java blocks that are not a '// README:' region of a test source "
                + "(regions: %s)", regions.keySet()).isEmpty();
    }

    @Test
    void everyYamlBlockIsAFileTheCodeLoads() throws IOException {
        List<String> files = new ArrayList<>();
        for (Path dir : List.of(ROOT.resolve("ipc-spring-boot-starter/src/test/resources"),
                ROOT.resolve("ipc-libipc/src/test/resources"), ROOT.resolve("ipc-cloud-stream-binder/src/test/resources"),
                ROOT.resolve("sample-app/src/main/resources"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> paths = Files.walk(dir)) {
                    for (Path p : paths.filter(p -> p.toString().endsWith(".yml")).toList()) {
                        files.add(normalize(Files.readString(p, StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        List<String> blocks = blocks("yaml");
        assertThat(blocks).as("yaml blocks in README.md").isNotEmpty();
        for (String block : blocks) {
            assertThat(files).as("a YAML file with exactly the README block:%n%s", block).contains(block);
        }
    }

    /** A README block may show a few regions of one test one after the other. */
    private static boolean concatenationOfRegions(String block, Map<String, String> regions) {
        String rest = block;
        boolean progressed = true;
        while (!rest.isEmpty() && progressed) {
            progressed = false;
            for (String region : regions.values()) {
                if (rest.startsWith(region + "\n") || rest.equals(region)) {
                    rest = rest.substring(Math.min(rest.length(), region.length() + 1));
                    progressed = true;
                    break;
                }
            }
        }
        return rest.isEmpty();
    }

    private static List<String> blocks(String language) throws IOException {
        List<String> blocks = new ArrayList<>();
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        StringBuilder current = null;
        for (String line : lines) {
            if (current == null && line.trim().equals("```" + language)) {
                current = new StringBuilder();
            } else if (current != null && line.trim().equals("```")) {
                blocks.add(normalize(current.toString()));
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return blocks;
    }

    private static Map<String, String> javaRegions() throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        for (Path dir : List.of(ROOT.resolve("ipc-core/src/test/java"), ROOT.resolve("ipc-spring-boot-starter/src/test/java"),
                ROOT.resolve("ipc-libipc/src/test/java"), ROOT.resolve("ipc-cloud-stream-binder/src/test/java"),
                ROOT.resolve("sample-app/src/main/java"),
                ROOT.resolve("sample-app/src/test/java"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.filter(p -> p.toString().endsWith(".java")).toList()) {
                    collectRegions(p, regions);
                }
            }
        }
        return regions;
    }

    private static void collectRegions(Path file, Map<String, String> regions) throws IOException {
        String name = null;
        StringBuilder current = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("// README: ")) {
                String marker = trimmed.substring("// README: ".length());
                if (marker.equals("end")) {
                    if (current != null) {
                        regions.put(file.getFileName() + "#" + name, normalize(current.toString()));
                    }
                    current = null;
                } else {
                    name = marker;
                    current = new StringBuilder();
                }
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
    }

    /** Common indentation and trailing blanks removed, so a nested region matches its README form. */
    static String normalize(String text) {
        List<String> lines = new ArrayList<>(text.lines().map(String::stripTrailing).toList());
        while (!lines.isEmpty() && lines.get(0).isEmpty()) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        int indent = lines.stream().filter(l -> !l.isEmpty())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", lines.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).toList());
    }
}
