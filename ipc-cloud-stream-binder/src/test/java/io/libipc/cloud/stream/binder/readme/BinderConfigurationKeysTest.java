package io.libipc.cloud.stream.binder.readme;

import io.libipc.cloud.stream.binder.properties.IpcConsumerProperties;
import io.libipc.cloud.stream.binder.properties.IpcProducerProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binder's keys are the same in three places: the README's "Binder configuration keys" table,
 * the configuration metadata the build generates (the IDE's help), and the properties classes'
 * own defaults. Every {@code spring.cloud.stream.libipc.bindings.<binding>.*} key has a
 * {@code spring.cloud.stream.libipc.default.*} twin.
 */
class BinderConfigurationKeysTest {

    private static final String BINDINGS = "spring.cloud.stream.libipc.bindings.*.";
    private static final String DEFAULTS = "spring.cloud.stream.libipc.default.";

    @Test
    void theReadmeTableListsEveryBindingKeyOfTheMetadataWithItsDefault() throws Exception {
        Map<String, JsonNode> metadata = metadata();
        Map<String, String> table = readmeTable();
        Map<String, JsonNode> bindingKeys = metadata.entrySet().stream().filter(e -> e.getKey().startsWith(BINDINGS))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        assertThat(table.keySet()).as("keys in the README table").containsExactlyInAnyOrderElementsOf(bindingKeys.keySet());
        for (Map.Entry<String, String> row : table.entrySet()) {
            JsonNode entry = bindingKeys.get(row.getKey());
            String type = entry.get("type").asString();
            assertThat(parse(row.getValue(), type)).as("default of %s", row.getKey())
                    .isEqualTo(parse(entry.get("defaultValue").asString(), type));
        }
    }

    @Test
    void theMetadataDefaultsAreThePropertiesDefaultsAndEveryKeyHasADefaultsTwin() throws Exception {
        Map<String, JsonNode> metadata = metadata();
        Map<String, Object> beans = Map.of("consumer", new IpcConsumerProperties(), "producer", new IpcProducerProperties());
        List<String> bindingKeys = metadata.keySet().stream().filter(k -> k.startsWith(BINDINGS)).toList();
        assertThat(bindingKeys).hasSize(11);
        for (String key : bindingKeys) {
            String rest = key.substring(BINDINGS.length());
            String side = rest.substring(0, rest.indexOf('.'));
            String property = camel(rest.substring(side.length() + 1));
            Object actual = new BeanWrapperImpl(beans.get(side)).getPropertyValue(property);
            JsonNode entry = metadata.get(key);
            assertThat(parse(String.valueOf(actual), entry.get("type").asString())).as("default of %s", key)
                    .isEqualTo(parse(entry.get("defaultValue").asString(), entry.get("type").asString()));
            assertThat(metadata).as("the defaults twin of %s", key).containsKey(DEFAULTS + rest);
        }
    }

    private static String camel(String kebab) {
        StringBuilder sb = new StringBuilder();
        for (String part : kebab.split("-")) {
            sb.append(sb.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return sb.toString();
    }

    private static Object parse(String text, String type) {
        return switch (type) {
            case "java.time.Duration" -> text.startsWith("PT") ? Duration.parse(text) : DurationStyle.detectAndParse(text);
            case "org.springframework.util.unit.DataSize" -> DataSize.parse(text.replace(" ", ""));
            default -> text.toLowerCase().replace('_', '-');
        };
    }

    private static Map<String, String> readmeTable() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("../README.md"), StandardCharsets.UTF_8);
        int start = lines.indexOf("### Binder configuration keys");
        assertThat(start).as("a '### Binder configuration keys' section in README.md").isNotNegative();
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (line.startsWith("| `spring.cloud.stream.libipc.")) {
                String[] cells = line.split("\\|");
                String key = cells[1].trim().replace("`", "").replace("<binding>", "*");
                rows.put(key, cells[3].trim().replace("`", ""));
            }
        }
        return rows;
    }

    private static Map<String, JsonNode> metadata() throws Exception {
        Map<String, JsonNode> byName = new TreeMap<>();
        try (InputStream in = BinderConfigurationKeysTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("the generated configuration metadata").isNotNull();
            JsonMapper.builder().build().readTree(in).get("properties").forEach(p -> byName.put(p.get("name").asString(), p));
        }
        return byName;
    }
}
