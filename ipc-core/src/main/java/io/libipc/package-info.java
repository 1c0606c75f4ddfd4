/**
 * libipc for Java: shared-memory channels between processes on one host, with the API and status
 * codes of libipc (cpp-ipc) and its Python wrapper. {@link io.libipc.IpcChannel} is the handle;
 * {@link io.libipc.IpcOptions} what a user tunes; {@link io.libipc.IpcException} carries an
 * {@link io.libipc.IpcStatus}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link io.libipc.ChannelType#ROUTE}: one live sender (a second is refused with
 *       {@code ERROR_CONNECTION_FAILED}; a sender killed with kill -9 is replaced at once, where
 *       libipc needs its storage cleared). {@link io.libipc.ChannelType#CHANNEL}: up to 64 senders;
 *       all receivers see one global order, FIFO per sender.</li>
 *   <li>Broadcast: each of up to 64 receivers gets every message sent after it connected. A handle
 *       never receives its own messages. Empty messages are allowed (libipc refuses them).</li>
 *   <li>Messages of any size up to the channel's maximum, larger than the ring too; a message is
 *       delivered whole or not at all, also when its sender dies half-way.</li>
 *   <li>No receiver connected: {@code send} fails at once with {@code ERROR_SEND_FAILED} and
 *       {@code trySend} returns false.</li>
 *   <li>Full ring: send and trySend wait up to their timeout for room. Then trySend returns false,
 *       and send evicts the receivers a whole ring behind (never one that keeps up) and succeeds.
 *       A receiver evicted before that has not read since is evicted at once, so a message larger
 *       than the ring is not held up a timeout per ring. Waiting for other senders (the channel's
 *       write lock) is not counted in send's timeout (they hold it only as long as their own sends
 *       take); it is in trySend's. Unlike libipc, eviction is never silent: the evicted
 *       receiver's {@code lostMessages()} grows by the number of messages it lost, and both sides
 *       log a warning.</li>
 *   <li>Dead participants are found through POSIX locks the kernel drops on exit, not pids: a dead
 *       receiver is no longer counted as soon as anybody looks, and never blocks a sender past its
 *       timeout.</li>
 *   <li>Timeouts: {@code timeoutMs = 0} means the handle's default: 100 ms for send and trySend,
 *       no limit for receive (unless {@link io.libipc.IpcOptions#receiveTimeoutMs()} says
 *       otherwise) and waitForReceivers. Negative is invalid. A receive that times out fails with
 *       {@code ERROR_TIMEOUT} and leaves the handle connected.</li>
 *   <li>Errors: a closed handle gives {@code ERROR_INVALID_ARGUMENT} ("closed"), a disconnected one
 *       {@code ERROR_CONNECTION_FAILED}, cleared storage {@code ERROR_CONNECTION_FAILED}
 *       ("cleared"), receiving on a handle that is not a receiver {@code ERROR_RECEIVE_FAILED},
 *       sending on one that is not a sender {@code ERROR_SEND_FAILED}, null or oversized data and
 *       bad arguments {@code ERROR_INVALID_ARGUMENT}.</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * send and trySend may be called from many threads at once. One thread receives at a time per
 * handle; a second concurrent receive fails fast with {@code ERROR_RECEIVE_FAILED}. close and
 * disconnect from another thread end a blocked receive or waitForReceivers with an
 * {@link io.libipc.IpcException} within a second.
 *
 * <h2>Storage</h2>
 * One file per channel, {@code <storageDirectory>/<namePrefix><name>} (by default
 * {@code /dev/shm/libipc.<name>}), mode 0600 by default. It outlives the handles, as libipc's
 * storage does; {@link io.libipc.IpcChannel#clearChannelStorage(String)} removes it.
 *
 * <p>The packages under {@code io.libipc.internal} are not an API: they may change in any release.
 */
package io.libipc;
