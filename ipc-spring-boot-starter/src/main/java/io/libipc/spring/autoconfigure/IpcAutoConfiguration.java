package io.libipc.spring.autoconfigure;

import io.libipc.IpcChannel;
import io.libipc.spring.annotation.IpcListenerAnnotationBeanPostProcessor;
import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcChannelSettings;
import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.core.IpcReplier;
import io.libipc.spring.core.IpcRequester;
import io.libipc.spring.core.IpcTemplate;
import io.libipc.spring.integration.inbound.IpcInboundChannelAdapter;
import io.libipc.spring.listener.IpcListenerEndpointRegistry;
import io.libipc.spring.observation.IpcSenderObservationConvention;
import io.libipc.spring.support.IpcEmbeddedHeaders;
import io.libipc.spring.support.IpcMessageMapper;
import io.libipc.spring.support.IpcPayloadConverter;
import io.libipc.spring.support.IpcPayloadFormat;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.integration.mapping.BytesMessageMapper;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Sets up libipc in a Spring Boot application: the channels of {@code ipc.channels} (their beans
 * registered by the imported {@link IpcChannelBeanRegistrar} from the run-time configuration, also
 * in an AOT-processed application; opened when
 * the context starts, closed when it closes; their options changed by any
 * {@link IpcChannelCustomizer} beans), their Spring Integration adapters and handlers,
 * {@link IpcTemplate}, and {@code @IpcListener} support. {@code ipc.enabled=false} switches all of
 * it off. Each bean backs off when the application defines its own of the same type (or name).
 */
@AutoConfiguration(after = IntegrationAutoConfiguration.class)
@ConditionalOnClass(IpcChannel.class)
@ConditionalOnBooleanProperty(name = "ipc.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IpcProperties.class)
@Import(IpcChannelBeanRegistrar.class)
public final class IpcAutoConfiguration {

    /** Name of the bean converting objects other than byte[] and String (JSON by default). */
    public static final String JSON_CONVERTER_BEAN_NAME = "ipcJsonMessageConverter";

    /** Name of the bean writing and reading headers for the embedded-headers payload format. */
    public static final String HEADERS_MAPPER_BEAN_NAME = "ipcEmbeddedHeadersMessageMapper";

    IpcAutoConfiguration() {
    }

    /**
     * Finds {@code @IpcListener} methods; static, as post-processors must be.
     *
     * @return the post-processor
     */
    @Bean
    @ConditionalOnMissingBean
    static IpcListenerAnnotationBeanPostProcessor ipcListenerAnnotationBeanPostProcessor() {
        return new IpcListenerAnnotationBeanPostProcessor();
    }

    /**
     * The payload converter: bytes and text as they are, other objects through the JSON converter.
     *
     * @param jsonConverter the converter for objects, when there is one
     * @return the converter
     */
    @Bean
    @ConditionalOnMissingBean
    IpcPayloadConverter ipcPayloadConverter(
            @Qualifier(JSON_CONVERTER_BEAN_NAME) ObjectProvider<MessageConverter> jsonConverter) {
        return new IpcPayloadConverter(jsonConverter.getIfAvailable());
    }

    /**
     * Opens every configured channel, its options changed by the customizers.
     *
     * @param properties the {@code ipc.*} properties
     * @param customizers change each channel's options, in bean order
     * @param payloadConverter the payload converter
     * @param headersMapper the embedded-headers mapper, when Jackson is there
     * @param observationRegistry observes sends, when there is one
     * @param senderConvention the application's send observation convention, when it has one
     * @return the bindings, closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    IpcChannelBindings ipcChannelBindings(IpcProperties properties, ObjectProvider<IpcChannelCustomizer> customizers,
            IpcPayloadConverter payloadConverter,
            @Qualifier(HEADERS_MAPPER_BEAN_NAME) ObjectProvider<BytesMessageMapper> headersMapper,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<IpcSenderObservationConvention> senderConvention) {
        List<IpcChannelCustomizer> orderedCustomizers = customizers.orderedStream().toList();
        List<IpcChannelSettings> settings = new ArrayList<>();
        // Names were checked by IpcChannelBeanRegistrar, which runs before any bean is made.
        for (Map.Entry<String, IpcChannelProperties> entry : properties.getChannels().entrySet()) {
            settings.add(IpcChannelSettingsFactory.settings(properties, entry.getKey(), entry.getValue(),
                    orderedCustomizers));
        }
        return new IpcChannelBindings(settings, opener(properties, payloadConverter, headersMapper, observationRegistry,
                senderConvention));
    }

    /**
     * Opens one binding with the mapper its payload format needs, its sends observed by the
     * application's registry unless {@code ipc.observation.sender-enabled=false}.
     */
    private static Function<IpcChannelSettings, IpcChannelBinding> opener(IpcProperties properties,
            IpcPayloadConverter payloadConverter, ObjectProvider<BytesMessageMapper> headersMapper,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<IpcSenderObservationConvention> senderConvention) {
        ObservationRegistry registry = properties.getObservation().isSenderEnabled()
                ? observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP) : ObservationRegistry.NOOP;
        IpcSenderObservationConvention convention = senderConvention.getIfAvailable();
        return s -> {
            BytesMessageMapper mapper = headersMapper.getIfAvailable();
            if (s.payloadFormat() == IpcPayloadFormat.EMBEDDED_HEADERS && mapper == null) {
                throw new IllegalStateException("ipc.channels." + s.name() + ".payload-format=embedded-headers needs"
                        + " tools.jackson.core:jackson-databind on the class path (request/reply needs it too)");
            }
            IpcChannelBinding binding = new IpcChannelBinding(s, new IpcMessageMapper(s.payloadFormat(), payloadConverter, mapper));
            binding.setObservationRegistry(registry);
            binding.setObservationConvention(convention);
            return binding;
        };
    }

    /**
     * The requesting side of request/reply; its reply channel opens at the first request.
     *
     * @param properties {@code ipc.reply-channel}, {@code ipc.reply-timeout}, where channels live
     * @param environment for {@code spring.application.name}
     * @param bindings the channels requests go to
     * @param payloadConverter the payload converter
     * @param headersMapper the embedded-headers mapper
     * @param observationRegistry observes the requests' sends
     * @param senderConvention the application's send observation convention
     * @return the requester, closed (its reply channel removed) with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    IpcRequester ipcRequester(IpcProperties properties, Environment environment, IpcChannelBindings bindings,
            IpcPayloadConverter payloadConverter,
            @Qualifier(HEADERS_MAPPER_BEAN_NAME) ObjectProvider<BytesMessageMapper> headersMapper,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<IpcSenderObservationConvention> senderConvention) {
        String replyChannel = properties.getReplyChannel() != null ? properties.getReplyChannel()
                : environment.getProperty("spring.application.name", "application") + ".replies";
        return new IpcRequester(replyChannel, properties.baseOptions().build(),
                opener(properties, payloadConverter, headersMapper, observationRegistry, senderConvention), bindings,
                properties.getReplyTimeout());
    }

    /**
     * The replying side of request/reply: listeners' return values go back to requesters through it.
     *
     * @param properties where reply channels live
     * @param bindings the channels requests come on
     * @param payloadConverter the payload converter
     * @param headersMapper the embedded-headers mapper
     * @param observationRegistry observes the replies' sends
     * @param senderConvention the application's send observation convention
     * @return the replier, closed with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    IpcReplier ipcReplier(IpcProperties properties, IpcChannelBindings bindings, IpcPayloadConverter payloadConverter,
            @Qualifier(HEADERS_MAPPER_BEAN_NAME) ObjectProvider<BytesMessageMapper> headersMapper,
            ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<IpcSenderObservationConvention> senderConvention) {
        return new IpcReplier(properties.baseOptions().build(),
                opener(properties, payloadConverter, headersMapper, observationRegistry, senderConvention), bindings);
    }

    /**
     * The template.
     *
     * @param bindings the channels
     * @param requester makes requests, when there is one
     * @return the template
     */
    @Bean
    @ConditionalOnMissingBean(IpcOperations.class)
    IpcTemplate ipcTemplate(IpcChannelBindings bindings, ObjectProvider<IpcRequester> requester) {
        return new IpcTemplate(bindings, requester.getIfAvailable());
    }

    /**
     * The listener registry.
     *
     * @param beanFactory resolves error handlers
     * @param adapters the inbound adapters
     * @param bindings the channels
     * @param payloadConverter converts payloads to parameter types
     * @param observationRegistry observes invocations, when there is one
     * @param replier sends return values to requesters
     * @param template sends return values to {@code @SendTo} channels
     * @param properties {@code ipc.observation.listener-enabled}, {@code ipc.listener.*}
     * @return the registry
     */
    @Bean
    @ConditionalOnMissingBean
    IpcListenerEndpointRegistry ipcListenerEndpointRegistry(ConfigurableListableBeanFactory beanFactory,
            ObjectProvider<IpcInboundChannelAdapter> adapters, IpcChannelBindings bindings,
            IpcPayloadConverter payloadConverter, ObjectProvider<ObservationRegistry> observationRegistry,
            ObjectProvider<IpcReplier> replier, ObjectProvider<IpcOperations> template, IpcProperties properties) {
        IpcListenerEndpointRegistry registry = new IpcListenerEndpointRegistry(beanFactory, adapters, bindings,
                payloadConverter, observationRegistry, replier, template);
        registry.setObservationEnabled(properties.getObservation().isListenerEnabled());
        registry.setDefaults(properties.getListener().toSettings());
        return registry;
    }

    /**
     * JSON through Jackson 3, when it is on the class path.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JacksonConfiguration {

        /**
         * The JSON converter for payload objects, with the application's {@link JsonMapper} when
         * it has one.
         *
         * @param jsonMapper the application's mapper
         * @return the converter
         */
        @Bean(JSON_CONVERTER_BEAN_NAME)
        @ConditionalOnMissingBean(name = JSON_CONVERTER_BEAN_NAME)
        MessageConverter ipcJsonMessageConverter(ObjectProvider<JsonMapper> jsonMapper) {
            JsonMapper mapper = jsonMapper.getIfAvailable();
            return mapper != null ? new JacksonJsonMessageConverter(mapper) : new JacksonJsonMessageConverter();
        }

        /**
         * The mapper of the embedded-headers format: every header but {@code id}, {@code timestamp}
         * (made anew by the receiver), the headers the receiving side sets itself
         * ({@code ipc_channel}, {@code ipc_lostMessages}, {@code ipc_rawSize}), and
         * {@code replyChannel} and {@code errorChannel}: message channels of this application (a
         * Spring Integration gateway puts its temporary reply channel there), which mean nothing in
         * another process and which the JSON mapper cannot write. The request/reply headers travel.
         *
         * @return the mapper
         */
        @Bean(HEADERS_MAPPER_BEAN_NAME)
        @ConditionalOnMissingBean(name = HEADERS_MAPPER_BEAN_NAME)
        BytesMessageMapper ipcEmbeddedHeadersMessageMapper() {
            return IpcEmbeddedHeaders.mapper();
        }
    }
}
