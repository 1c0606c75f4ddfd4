package io.libipc.spring.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata documents every key: the processor's entries for
 * {@code ipc.*}, and the hand-written entries for the per-channel keys {@code ipc.channels.*.*}
 * (the processor cannot describe the values of a map), which must match
 * {@link IpcChannelProperties} property for property, type for type, default for default.
 */
class ConfigurationMetadataTest {

    private static Map<String, JsonNode> metadata() throws Exception {
        try (InputStream in = ConfigurationMetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata on the class path").isNotNull();
            Map<String, JsonNode> byName = new HashMap<>();
            JsonMapper.builder().build().readTree(in).get("properties").forEach(p -> byName.put(p.get("name").asString(), p));
            return byName;
        }
    }

    @Test
    void everyChannelPropertyIsDocumentedWithItsTypeAndDefault() throws Exception {
        Map<String, JsonNode> metadata = metadata();
        BeanWrapperImpl defaults = new BeanWrapperImpl(new IpcChannelProperties());
        int checked = 0;
        for (PropertyDescriptor property : defaults.getPropertyDescriptors()) {
            if (property.getWriteMethod() == null) {
                continue;
            }
            String key = "ipc.channels.*." + kebab(property.getName());
            JsonNode entry = metadata.get(key);
            assertThat(entry).as("metadata for %s", key).isNotNull();
            assertThat(entry.get("description").asString()).as("description of %s", key).isNotBlank();
            Class<?> type = property.getPropertyType();
            assertThat(entry.get("type").asString()).as("type of %s", key)
                    .isEqualTo(type == boolean.class ? "java.lang.Boolean" : type.getName());
            Object value = defaults.getPropertyValue(property.getName());
            JsonNode documented = entry.get("defaultValue");
            if (value == null) {
                assertThat(documented).as("default of %s", key).isNull();
            } else {
                assertThat(documented).as("default of %s", key).isNotNull();
                assertThat(parse(documented.asString(), value.getClass())).as("default of %s", key).isEqualTo(value);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(11);
        assertThat(metadata.keySet().stream().filter(k -> k.startsWith("ipc.channels.*."))).hasSize(checked);
    }

    @Test
    void everyTopLevelKeyHasADescription() throws Exception {
        Map<String, JsonNode> metadata = metadata();
        assertThat(metadata).containsKeys("ipc.enabled", "ipc.name-prefix", "ipc.storage-directory", "ipc.file-permissions",
                "ipc.wait-strategy", "ipc.spin", "ipc.backend", "ipc.health.require-receivers", "ipc.channels", "management.health.ipc.enabled");
        metadata.forEach((name, entry) -> assertThat(entry.get("description").asString()).as("description of %s", name).isNotBlank());
    }

    private static Object parse(String text, Class<?> type) {
        if (Duration.class.isAssignableFrom(type)) {
            return DurationStyle.detectAndParse(text);
        }
        if (DataSize.class.isAssignableFrom(type)) {
            return DataSize.parse(text);
        }
        if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().replace('_', '-').equalsIgnoreCase(text)) {
                    return constant;
                }
            }
            return text;
        }
        if (type == Boolean.class) {
            return Boolean.valueOf(text);
        }
        return text;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
    }
}
