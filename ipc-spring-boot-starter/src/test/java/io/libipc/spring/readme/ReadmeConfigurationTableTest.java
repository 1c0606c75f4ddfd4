package io.libipc.spring.readme;

import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's table of configuration keys is the generated configuration metadata: the same
 * keys, none missing and none invented, each with the same default.
 */
class ReadmeConfigurationTableTest {

    @Test
    void theTableListsEveryKeyOfTheMetadataWithItsDefault() throws Exception {
        Map<String, String> table = readmeTable();
        Map<String, JsonNode> metadata = metadata();
        metadata.remove("ipc.channels");   // the map itself; its values are the ipc.channels.*.* rows
        assertThat(table.keySet()).as("keys in the README table").containsExactlyInAnyOrderElementsOf(metadata.keySet());
        for (Map.Entry<String, String> row : table.entrySet()) {
            JsonNode entry = metadata.get(row.getKey());
            String documented = row.getValue();
            if (documented.startsWith("(none")) {
                assertThat(entry.get("defaultValue")).as("default of %s", row.getKey()).isNull();
                continue;
            }
            assertThat(entry.get("defaultValue")).as("default of %s", row.getKey()).isNotNull();
            String type = entry.get("type").asString();
            assertThat(parse(documented, type)).as("default of %s", row.getKey())
                    .isEqualTo(parse(entry.get("defaultValue").asString(), type));
        }
    }

    private static Object parse(String text, String type) {
        return switch (type) {
            case "java.time.Duration" -> DurationStyle.detectAndParse(text);
            case "org.springframework.util.unit.DataSize" -> DataSize.parse(text);
            default -> text.toLowerCase();
        };
    }

    private static Map<String, String> readmeTable() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("../README.md"), StandardCharsets.UTF_8);
        int start = lines.indexOf("### Configuration keys");
        assertThat(start).as("a '### Configuration keys' section in README.md").isNotNegative();
        Map<String, String> rows = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                String key = cells[1].trim().replace("`", "").replace("<name>", "*");
                rows.put(key, cells[3].trim().replace("`", ""));
            }
        }
        return rows;
    }

    private static Map<String, JsonNode> metadata() throws Exception {
        Map<String, JsonNode> byName = new TreeMap<>();
        try (InputStream in = ReadmeConfigurationTableTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            JsonMapper.builder().build().readTree(in).get("properties").forEach(p -> byName.put(p.get("name").asString(), p));
        }
        return byName;
    }
}
