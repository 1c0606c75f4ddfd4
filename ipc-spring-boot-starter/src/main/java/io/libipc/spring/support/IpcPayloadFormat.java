package io.libipc.spring.support;

/**
 * How a Spring {@code Message} travels as the bytes of one libipc message.
 */
public enum IpcPayloadFormat {

    /**
     * The payload's bytes and nothing else. Headers stay in the sending process. The default,
     * because a peer that is not Spring (the core API, libipc in C++ or Python) reads exactly what
     * was sent.
     */
    RAW,

    /**
     * Headers and payload together, in Spring Integration's
     * {@code EmbeddedHeadersJsonMessageMapper} format: headers (content type, your own, tracing
     * context) cross the process boundary. Both ends must use this format.
     */
    EMBEDDED_HEADERS
}
