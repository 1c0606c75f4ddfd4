/*
 * libipc_c: the C ABI of the libipc Python wrapper (libipc_ctypes), over cpp-ipc's public C++ API.
 *
 * cpp-ipc (github.com/mutouyun/cpp-ipc) exports C++ symbols only. The wrapper binds these twelve
 * C functions, which until now existed only inside its Windows libipc.dll. This library exports
 * exactly them (plus six ipc_shim_* helpers), so one libipc_c.so serves our Java (JNA) backend
 * and the unmodified Python wrapper. Everything here was checked against cpp-ipc 1.4.1.
 *
 * Status codes: every int function returns one of these (wait_for_recv also returns 1 and 0,
 * recv_count a count). ipc_shim_last_error() gives the reason for the last failure on the thread.
 *
 * Names: 1..222 bytes, no '/'. cpp-ipc makes names like "__IPC_SHM__CC_CONN__<name>_WAITER_COND_"
 * in /dev/shm, and NAME_MAX is 255. A ROUTE and a CHANNEL must never share a name: cpp-ipc
 * gives both the same ring object ("__IPC_SHM__QU_CONN__<name>__64__16") with different layouts
 * (a ROUTE sender's messages never reach a CHANNEL receiver of the name, yet its sends succeed).
 *
 * Timeouts (ms): 0 means the default: 100 ms (cpp-ipc's default_timeout) for send and try_send,
 * no limit for recv and wait_for_recv. Values >= 4294967295 also mean no limit (cpp-ipc uses
 * 0xFFFFFFFF for "forever", and a value past ~9.2e12 ms would overflow its clock arithmetic and
 * abort the process). Any other value is passed on as it is.
 *
 * Delivery (cpp-ipc's model; the shim does not change it):
 *  - Broadcast: every receiver connected when a message is sent gets it; a receiver gets only
 *    what is sent after it connected. At most 32 receivers per name.
 *  - The ring has 256 slots of 64 bytes. A message of up to 64 bytes takes one slot; a longer one
 *    is copied into one of 32 shared chunks per chunk size (shared by all channels of the
 *    machine) and takes one slot; when all 32 chunks are in use (receivers have not read or not
 *    freed them) it is cut into 64-byte fragments, one slot each.
 *  - When the ring is full, send waits up to the timeout, then forces: cpp-ipc DISCONNECTS every
 *    receiver that has not read the oldest slot. Those receivers lose what is in the ring; their
 *    next recv fails with ERROR_CONNECTION_FAILED until they call ipc_channel_connect again.
 *  - A SENDER|RECEIVER handle never receives its own messages (they still take ring slots).
 *  - A receiver killed with kill -9 stays counted; senders stall one timeout when the ring fills,
 *    then the forced send drops it. A ROUTE sender killed with kill -9 keeps the ROUTE's single
 *    sender slot taken until ipc_channel_clear_storage(name).
 *  - cpp-ipc prints diagnostics on stderr (and "force_push: ..." lines on stdout); the shim
 *    cannot silence them.
 *
 * Threads: any function may be called from any thread. Calls of send on one handle are
 * serialized by the shim (cpp-ipc's ROUTE is single-producer), so are recv/try_recv; send and
 * recv may run at the same time. connect, disconnect and destroy wait until the calls in
 * progress on that handle return, so a thread blocked in recv without a timeout blocks them:
 * receive with a finite timeout in a loop. Destroy a handle only once, when no other thread will
 * use it again. Keep one handle's recv calls on one thread if messages over 64 bytes may arrive
 * as fragments from several senders: cpp-ipc reassembles fragments in a thread-local cache.
 */
#ifndef LIBIPC_C_H
#define LIBIPC_C_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#  define LIBIPC_C_API __declspec(dllexport)
#else
#  define LIBIPC_C_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

enum { IPC_TYPE_ROUTE = 0, IPC_TYPE_CHANNEL = 1 };
enum { IPC_MODE_SENDER = 1, IPC_MODE_RECEIVER = 2 };   /* or-ed: 3 = both */

enum {
    IPC_SUCCESS                  = 0,
    IPC_ERROR_INVALID_ARGUMENT   = -1,  /* NULL handle/pointer, bad type/mode/name, size 0 */
    IPC_ERROR_CONNECTION_FAILED  = -2,  /* not connected, slot refused, receiver dropped */
    IPC_ERROR_SEND_FAILED        = -3,  /* no receiver connected, not a sender, ROUTE taken */
    IPC_ERROR_RECEIVE_FAILED     = -4,  /* handle is not a receiver */
    IPC_ERROR_TIMEOUT            = -5,  /* the timeout passed; try_recv: nothing there */
    IPC_ERROR_MEMORY             = -6   /* out of memory */
};

/* Largest message: cpp-ipc keeps sizes in an int32. The practical limit is /dev/shm, since
 * cpp-ipc reserves 32 chunks of the (1 KiB-rounded) size per distinct size, sparse, e.g. a
 * 64 MiB message creates a 2 GiB object "__IPC_SHM__CHUNK_INFO__67109888". */
#define IPC_SHIM_MAX_MESSAGE_SIZE ((size_t)0x7FFFFBFF)

/* A received message. data/size: its bytes (for messages over 64 bytes, data points into the
 * shared chunk, which stays taken until freed: free promptly). free_fn is a void (*)(void* ctx)
 * that releases ctx; call ipc_buffer_free rather than free_fn yourself. */
typedef struct {
    void*  data;
    size_t size;
    void*  free_fn;
    void*  ctx;
} IPCBuffer;

/* Creates a handle and connects it with mode. Returns NULL, never crashes, when type is not 0/1,
 * mode not 1..3, name NULL/empty/over 222 bytes/containing '/', when out of memory, or when the
 * connection is refused: a 33rd receiver, a second SENDER on a ROUTE (also with mode 3: the
 * ROUTE's sender slot is checked), or shared memory that cannot be opened. */
LIBIPC_C_API void* ipc_channel_create(int type, const char* name, int mode);

/* Disconnects (frees the receiver slot / ROUTE sender slot) and frees the handle. NULL is
 * ignored. Waits for calls in progress on the handle. */
LIBIPC_C_API void ipc_channel_destroy(void* handle);

/* Drops the current connection, if any, and connects again with mode, as a fresh connection: a
 * receiver starts after the newest message (what it had not read is lost); this is how a
 * receiver that was dropped rejoins. Returns 0; -1 NULL handle or mode not 1..3; -2 refused
 * (same cases as create); the handle is then disconnected. */
LIBIPC_C_API int ipc_channel_connect(void* handle, int mode);

/* Drops the connection; the handle stays valid for connect. Returns 0 (also when already
 * disconnected); -1 NULL handle. */
LIBIPC_C_API int ipc_channel_disconnect(void* handle);

/* cpp-ipc send: waits up to timeout_ms for ring space, then forces (see Delivery).
 * Returns 0 sent (possibly after dropping slow receivers);
 *  -1 NULL handle, data NULL, size 0 (cpp-ipc cannot send an empty message) or size over
 *     IPC_SHIM_MAX_MESSAGE_SIZE;
 *  -2 handle disconnected;
 *  -3 handle not connected as SENDER, no receiver connected (checked first, without waiting;
 *     a receiver of this same handle counts), or another handle holds the ROUTE's sender slot;
 *  -5 the ring stayed full for timeout_ms and the forced send dropped every receiver
 *     (e.g. the only receiver is stuck or dead): nothing was delivered. */
LIBIPC_C_API int ipc_channel_send(void* handle, const void* data, size_t size, uint64_t timeout_ms);

/* cpp-ipc try_send: waits up to timeout_ms for ring space, never forces, drops nobody.
 * Returns 0 sent; -5 the ring stayed full for timeout_ms (nothing sent, or for a fragmented
 * message only its first fragments, which receivers discard); -1, -2, -3 as for send. */
LIBIPC_C_API int ipc_channel_try_send(void* handle, const void* data, size_t size, uint64_t timeout_ms);

/* Waits up to timeout_ms for a message. *out is overwritten first with {NULL, 0, NULL, NULL}
 * (free a previous message before reusing out). Returns
 *   0 message: out->data/size set (size >= 1), release it with ipc_buffer_free;
 *  -1 NULL handle or out; -2 handle disconnected, or this receiver was dropped by a forced send
 *     (cpp-ipc then returns at once instead of waiting): ipc_channel_connect rejoins;
 *  -4 handle not connected as RECEIVER; -5 no message within timeout_ms; -6 out of memory. */
LIBIPC_C_API int ipc_channel_recv(void* handle, IPCBuffer* out, uint64_t timeout_ms);

/* One look at the ring without waiting. Returns 0 and out set as for recv; -5 nothing there
 * (out->data NULL, size 0); this includes a receiver that was dropped, which a later recv with a
 * timeout reports as -2; -1, -2, -4, -6 as for recv. */
LIBIPC_C_API int ipc_channel_try_recv(void* handle, IPCBuffer* out);

/* The arguments of one send or receive, kept in the caller's memory and reused from call to
 * call, for bindings that pay per argument (JNA direct mapping: ~11 ns each, as much as the rest
 * of the call): the ipc_shim_*_op functions take only its address. Our helpers, not part of the
 * wrapper's ABI. Fields are read on each call; only out is written. */
typedef struct {
    void*     handle;      /* the handle */
    void*     data;        /* send: the message; receive: where a message of at most size bytes goes */
    uint64_t  size;        /* send: the message length; receive: the room at data */
    uint64_t  timeout_ms;  /* as the timeout_ms of the call the op stands for */
    IPCBuffer out;         /* receive: overwritten first with {NULL, 0, NULL, NULL}; see below */
} IPCShimOp;

/* ipc_channel_send(op->handle, op->data, op->size, op->timeout_ms), same statuses. */
LIBIPC_C_API int ipc_shim_send_op(IPCShimOp* op);

/* ipc_channel_try_send(op->handle, op->data, op->size, op->timeout_ms), same statuses. */
LIBIPC_C_API int ipc_shim_try_send_op(IPCShimOp* op);

/* ipc_channel_recv and the copy out in one call: a message of at most op->size bytes is copied to
 * op->data and released at once (op->out.data NULL, op->out.size its length); a longer one is
 * handed over in op->out as ipc_channel_recv does (op->out.data set: copy it, then
 * ipc_buffer_free(&op->out)). Statuses as for ipc_channel_recv; -1 also for op NULL, or data NULL
 * with size > 0. */
LIBIPC_C_API int ipc_shim_recv_op(IPCShimOp* op);

/* As ipc_shim_recv_op with one look at the ring, as ipc_channel_try_recv (timeout_ms unused). */
LIBIPC_C_API int ipc_shim_try_recv_op(IPCShimOp* op);

/* Releases a received message and zeroes *buf. NULL, a zeroed or an already freed IPCBuffer are
 * ignored (freeing two copies of one IPCBuffer is a double free). */
LIBIPC_C_API void ipc_buffer_free(IPCBuffer* buf);

/* Number of receivers connected to the name, counted by cpp-ipc in shared memory: includes this
 * handle if it is a receiver, and receivers killed with kill -9 until a forced send drops them.
 * Returns 0..32; -1 NULL handle; -2 handle disconnected. */
LIBIPC_C_API int ipc_channel_recv_count(void* handle);

/* Waits up to timeout_ms until at least count receivers are connected (counted as recv_count).
 * Returns 1 reached (at once if already so); 0 timeout; -1 NULL handle; -2 disconnected. */
LIBIPC_C_API int ipc_channel_wait_for_recv(void* handle, size_t count, uint64_t timeout_ms);

/* Removes the name's shared memory objects from /dev/shm (the ring, the counter and the three
 * waiters' objects; not the machine-wide __IPC_SHM__CA_CONN__ and __IPC_SHM__CHUNK_INFO__*).
 * For leftovers of crashed processes: processes still attached keep their old objects while
 * new ones get fresh ones, so clear only names nobody uses. Does nothing (the reason goes to
 * ipc_shim_last_error) for an invalid name or when a handle of this process is still created on
 * the name, because cpp-ipc would then free state that handle uses and crash later. */
LIBIPC_C_API void ipc_channel_clear_storage(const char* name);

/* "libipc_c <abi> (cpp-ipc <version>)", e.g. "libipc_c 1 (cpp-ipc 1.4.1)"; static storage. */
LIBIPC_C_API const char* ipc_shim_version(void);

/* Why the last failing call on this thread failed, as "reason: name=<channel>" (or "reason"),
 * "" if none failed yet; calls that succeed leave it unchanged. Valid until the thread's next
 * failing call. */
LIBIPC_C_API const char* ipc_shim_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBIPC_C_H */
