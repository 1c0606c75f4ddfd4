package io.libipc.cloud.stream.binder.conformance;

import io.libipc.cloud.stream.binder.IpcMessageChannelBinder;
import io.libipc.cloud.stream.binder.properties.IpcConsumerProperties;
import io.libipc.cloud.stream.binder.properties.IpcProducerProperties;
import io.libipc.cloud.stream.binder.support.BinderStorage;
import io.libipc.support.NoLeftoverStorage;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.cloud.stream.binder.BinderException;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.binder.PartitionCapableBinderTests;
import org.springframework.cloud.stream.binder.Spy;
import org.springframework.cloud.stream.provisioning.ProvisioningException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring Cloud Stream's binder conformance tests ({@code spring-cloud-stream-test-support}'s
 * {@link PartitionCapableBinderTests}, which runs {@code AbstractBinderTests} too) against the
 * libipc binder over real shared memory: clean unbinding, send and receive with the content type,
 * several destinations into one channel, a first message without subscribers, anonymous consumers
 * (broadcast, and a consumer rebinding gets what is sent after it came back), and partitions with
 * explicit routing ({@code <destination>-<n>}).
 *
 * <p>Not applicable, so disabled, each with its reason: the two required-groups tests, which send
 * before any consumer exists and expect the message to wait for the group; libipc keeps nothing
 * for consumers that are not connected, so the binder refuses required groups
 * ({@link #requiredGroupsAreRefusedNamingTheProperty}).
 */
@ExtendWith(NoLeftoverStorage.class)
class IpcBinderConformanceTest extends PartitionCapableBinderTests<IpcTestBinder,
        ExtendedConsumerProperties<IpcConsumerProperties>, ExtendedProducerProperties<IpcProducerProperties>> {

    private final BinderStorage storage = BinderStorage.fresh("conformance");

    @Override
    protected IpcTestBinder getBinder() {
        if (testBinder == null) {
            testBinder = new IpcTestBinder(storage);
        }
        return testBinder;
    }

    @Override
    protected ExtendedConsumerProperties<IpcConsumerProperties> createConsumerProperties() {
        ExtendedConsumerProperties<IpcConsumerProperties> properties = new ExtendedConsumerProperties<>(
                new IpcConsumerProperties());
        // A message that finds no subscriber is retried: quickly, so that the test's next one is
        // not held up by the default back-off of seconds.
        properties.setBackOffInitialInterval(10);
        properties.setBackOffMaxInterval(20);
        return properties;
    }

    @Override
    protected ExtendedProducerProperties<IpcProducerProperties> createProducerProperties(TestInfo testInfo) {
        return new ExtendedProducerProperties<>(new IpcProducerProperties());
    }

    @Override
    public Spy spyOn(String name) {
        throw new UnsupportedOperationException("no test of this version uses spyOn");
    }

    @Override
    protected boolean usesExplicitRouting() {
        return true;
    }

    @Override
    protected String getClassUnderTestName() {
        return IpcMessageChannelBinder.class.getSimpleName();
    }

    @Override
    @Test
    @Disabled("not applicable: sends before any consumer exists and expects the message to wait for a required group;"
            + " libipc keeps nothing for absent consumers, so required groups are refused (requiredGroupsAreRefused...)")
    public void testOneRequiredGroup(TestInfo testInfo) {
    }

    @Override
    @Test
    @Disabled("not applicable: as testOneRequiredGroup, with two required groups")
    public void testTwoRequiredGroups(TestInfo testInfo) {
    }

    @Test
    void requiredGroupsAreRefusedNamingTheProperty(TestInfo testInfo) throws Exception {
        ExtendedProducerProperties<IpcProducerProperties> producer = createProducerProperties(testInfo);
        producer.setRequiredGroups("audit");
        assertThatThrownBy(() -> getBinder().bindProducer("required", createBindableChannel("output",
                createProducerBindingProperties(producer)), producer))
                .isInstanceOfAny(BinderException.class, ProvisioningException.class)
                .hasMessageContaining("spring.cloud.stream.bindings.<binding>.producer.required-groups=[audit]")
                .hasMessageContaining("keeps nothing for consumers that are not connected");
    }
}
