/**
 * The parts of {@link io.libipc.IpcChannel}, each with one job: the connect / disconnect / close
 * state ({@link io.libipc.internal.handle.HandleLifecycle}), the one-receiving-thread rule
 * ({@link io.libipc.internal.handle.ReceivingThread}), the send and receive paths every variant
 * shares ({@link io.libipc.internal.handle.HandleSender}, {@link io.libipc.internal.handle.HandleReceiver}),
 * argument checks, and the choice of engine ({@link io.libipc.internal.handle.Engines}).
 *
 * <p>May use: {@code internal.engine} (the contract), {@code internal.wait} (back-off), and the
 * engines it picks from ({@code internal.ring}). Talks to an engine only through the contract.
 */
package io.libipc.internal.handle;
