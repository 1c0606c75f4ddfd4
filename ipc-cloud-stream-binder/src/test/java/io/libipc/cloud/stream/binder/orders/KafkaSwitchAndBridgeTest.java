package io.libipc.cloud.stream.binder.orders;

import io.libipc.cloud.stream.binder.support.BinderStorage;
import io.libipc.support.ChildJvm;
import io.libipc.support.NoLeftoverStorage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.libipc.cloud.stream.binder.orders.OrderProcesses.PATIENCE;
import static io.libipc.cloud.stream.binder.orders.OrderProcesses.expectedInvoices;
import static io.libipc.cloud.stream.binder.orders.OrderProcesses.exit;
import static io.libipc.cloud.stream.binder.orders.OrderProcesses.invoices;
import static io.libipc.cloud.stream.binder.orders.OrderProcesses.startReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The way out when one host is not enough, against a real Kafka broker in this JVM
 * ({@link EmbeddedKafkaKraftBroker}):
 * <ul>
 *   <li>the same application classes as {@link LibipcAcrossProcessesTest}, in the same two child
 *       JVMs, over the Kafka binder: only the configuration file differs
 *       ({@code stream/orders-kafka.yml} for {@code stream/orders-libipc.yml});</li>
 *   <li>one application bound to both binders at once ({@code stream/bridge.yml}: {@code local}
 *       of type libipc, {@code remote} of type kafka): orders a child JVM sends on a libipc
 *       channel are forwarded to a Kafka topic and read back there, every one, in order, with
 *       their {@code contentType}.</li>
 * </ul>
 */
@ExtendWith(NoLeftoverStorage.class)
class KafkaSwitchAndBridgeTest {

    private static final int ORDERS = 300;

    private static EmbeddedKafkaKraftBroker broker;

    private final BinderStorage storage = BinderStorage.fresh("kafka");

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @AfterEach
    void clear() {
        storage.clear();
    }

    @Test
    void theSameApplicationRunsOnKafkaChangedByConfigurationOnly() {
        String[] common = {"--spring.config.additional-location=classpath:stream/orders-kafka.yml",
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.getBrokersAsString()};
        try (ChildJvm billing = startReady(with(common, "--spring.cloud.function.definition=bill"));
             ChildJvm shop = startReady(with(common, "--spring.cloud.function.definition=orders;ledger",
                     "--orders.count=" + ORDERS))) {
            assertThat(invoices(shop, ORDERS)).containsExactlyInAnyOrderElementsOf(expectedInvoices(ORDERS));
            exit(shop);
            exit(billing);
        }
    }

    @Test
    void aBridgeForwardsEveryOrderOfALibipcChannelToAKafkaTopicInOrder() throws Exception {
        String ipcPrefix = "--ipc.name-prefix=" + storage.prefix();
        try (ConfigurableApplicationContext bridge = OrderApplication.start(
                "--spring.config.additional-location=classpath:stream/bridge.yml", ipcPrefix,
                "--spring.cloud.stream.kafka.binder.brokers=" + broker.getBrokersAsString());
             ChildJvm shop = startReady("--spring.config.additional-location=classpath:stream/orders-libipc.yml",
                     ipcPrefix, "--spring.cloud.function.definition=orders", "--orders.count=" + ORDERS)) {
            List<ConsumerRecord<String, byte[]>> records = readBack("orders-everywhere", ORDERS);
            JsonMapper json = JsonMapper.builder().build();
            List<Order> forwarded = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                forwarded.add(json.readValue(record.value(), Order.class));
                assertThat(new String(record.headers().lastHeader("contentType").value(), StandardCharsets.UTF_8))
                        .contains("application/json");
            }
            List<Order> sent = new ArrayList<>();
            for (int n = 1; n <= ORDERS; n++) {
                sent.add(OrderBook.order(n));
            }
            assertThat(forwarded).containsExactlyElementsOf(sent);
            exit(shop);
            assertThat(bridge.isRunning()).isTrue();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readBack(String topic, int count) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "read-back", false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(PATIENCE).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= count;
            });
        }
        assertThat(records).hasSize(count);
        return records;
    }

    private static String[] with(String[] common, String... more) {
        List<String> args = new ArrayList<>(List.of(common));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }
}
