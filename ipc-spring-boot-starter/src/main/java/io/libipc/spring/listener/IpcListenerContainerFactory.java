package io.libipc.spring.listener;

import io.libipc.spring.core.IpcChannelBinding;
import io.libipc.spring.core.IpcChannelBindings;
import io.libipc.spring.core.IpcOperations;
import io.libipc.spring.core.IpcReplier;
import io.libipc.spring.integration.inbound.IpcInboundChannelAdapter;
import io.libipc.spring.observation.IpcReceiverObservationConvention;
import io.libipc.spring.support.IpcPayloadFormat;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.core.task.TaskExecutor;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;

import java.time.Duration;
import java.util.Arrays;

/**
 * Makes the container of an endpoint, checking everything it names against the application: the
 * channel (configured and receiving), the error handler and executor beans, the dead-letter channel
 * (a sending embedded-headers channel), {@code @SendTo}, a batch listener's signature and the retry
 * settings. Each failure is an {@link IllegalStateException} naming the listener, the attribute or
 * property and the value, so that a bad listener fails start-up.
 */
final class IpcListenerContainerFactory {

    private static final Log logger = LogFactory.getLog(IpcListenerContainerFactory.class);

    private final ConfigurableBeanFactory beanFactory;
    private final ObjectProvider<IpcInboundChannelAdapter> adapters;
    private final IpcChannelBindings bindings;
    private final MessageConverter payloadConverter;
    private final DefaultMessageHandlerMethodFactory methodFactory;
    private final ObjectProvider<IpcReplier> replier;
    private final ObjectProvider<IpcOperations> template;

    /**
     * A factory for the registry's containers.
     *
     * @param beanFactory resolves error handler and executor beans and {@code ${...}} in {@code @SendTo}
     * @param adapters the inbound adapters, whose output channels listeners subscribe to
     * @param bindings the configured channels
     * @param payloadConverter converts a batch's payloads
     * @param methodFactory makes the invocable listener methods
     * @param replier sends return values to requesters; absent means no replies
     * @param template sends {@code @SendTo} values and dead letters
     */
    IpcListenerContainerFactory(ConfigurableBeanFactory beanFactory, ObjectProvider<IpcInboundChannelAdapter> adapters,
            IpcChannelBindings bindings, MessageConverter payloadConverter, DefaultMessageHandlerMethodFactory methodFactory,
            ObjectProvider<IpcReplier> replier, ObjectProvider<IpcOperations> template) {
        this.beanFactory = beanFactory;
        this.adapters = adapters;
        this.bindings = bindings;
        this.payloadConverter = payloadConverter;
        this.methodFactory = methodFactory;
        this.replier = replier;
        this.template = template;
    }

    /**
     * Makes a container, not started.
     *
     * @param endpoint the listener
     * @param defaults {@code ipc.listener.*}
     * @param observationRegistry observes the attempts
     * @return the container
     * @throws IllegalStateException when the listener names something the application lacks
     */
    IpcListenerContainer create(IpcListenerEndpoint endpoint, IpcListenerSettings defaults,
            ObservationRegistry observationRegistry) {
        IpcListenerSettings settings = endpoint.settings().orElse(defaults);
        String where = "@IpcListener '" + endpoint.id() + "' (" + endpoint.describeMethod() + ")";
        SubscribableChannel source = sourceFor(endpoint, where);
        InvocableHandlerMethod method = methodFactory.createInvocableHandlerMethod(endpoint.bean(), endpoint.method());
        IpcListenerErrorHandler errorHandler = errorHandler(endpoint, where);
        IpcDeadLetterPublisher deadLetters = deadLetters(endpoint, settings, errorHandler != null, where);
        IpcBatchPayloads batch = Boolean.TRUE.equals(settings.batch())
                ? IpcBatchPayloads.forEndpoint(endpoint, payloadConverter) : null;
        IpcListenerStatistics statistics = new IpcListenerStatistics();
        RetryTemplate retry = retryTemplate(endpoint, settings, statistics, where);
        IpcListenerInvoker invoker = new IpcListenerInvoker(endpoint, method, results(endpoint, method, where),
                errorHandler, deadLetters, batch, retry, observationRegistry,
                beanFactory.getBeanProvider(IpcReceiverObservationConvention.class).getIfAvailable(), statistics);
        return new IpcListenerContainer(endpoint, settings, source, invoker, executor(settings, where), statistics);
    }

    private IpcListenerErrorHandler errorHandler(IpcListenerEndpoint endpoint, String where) {
        String name = endpoint.errorHandlerBeanName();
        if (name == null) {
            return null;
        }
        if (!beanFactory.containsBean(name)) {
            throw new IllegalStateException(where + " names the error handler '" + name + "', but there is no such bean");
        }
        return beanFactory.getBean(name, IpcListenerErrorHandler.class);
    }

    private IpcDeadLetterPublisher deadLetters(IpcListenerEndpoint endpoint, IpcListenerSettings settings,
            boolean hasErrorHandler, String where) {
        String channel = settings.deadLetterChannel();
        if (channel == null) {
            return null;
        }
        boolean own = endpoint.settings().deadLetterChannel() != null;
        String source = own ? "deadLetterChannel" : "ipc.listener.dead-letter-channel";
        if (!own && channel.equals(endpoint.channel())) {
            // A listener of the application's dead-letter channel: its failures cannot go there too.
            return null;
        }
        if (hasErrorHandler) {
            if (own) {
                throw new IllegalStateException(where + " names both an error handler (errorHandler="
                        + endpoint.errorHandlerBeanName() + ") and a dead-letter channel (deadLetterChannel=" + channel
                        + "): a failed message has one recoverer; keep one of them");
            }
            // The listener's own error handler is more specific than the application's default channel.
            return null;
        }
        String fix = "declare it under ipc.channels." + channel + " with mode sender or both and payload-format"
                + " embedded-headers (the exception travels as headers)";
        if (channel.equals(endpoint.channel())) {
            throw new IllegalStateException(where + ": its dead-letter channel (" + source + "=" + channel
                    + ") is the channel it listens to; name another channel");
        }
        if (!bindings.contains(channel)) {
            throw new IllegalStateException(where + ": its dead-letter channel (" + source + "=" + channel
                    + ") is not configured; " + fix);
        }
        IpcChannelBinding binding = bindings.get(channel);
        if (!binding.settings().sends()) {
            throw new IllegalStateException(where + ": its dead-letter channel (" + source + "=" + channel
                    + ") does not send (modes=" + binding.settings().modes() + "); set ipc.channels." + channel
                    + ".mode to sender or both");
        }
        if (binding.settings().payloadFormat() != IpcPayloadFormat.EMBEDDED_HEADERS) {
            throw new IllegalStateException(where + ": its dead-letter channel (" + source + "=" + channel
                    + ") has payload-format " + binding.settings().payloadFormat() + ", which would drop the"
                    + " exception and the headers; set ipc.channels." + channel + ".payload-format=embedded-headers");
        }
        IpcOperations operations = template.getIfAvailable();
        if (operations == null) {
            throw new IllegalStateException(where + ": its dead-letter channel needs an IpcOperations bean (the IpcTemplate)");
        }
        return new IpcDeadLetterPublisher(operations, channel, endpoint);
    }

    private static RetryTemplate retryTemplate(IpcListenerEndpoint endpoint, IpcListenerSettings settings,
            IpcListenerStatistics statistics, String where) {
        if (settings.maxAttempts() == 1) {
            return null;
        }
        if (settings.maxInterval().compareTo(settings.initialInterval()) < 0) {
            throw new IllegalStateException(where + ": its retry's max interval (" + settings.maxInterval()
                    + ") is shorter than its initial interval (" + settings.initialInterval() + "); set"
                    + " ipc.listener.retry.max-interval or @IpcRetry(maxInterval) to at least the initial interval");
        }
        RetryPolicy policy = RetryPolicy.builder()
                .maxRetries(settings.maxAttempts() - 1)
                .delay(settings.initialInterval())
                .multiplier(settings.multiplier())
                // RetryPolicy wants a positive maximum; a zero one can only come with zero waits.
                .maxDelay(settings.maxInterval().isZero() ? Duration.ofMillis(1) : settings.maxInterval())
                // Converting the message fails the same way every time.
                .excludes(MessageConversionException.class, MethodArgumentResolutionException.class)
                .build();
        RetryTemplate retry = new RetryTemplate(policy);
        retry.setRetryListener(new RetryListener() {
            @Override
            public void beforeRetry(RetryPolicy retryPolicy, Retryable<?> retryable) {
                statistics.recordRetry();
            }
        });
        if (!settings.handsOff()) {
            logger.info(where + " retries on the receive thread of channel '" + endpoint.channel() + "': a failing"
                    + " message holds it, and the channel's other listeners, for up to " + settings.maxAttempts()
                    + " attempts and " + settings.worstCaseBackOff().toMillis() + " ms of back-off; give the listener concurrency"
                    + " to retry on a thread of its own");
        }
        return retry;
    }

    private TaskExecutor executor(IpcListenerSettings settings, String where) {
        String name = settings.executor();
        if (name == null) {
            return null;
        }
        if (!beanFactory.containsBean(name)) {
            throw new IllegalStateException(where + " names the executor '" + name + "', but there is no such bean");
        }
        Object bean = beanFactory.getBean(name);
        if (!(bean instanceof TaskExecutor executor)) {
            throw new IllegalStateException(where + " names the executor '" + name + "', which is not a TaskExecutor: "
                    + bean.getClass().getName());
        }
        return executor;
    }

    private IpcListenerResults results(IpcListenerEndpoint endpoint, InvocableHandlerMethod method, String where) {
        SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(endpoint.method(), SendTo.class);
        String target = null;
        IpcOperations operations = null;
        if (sendTo != null) {
            String sendToWhere = "@SendTo on " + where;
            if (sendTo.value().length != 1 || sendTo.value()[0].isBlank()) {
                throw new IllegalStateException(sendToWhere + " must name one libipc channel: value="
                        + Arrays.toString(sendTo.value()));
            }
            target = beanFactory.resolveEmbeddedValue(sendTo.value()[0]);
            if (!bindings.contains(target) || !bindings.get(target).settings().sends()) {
                throw new IllegalStateException(sendToWhere + " names channel '" + target + "', which is not a sending"
                        + " channel of this application: declare it under ipc.channels." + target
                        + " with mode sender or both");
            }
            operations = template.getIfAvailable();
            if (operations == null) {
                throw new IllegalStateException(sendToWhere + " needs an IpcOperations bean (the IpcTemplate)");
            }
        }
        return new IpcListenerResults(endpoint, replier.getIfAvailable(), operations, target, method.isVoid());
    }

    private SubscribableChannel sourceFor(IpcListenerEndpoint endpoint, String where) {
        if (!bindings.contains(endpoint.channel())) {
            throw new IllegalStateException(where + ": no libipc channel named '" + endpoint.channel()
                    + "' is configured; configured: " + bindings.all().stream().map(IpcChannelBinding::name).toList()
                    + " (declare it under ipc.channels." + endpoint.channel() + " with mode receiver or both)");
        }
        IpcChannelBinding binding = bindings.get(endpoint.channel());
        if (!binding.settings().receives()) {
            throw new IllegalStateException(where + ": channel '" + endpoint.channel() + "' does not receive (modes="
                    + binding.settings().modes() + "); set ipc.channels." + endpoint.channel() + ".mode to receiver or both");
        }
        for (IpcInboundChannelAdapter adapter : adapters) {
            if (adapter.getBinding() == binding) {
                MessageChannel output = adapter.getOutputChannel();
                if (output instanceof SubscribableChannel subscribable) {
                    return subscribable;
                }
                throw new IllegalStateException(where + ": the inbound channel of '" + endpoint.channel()
                        + "' is not subscribable: " + output);
            }
        }
        throw new IllegalStateException(where + ": no inbound adapter receives channel '" + endpoint.channel() + "'");
    }
}
