package io.libipc.sample;

import io.libipc.sample.consumer.TickConsumer;
import io.libipc.sample.producer.ReportBoard;
import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;

/**
 * The native-image hints of both roles, whichever role an AOT build saw: the consumer's bean,
 * which a producer-profile build never registers, gets its constructor, its listener, event
 * listener and destroy methods, and binding hints for its JSON payload.
 */
class SampleRolesHintsTest {

    @Test
    void bothRolesBeansGetTheirHints() throws Exception {
        RuntimeHints hints = new RuntimeHints();
        new SampleRoles.Hints().registerHints(hints, getClass().getClassLoader());
        assertThat(reflection().onConstructorInvocation(TickConsumer.class.getConstructors()[0])).accepts(hints);
        for (String method : new String[] {"onTick", "onControl", "onReady", "stopReporting"}) {
            assertThat(reflection().onMethodInvocation(TickConsumer.class, method)).as(method).accepts(hints);
        }
        assertThat(reflection().onMethodInvocation(ReportBoard.class, "onReport")).accepts(hints);
        assertThat(reflection().onMethodInvocation(PriceTick.class, "symbol")).as("the ticks' JSON").accepts(hints);
        assertThat(reflection().onMethodInvocation(ConsumerReport.class, "consumerId")).as("the reports' JSON").accepts(hints);
    }
}
