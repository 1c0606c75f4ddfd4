package io.libipc.spring.readme;

import io.libipc.spring.autoconfigure.IpcChannelCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The README's channel customizer, as the README shows it.
 */
@Configuration
class ChannelCustomizers {

    // README: customizer
    @Bean
    IpcChannelCustomizer ordersSharedWithTheGroup() {
        return (channel, options) -> {
            if (channel.equals("orders")) {
                options.filePermissions("rw-rw----");   // this one channel's file, for the group too
            }
        };
    }
    // README: end
}
