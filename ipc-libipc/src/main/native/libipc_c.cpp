// libipc_c: the wrapper's C ABI over cpp-ipc's public API (ipc::route, ipc::channel).
// What each function returns is documented in libipc_c.h; this file says why it works so.

#include "libipc_c.h"

#include <libipc/ipc.h>

#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <shared_mutex>
#include <string>

#ifndef LIBIPC_C_CPPIPC_VERSION
#define LIBIPC_C_CPPIPC_VERSION "unknown"
#endif

namespace {

constexpr std::size_t max_name_length = 222;   // NAME_MAX 255 - the longest suffix cpp-ipc adds (33)
constexpr std::uint64_t forever = ipc::invalid_value;

thread_local std::string last_error;

// Records why a call fails, as "reason: name=<channel>". Never throws: the status is what counts.
int fail(int status, const char* why, const std::string* name = nullptr) noexcept {
    try {
        last_error = why;
        if (name != nullptr) last_error.append(": name=").append(*name);
    } catch (...) {
        last_error.clear();
    }
    return status;
}

// A channel handle. cpp-ipc's chan_wrapper cannot be reconnected safely: after disconnect() its
// waiters keep a "quit" flag, and every later recv on it returns a bogus 64-byte message at once.
// So a connection is one chan_wrapper object, made by connect and dropped by disconnect.
struct Handle {
    int type = IPC_TYPE_CHANNEL;
    std::string name;
    int mode = 0;                          // mode of the current connection, 0 = disconnected
    std::unique_ptr<ipc::route> route;     // exactly one of these is set while connected
    std::unique_ptr<ipc::channel> channel;
    std::shared_mutex state;               // shared: calls using the connection; unique: (dis)connect
    std::mutex send_lock, recv_lock;       // one send and one recv at a time (ROUTE is 1 producer)

    bool connected() const { return route || channel; }

    template <typename F> auto with(F&& f) { return route ? f(*route) : f(*channel); }
    std::size_t receivers() { return with([](auto& c) { return c.recv_count(); }); }
};

// Names that have a cpp-ipc object in this process. cpp-ipc's clear_storage frees per-process
// mutex state that such an object still points to; its destructor would then crash. Never
// destroyed, so that a handle freed late in process exit (a JVM cleaner thread) still finds it.
struct Registry {
    std::mutex lock;
    std::map<std::string, int> live;
};
Registry& registry() {
    static Registry* r = new Registry{};
    return *r;
}

void retain(const std::string& name) {
    std::lock_guard<std::mutex> g{registry().lock};
    ++registry().live[name];
}

void release(const std::string& name) {
    std::lock_guard<std::mutex> g{registry().lock};
    if (--registry().live[name] <= 0) registry().live.erase(name);
}

const char* check_name(const char* name) {
    if (name == nullptr || name[0] == '\0') return "name is NULL or empty";
    if (std::strlen(name) > max_name_length) return "name is longer than 222 bytes";
    if (std::strchr(name, '/') != nullptr) return "name contains '/'";
    return nullptr;
}

bool valid_mode(int mode) { return mode >= IPC_MODE_SENDER && mode <= (IPC_MODE_SENDER | IPC_MODE_RECEIVER); }

// The seed API's 0 means the default; values past 0xFFFFFFFF would overflow cpp-ipc's clock sums.
std::uint64_t send_timeout(std::uint64_t ms) {
    return ms == 0 ? std::uint64_t{ipc::default_timeout} : (ms < forever ? ms : forever);
}
std::uint64_t recv_timeout(std::uint64_t ms) { return (ms == 0 || ms >= forever) ? forever : ms; }

// cpp-ipc reports every failure as false or an empty buffer. A wait that timed out lasted the
// timeout (its condition waits restart, never end early); the other failures return in
// microseconds. Half the timeout separates the two safely.
bool waited_out(std::chrono::steady_clock::time_point start, std::uint64_t timeout) {
    if (timeout == forever) return false;
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return ms * 2 >= static_cast<double>(timeout);
}

void drop(Handle* h) {
    h->route.reset();   // the destructor disconnects: frees the receiver and the sender slot
    h->channel.reset();
    h->mode = 0;
}

void disconnect(Handle* h) {
    if (!h->connected()) return;
    drop(h);
    release(h->name);
}

int connect(Handle* h, int mode) {
    disconnect(h);
    const bool receiver = (mode & IPC_MODE_RECEIVER) != 0;
    const char* name = h->name.c_str();
    // Registered before any cpp-ipc object exists for the name (the probe below is one); the
    // guard gives the registration back unless the handle ends up owning a connection.
    retain(h->name);
    struct Unretain {
        Handle* h;
        ~Unretain() { if (!h->connected()) release(h->name); }
    } unretain{h};
    if (h->type == IPC_TYPE_ROUTE) {
        // A ROUTE has one sender slot, taken by a sender's connect or by the first send. For a
        // SENDER|RECEIVER handle, try the slot with a probe so that create refuses a second
        // sender in both modes; the probe frees it again (a race with another sender remains).
        if ((mode & IPC_MODE_SENDER) && receiver && !ipc::route{}.connect(name, ipc::sender))
            return fail(IPC_ERROR_CONNECTION_FAILED, "the ROUTE already has a sender", &h->name);
        h->route.reset(new ipc::route{});
    } else {
        h->channel.reset(new ipc::channel{});
    }
    h->mode = mode;
    // cpp-ipc's mode is one bit: ipc::receiver (1) or ipc::sender (0); a receiver can also send.
    const bool ok = h->with([&](auto& c) { return c.connect(name, receiver ? ipc::receiver : ipc::sender); });
    const std::size_t receivers = h->receivers();
    if (ok) return IPC_SUCCESS;
    drop(h);   // and the guard gives the registration back
    if (receiver && receivers == 32)
        return fail(IPC_ERROR_CONNECTION_FAILED, "32 receivers are connected already (cpp-ipc's limit)", &h->name);
    if (h->type == IPC_TYPE_ROUTE && !receiver && receivers != forever)
        return fail(IPC_ERROR_CONNECTION_FAILED, "the ROUTE already has a sender", &h->name);
    return fail(IPC_ERROR_CONNECTION_FAILED, "cannot open the shared memory in /dev/shm", &h->name);
}

// Every entry point runs through this: no C++ exception crosses the C boundary.
template <typename F>
int guarded(int on_error, F&& f) noexcept {
    try {
        return f();
    } catch (const std::bad_alloc&) {
        return fail(IPC_ERROR_MEMORY, "out of memory");
    } catch (const std::exception& e) {
        fail(on_error, "exception from cpp-ipc: ");
        try { last_error.append(e.what()); } catch (...) {}
        return on_error;
    } catch (...) {
        return fail(on_error, "unknown exception from cpp-ipc");
    }
}

// f(h) for a handle that is not NULL and connected, holding the shared state lock.
template <typename F>
int on_connection(void* handle, int on_error, F&& f) noexcept {
    return guarded(on_error, [&]() -> int {
        auto* h = static_cast<Handle*>(handle);
        if (h == nullptr) return fail(IPC_ERROR_INVALID_ARGUMENT, "handle is NULL");
        std::shared_lock<std::shared_mutex> state{h->state};
        if (!h->connected()) return fail(IPC_ERROR_CONNECTION_FAILED, "handle is disconnected", &h->name);
        return f(h);
    });
}

int send_impl(void* handle, const void* data, std::size_t size, std::uint64_t timeout_ms, bool forcing) {
    if (data == nullptr) return fail(IPC_ERROR_INVALID_ARGUMENT, "data is NULL");
    if (size == 0) return fail(IPC_ERROR_INVALID_ARGUMENT, "cpp-ipc cannot send an empty message");
    if (size > IPC_SHIM_MAX_MESSAGE_SIZE) return fail(IPC_ERROR_INVALID_ARGUMENT, "message over IPC_SHIM_MAX_MESSAGE_SIZE");
    return on_connection(handle, IPC_ERROR_SEND_FAILED, [&](Handle* h) -> int {
        if (!(h->mode & IPC_MODE_SENDER))
            return fail(IPC_ERROR_SEND_FAILED, "handle is not connected as SENDER", &h->name);
        std::lock_guard<std::mutex> one_sender{h->send_lock};
        // Checked here rather than left to cpp-ipc, which fails the same way but prints
        // "fail: send, there is no receiver" on stderr for each message.
        if (h->receivers() == 0) return fail(IPC_ERROR_SEND_FAILED, "no receiver connected", &h->name);
        // One push without waiting first: most sends find room, and then need no clock (a clock
        // read costs a fifth of the shim's own work). Only for a message of one slot: a longer one
        // could go in part, and sending it again would repeat its first fragments.
        if (size <= ipc::data_length && h->with([&](auto& c) { return c.try_send(data, size, 0); }))
            return IPC_SUCCESS;
        const std::uint64_t tm = send_timeout(timeout_ms);
        const auto start = std::chrono::steady_clock::now();
        if (h->with([&](auto& c) { return forcing ? c.send(data, size, tm) : c.try_send(data, size, tm); }))
            return IPC_SUCCESS;
        if (waited_out(start, tm))
            return fail(IPC_ERROR_TIMEOUT, forcing ? "ring full for the timeout; the forced send dropped every receiver"
                                                   : "ring full for the timeout", &h->name);
        if (h->receivers() == 0) return fail(IPC_ERROR_SEND_FAILED, "no receiver connected", &h->name);
        // The one quick failure left for a ROUTE: cpp-ipc's sender slot is taken (a SENDER|RECEIVER
        // handle takes it at its first send, and another sender came in since the probe).
        if (h->type == IPC_TYPE_ROUTE) return fail(IPC_ERROR_SEND_FAILED, "the ROUTE already has a sender", &h->name);
        return fail(IPC_ERROR_SEND_FAILED, "cpp-ipc could not send", &h->name);
    });
}

// Called through IPCBuffer.free_fn: ctx is the heap ipc::buffer that owns the message (its
// destructor frees the copy, or gives a large message's shared chunk back).
void free_message(void* ctx) { delete static_cast<ipc::buffer*>(ctx); }

// One message out of cpp-ipc into msg (never empty on success), with the status as for recv.
int receive(Handle* h, std::uint64_t timeout_ms, bool waiting, ipc::buffer& msg) {
    if (!(h->mode & IPC_MODE_RECEIVER))
        return fail(IPC_ERROR_RECEIVE_FAILED, "handle is not connected as RECEIVER", &h->name);
    std::lock_guard<std::mutex> one_receiver{h->recv_lock};
    // A waiting receive reads the clock even when a message is there: a look without waiting
    // first, which would spare it, measured slower in a Java <-> Java round trip (2.83 against
    // 2.42 us, medians of 8 alternated runs).
    if (!waiting) {
        msg = h->with([](auto& c) { return c.try_recv(); });
        if (!msg.empty()) return IPC_SUCCESS;
        return fail(IPC_ERROR_TIMEOUT, "no message available", &h->name);
    }
    const std::uint64_t tm = recv_timeout(timeout_ms);
    const auto start = std::chrono::steady_clock::now();
    msg = h->with([&](auto& c) { return c.recv(tm); });
    if (!msg.empty()) return IPC_SUCCESS;
    // Never a message (cpp-ipc cannot send an empty one): a timeout, or a receiver that a
    // forced send disconnected, for which cpp-ipc returns at once instead of waiting.
    if (waited_out(start, tm)) return fail(IPC_ERROR_TIMEOUT, "no message within the timeout", &h->name);
    return fail(IPC_ERROR_CONNECTION_FAILED,
                "receiver dropped by a forced send (it fell behind); ipc_channel_connect rejoins", &h->name);
}

// Hands a received message over in out; the caller releases it with ipc_buffer_free.
int hand_over(ipc::buffer&& msg, IPCBuffer* out) {
    auto* owner = new ipc::buffer{std::move(msg)};
    *out = IPCBuffer{owner->data(), owner->size(), reinterpret_cast<void*>(&free_message), owner};
    return IPC_SUCCESS;
}

int recv_impl(void* handle, IPCBuffer* out, std::uint64_t timeout_ms, bool waiting) {
    if (out == nullptr) return fail(IPC_ERROR_INVALID_ARGUMENT, "out is NULL");
    *out = IPCBuffer{nullptr, 0, nullptr, nullptr};
    return on_connection(handle, IPC_ERROR_RECEIVE_FAILED, [&](Handle* h) -> int {
        ipc::buffer msg;
        const int status = receive(h, timeout_ms, waiting, msg);
        return status != IPC_SUCCESS ? status : hand_over(std::move(msg), out);
    });
}

// As recv_impl, but a message that fits is copied into dst and released here: one call and no
// heap object, where a binding that pays per call (JNA) would make three (recv, copy, free).
int recv_into_impl(void* handle, void* dst, std::size_t cap, IPCBuffer* out, std::uint64_t timeout_ms,
                   bool waiting) {
    if (out == nullptr) return fail(IPC_ERROR_INVALID_ARGUMENT, "out is NULL");
    *out = IPCBuffer{nullptr, 0, nullptr, nullptr};
    if (dst == nullptr && cap != 0) return fail(IPC_ERROR_INVALID_ARGUMENT, "dst is NULL");
    return on_connection(handle, IPC_ERROR_RECEIVE_FAILED, [&](Handle* h) -> int {
        ipc::buffer msg;
        const int status = receive(h, timeout_ms, waiting, msg);
        if (status != IPC_SUCCESS) return status;
        if (msg.size() > cap) return hand_over(std::move(msg), out);
        std::memcpy(dst, msg.data(), msg.size());
        out->size = msg.size();
        return IPC_SUCCESS;
    });
}

} // namespace

extern "C" {

void* ipc_channel_create(int type, const char* name, int mode) {
    const char* why = (type != IPC_TYPE_ROUTE && type != IPC_TYPE_CHANNEL) ? "type must be 0 (ROUTE) or 1 (CHANNEL)"
                    : !valid_mode(mode) ? "mode must be 1 (SENDER), 2 (RECEIVER) or 3"
                    : check_name(name);
    if (why != nullptr) {
        fail(IPC_ERROR_INVALID_ARGUMENT, why);
        return nullptr;
    }
    Handle* h = nullptr;
    int status = guarded(IPC_ERROR_CONNECTION_FAILED, [&]() -> int {
        h = new Handle{};
        h->type = type;
        h->name = name;
        return connect(h, mode);
    });
    if (status == IPC_SUCCESS) return h;
    ipc_channel_destroy(h);   // after an exception it may still hold a connection
    return nullptr;
}

void ipc_channel_destroy(void* handle) {
    auto* h = static_cast<Handle*>(handle);
    if (h == nullptr) return;
    guarded(IPC_ERROR_CONNECTION_FAILED, [&]() -> int {
        std::unique_lock<std::shared_mutex> state{h->state};
        disconnect(h);
        return IPC_SUCCESS;
    });
    delete h;
}

int ipc_channel_connect(void* handle, int mode) {
    return guarded(IPC_ERROR_CONNECTION_FAILED, [&]() -> int {
        auto* h = static_cast<Handle*>(handle);
        if (h == nullptr) return fail(IPC_ERROR_INVALID_ARGUMENT, "handle is NULL");
        if (!valid_mode(mode))
            return fail(IPC_ERROR_INVALID_ARGUMENT, "mode must be 1 (SENDER), 2 (RECEIVER) or 3", &h->name);
        std::unique_lock<std::shared_mutex> state{h->state};
        return connect(h, mode);
    });
}

int ipc_channel_disconnect(void* handle) {
    return guarded(IPC_ERROR_CONNECTION_FAILED, [&]() -> int {
        auto* h = static_cast<Handle*>(handle);
        if (h == nullptr) return fail(IPC_ERROR_INVALID_ARGUMENT, "handle is NULL");
        std::unique_lock<std::shared_mutex> state{h->state};
        disconnect(h);
        return IPC_SUCCESS;
    });
}

int ipc_channel_send(void* handle, const void* data, size_t size, uint64_t timeout_ms) {
    return send_impl(handle, data, size, timeout_ms, true);
}

int ipc_channel_try_send(void* handle, const void* data, size_t size, uint64_t timeout_ms) {
    return send_impl(handle, data, size, timeout_ms, false);
}

int ipc_channel_recv(void* handle, IPCBuffer* out, uint64_t timeout_ms) {
    return recv_impl(handle, out, timeout_ms, true);
}

int ipc_channel_try_recv(void* handle, IPCBuffer* out) {
    return recv_impl(handle, out, 0, false);
}

int ipc_shim_send_op(IPCShimOp* op) {
    if (op == nullptr) return fail(IPC_ERROR_INVALID_ARGUMENT, "op is NULL");
    return send_impl(op->handle, op->data, op->size, op->timeout_ms, true);
}

int ipc_shim_try_send_op(IPCShimOp* op) {
    if (op == nullptr) return fail(IPC_ERROR_INVALID_ARGUMENT, "op is NULL");
    return send_impl(op->handle, op->data, op->size, op->timeout_ms, false);
}

int ipc_shim_recv_op(IPCShimOp* op) {
    if (op == nullptr) return fail(IPC_ERROR_INVALID_ARGUMENT, "op is NULL");
    return recv_into_impl(op->handle, op->data, op->size, &op->out, op->timeout_ms, true);
}

int ipc_shim_try_recv_op(IPCShimOp* op) {
    if (op == nullptr) return fail(IPC_ERROR_INVALID_ARGUMENT, "op is NULL");
    return recv_into_impl(op->handle, op->data, op->size, &op->out, 0, false);
}

void ipc_buffer_free(IPCBuffer* buf) {
    if (buf == nullptr) return;
    if (buf->ctx != nullptr) free_message(buf->ctx);
    *buf = IPCBuffer{nullptr, 0, nullptr, nullptr};
}

int ipc_channel_recv_count(void* handle) {
    return on_connection(handle, IPC_ERROR_CONNECTION_FAILED, [&](Handle* h) -> int {
        const std::size_t n = h->receivers();
        if (n > 32) return fail(IPC_ERROR_CONNECTION_FAILED, "cpp-ipc has no ring for this handle", &h->name);
        return static_cast<int>(n);
    });
}

int ipc_channel_wait_for_recv(void* handle, size_t count, uint64_t timeout_ms) {
    return on_connection(handle, IPC_ERROR_CONNECTION_FAILED, [&](Handle* h) -> int {
        const std::uint64_t tm = recv_timeout(timeout_ms);
        if (h->with([&](auto& c) { return c.wait_for_recv(count, tm); })) return 1;
        return fail(0, "fewer receivers than asked for within the timeout", &h->name);
    });
}

void ipc_channel_clear_storage(const char* name) {
    if (const char* why = check_name(name)) {
        fail(IPC_ERROR_INVALID_ARGUMENT, why);
        return;
    }
    guarded(IPC_ERROR_INVALID_ARGUMENT, [&]() -> int {
        const std::string n{name};
        std::lock_guard<std::mutex> g{registry().lock};
        if (registry().live.count(n) != 0)
            return fail(IPC_ERROR_INVALID_ARGUMENT, "not cleared: a handle of this process is connected", &n);
        // ROUTE and CHANNEL name the same objects, so one call clears either.
        ipc::channel::clear_storage(name);
        return IPC_SUCCESS;
    });
}

const char* ipc_shim_version(void) {
    return "libipc_c 1 (cpp-ipc " LIBIPC_C_CPPIPC_VERSION ")";
}

const char* ipc_shim_last_error(void) {
    return last_error.c_str();
}

} // extern "C"
