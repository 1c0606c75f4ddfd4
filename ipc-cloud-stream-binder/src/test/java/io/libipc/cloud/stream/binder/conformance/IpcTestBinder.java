package io.libipc.cloud.stream.binder.conformance;

import io.libipc.cloud.stream.binder.IpcMessageChannelBinder;
import io.libipc.cloud.stream.binder.properties.IpcConsumerProperties;
import io.libipc.cloud.stream.binder.properties.IpcExtendedBindingProperties;
import io.libipc.cloud.stream.binder.properties.IpcProducerProperties;
import io.libipc.cloud.stream.binder.provisioning.IpcProvisioner;
import io.libipc.cloud.stream.binder.support.BinderStorage;
import io.libipc.spring.autoconfigure.IpcProperties;
import io.libipc.spring.support.IpcPayloadConverter;
import org.springframework.cloud.stream.binder.AbstractTestBinder;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;

/**
 * The libipc binder as the conformance tests drive it: a binder in a context of its own (Spring
 * Integration's infrastructure, the global {@code errorChannel} among it), its channels under a
 * name prefix of their own; {@link #cleanup()} closes the context and removes their storage.
 */
final class IpcTestBinder extends AbstractTestBinder<IpcMessageChannelBinder,
        ExtendedConsumerProperties<IpcConsumerProperties>, ExtendedProducerProperties<IpcProducerProperties>> {

    /** Spring Integration's infrastructure for the binder's error channels. */
    @Configuration(proxyBeanMethods = false)
    @EnableIntegration
    static class Infrastructure {
    }

    private final BinderStorage storage;
    private final AnnotationConfigApplicationContext context;

    IpcTestBinder(BinderStorage storage) {
        this.storage = storage;
        IpcProperties ipc = new IpcProperties();
        ipc.setNamePrefix(storage.prefix());
        IpcMessageChannelBinder binder = new IpcMessageChannelBinder(new IpcProvisioner(), ipc,
                new IpcExtendedBindingProperties(), new IpcPayloadConverter(new JacksonJsonMessageConverter()));
        this.context = new AnnotationConfigApplicationContext(Infrastructure.class);
        binder.setApplicationContext(context);
        setBinder(binder);
    }

    @Override
    public void cleanup() {
        context.close();
        storage.clear();
    }
}
