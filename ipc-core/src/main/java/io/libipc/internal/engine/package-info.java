/**
 * The contract between the public handle and the engines behind it: {@link
 * io.libipc.internal.engine.ChannelEngine} and {@link io.libipc.internal.engine.EngineConnection},
 * and what both sides share: the name rule ({@link io.libipc.internal.engine.ChannelNames}), the
 * timeout rule ({@link io.libipc.internal.engine.Timeouts}), the cancellation of waits, and every
 * error a handle reports ({@link io.libipc.internal.engine.Errors}).
 *
 * <p>May use: the value types of {@code io.libipc} (statuses, exceptions, options, enums). No other
 * internal package: everything else builds on this one.
 */
package io.libipc.internal.engine;
