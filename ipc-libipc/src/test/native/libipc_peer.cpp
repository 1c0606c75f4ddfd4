// libipc_peer: a test and benchmark peer that uses cpp-ipc's public C++ API directly (not the
// libipc_c shim), so that tests can put the shim, or Java, on the other side of a real process.
//
// MESSAGE PATTERN (Java generates and checks the same):
//   message k (k = 0, 1, 2, ... in sending order) of size n has
//     byte i = (k * 31 + i) & 0xFF                 for 0 <= i < n,
//   and then, if n >= 8, bytes 0..7 = k as an unsigned 64-bit little-endian integer.
//   <sizes> is one size or a comma list: message k has size sizes[k % len(sizes)]. k counts what
//   the sender tried: a send that fails (size 0 always does, cpp-ipc cannot send it) leaves a gap.
// DIGEST: FNV-1a 64 over, for each message in order, its size as 8 bytes little-endian, then its
//   bytes: h = 0xcbf29ce484222325; for each byte b: h = (h ^ b) * 0x100000001b3 (mod 2^64);
//   printed as 16 lower-case hex digits.
// ECHO STOP: the 8 bytes "ECHOSTOP" end an echo peer (no pattern message equals them: as k they
//   would be 0x504F54534F484345).
// THROUGHPUT messages are message 0's pattern with bytes 0..7 = k (when n >= 8), so that the
//   receiver checks order and loss without paying for the full pattern.
//
// OUTPUT: one line per event, words separated by spaces, flushed at once; the first word is one
// of READY SENT RECEIVED TIMEOUT ECHOED RTT THROUGHPUT-SEND THROUGHPUT-RECV COUNT WAIT HELD
// CLEARED ERROR. Ignore other lines: cpp-ipc itself prints "force_push: ..." lines on stdout
// (and its diagnostics on stderr). Exit status: 0 done, 1 mismatch/loss/failed sends,
// 2 usage, 3 could not connect or timed out.
//
// Usage: libipc_peer <command> <route|channel> <args...> [--option value ...]
//   send <type> <name> <count> <sizes> [--wait-receivers 1] [--wait-ms 10000] [--timeout-ms 100] [--try 1]
//                                         -> SENT <sent> <digest> <failed>
//   recv <type> <name> <count> [--timeout-ms 10000] [--sizes S] [--delay-ms 0]
//                                         -> READY, then RECEIVED <received> <digest> <errors>
//   echo <type> <request> <reply> [--timeout-ms 0 (none)]   -> READY, ECHOED <n>
//   ping <type> <request> <reply> <count> <size> [--warmup 1000] [--wait-ms 10000]
//                                         -> RTT count= size= p50_us= p90_us= p99_us= max_us= mean_us= errors=
//   throughput-send <type> <name> <count> <size> [--wait-receivers 1] [--wait-ms 10000] [--timeout-ms 100]
//                                         -> THROUGHPUT-SEND sent= failed= seconds= msgs_per_s= mib_per_s=
//   throughput-recv <type> <name> <count> [--timeout-ms 10000]
//                                         -> READY, THROUGHPUT-RECV received= lost= seconds= msgs_per_s= mib_per_s=
//   count <type> <name>                   -> COUNT <receivers>   (a ROUTE's sender slot is held meanwhile)
//   wait <type> <name> <n> <timeout-ms, 0 = none>   -> WAIT <1|0> <receivers>
//   hold <type> <name> <sender|receiver> <seconds>   -> READY, HELD (connects, never reads;
//                                            for kill -9, slot-limit and second-sender tests)
//   clear <type> <name>                   -> CLEARED   (cpp-ipc clear_storage)

#include <libipc/ipc.h>

#include <algorithm>
#include <cstdarg>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
using bytes = std::vector<std::uint8_t>;

enum exit_code { done = 0, mismatch = 1, usage = 2, no_connection = 3 };

void line(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void line(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    std::vprintf(fmt, ap);
    va_end(ap);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

bytes pattern(std::uint64_t k, std::size_t n) {
    bytes m(n);
    for (std::size_t i = 0; i < n; ++i) m[i] = static_cast<std::uint8_t>(k * 31 + i);
    if (n >= 8) for (int b = 0; b < 8; ++b) m[b] = static_cast<std::uint8_t>(k >> (8 * b));
    return m;
}

struct fnv64 {
    std::uint64_t h = 0xcbf29ce484222325ull;
    void add(const std::uint8_t* p, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
    }
    void message(const void* p, std::size_t n) {
        std::uint8_t size_le[8];
        for (int b = 0; b < 8; ++b) size_le[b] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(n) >> (8 * b));
        add(size_le, 8);
        add(static_cast<const std::uint8_t*>(p), n);
    }
    std::string hex() const {
        char s[17];
        std::snprintf(s, sizeof s, "%016" PRIx64, h);
        return s;
    }
};

std::uint64_t sequence_of(const void* p, std::size_t n) {
    std::uint64_t k = 0;
    if (n >= 8) for (int b = 7; b >= 0; --b) k = (k << 8) | static_cast<const std::uint8_t*>(p)[b];
    return k;
}

double seconds_since(clock_type::time_point t) {
    return std::chrono::duration<double>(clock_type::now() - t).count();
}

const char echo_stop[8] = {'E', 'C', 'H', 'O', 'S', 'T', 'O', 'P'};

bool is_stop(const ipc::buffer& b) {
    return b.size() == sizeof echo_stop && std::memcmp(b.data(), echo_stop, sizeof echo_stop) == 0;
}

struct args {
    std::vector<std::string> pos;          // after <command> <type>
    std::map<std::string, std::string> opt;

    std::uint64_t num(std::size_t i) const { return std::stoull(pos.at(i)); }   // throws on garbage
    std::uint64_t num(const std::string& key, std::uint64_t def) const {
        auto it = opt.find(key);
        return it == opt.end() ? def : std::strtoull(it->second.c_str(), nullptr, 10);
    }
    std::vector<std::size_t> sizes(const std::string& list) const {
        std::vector<std::size_t> v;
        for (std::size_t from = 0; from < list.size();) {
            std::size_t comma = list.find(',', from);
            v.push_back(std::stoull(list.substr(from, comma - from)));   // throws on garbage
            if (comma == std::string::npos) break;
            from = comma + 1;
        }
        return v;
    }
};

std::uint64_t timeout_or_forever(std::uint64_t ms) { return ms == 0 ? std::uint64_t{ipc::invalid_value} : ms; }

template <typename Chan>
bool wait_receivers(Chan& c, const args& a) {
    std::size_t n = a.num("--wait-receivers", 1);
    if (n == 0 || c.wait_for_recv(n, a.num("--wait-ms", 10000))) return true;
    line("ERROR timeout waiting for %zu receivers (have %zu)", n, c.recv_count());
    return false;
}

template <typename Chan>
int cmd_send(const args& a) {
    const std::uint64_t count = a.num(1), tm = a.num("--timeout-ms", ipc::default_timeout);
    const auto sizes = a.sizes(a.pos.at(2));
    const bool try_only = a.num("--try", 0) != 0;
    Chan c;
    if (!c.connect(a.pos.at(0).c_str(), ipc::sender)) { line("ERROR connect sender"); return no_connection; }
    if (!wait_receivers(c, a)) return no_connection;
    fnv64 digest;
    std::uint64_t sent = 0, failed = 0;
    for (std::uint64_t k = 0; k < count; ++k) {
        bytes m = pattern(k, sizes[k % sizes.size()]);
        bool ok = try_only ? c.try_send(m.data(), m.size(), tm) : c.send(m.data(), m.size(), tm);
        if (ok) { ++sent; digest.message(m.data(), m.size()); } else ++failed;
    }
    line("SENT %" PRIu64 " %s %" PRIu64, sent, digest.hex().c_str(), failed);
    return failed == 0 ? done : mismatch;
}

template <typename Chan>
int cmd_recv(const args& a) {
    Chan c;
    if (!c.connect(a.pos.at(0).c_str(), ipc::receiver)) { line("ERROR connect receiver"); return no_connection; }
    line("READY");
    const std::uint64_t count = a.num(1), tm = timeout_or_forever(a.num("--timeout-ms", 10000));
    const std::uint64_t delay_ms = a.num("--delay-ms", 0);
    const auto sizes = a.sizes(a.opt.count("--sizes") ? a.opt.at("--sizes") : "");
    fnv64 digest;
    std::uint64_t got = 0, errors = 0;
    for (; got < count; ++got) {
        ipc::buffer b = c.recv(tm);
        if (b.empty()) { line("TIMEOUT %" PRIu64, got); break; }
        bytes want = pattern(got, b.size());
        bool size_ok = sizes.empty() || b.size() == sizes[got % sizes.size()];
        if (!size_ok || std::memcmp(b.data(), want.data(), b.size()) != 0) ++errors;
        digest.message(b.data(), b.size());
        if (delay_ms) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    }
    line("RECEIVED %" PRIu64 " %s %" PRIu64, got, digest.hex().c_str(), errors);
    return (got == count && errors == 0) ? done : mismatch;
}

template <typename Chan>
int cmd_echo(const args& a) {
    Chan in, out;
    if (!in.connect(a.pos.at(0).c_str(), ipc::receiver) || !out.connect(a.pos.at(1).c_str(), ipc::sender)) {
        line("ERROR connect");
        return no_connection;
    }
    line("READY");
    const std::uint64_t tm = timeout_or_forever(a.num("--timeout-ms", 0));
    std::uint64_t echoed = 0;
    for (;;) {
        ipc::buffer b = in.recv(tm);
        if (b.empty()) { line("TIMEOUT %" PRIu64, echoed); return no_connection; }
        if (is_stop(b)) break;
        if (out.send(b.data(), b.size())) ++echoed;
    }
    line("ECHOED %" PRIu64, echoed);
    return done;
}

template <typename Chan>
int cmd_ping(const args& a) {
    const std::uint64_t count = a.num(2), size = a.num(3), warmup = a.num("--warmup", 1000);
    Chan out, in;
    // The reply receiver connects first: the echo peer may answer the first request at once.
    if (!in.connect(a.pos.at(1).c_str(), ipc::receiver) || !out.connect(a.pos.at(0).c_str(), ipc::sender)) {
        line("ERROR connect");
        return no_connection;
    }
    if (!wait_receivers(out, a)) return no_connection;
    std::vector<double> rtt_us;
    rtt_us.reserve(count);
    std::uint64_t errors = 0;
    for (std::uint64_t k = 0; k < warmup + count; ++k) {
        bytes m = pattern(k, size);
        auto t0 = clock_type::now();
        bool ok = out.send(m.data(), m.size());
        ipc::buffer b = ok ? in.recv(5000) : ipc::buffer{};
        auto t1 = clock_type::now();
        if (b.size() != m.size() || std::memcmp(b.data(), m.data(), m.size()) != 0) ++errors;
        if (k >= warmup) rtt_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    }
    out.send(echo_stop, sizeof echo_stop);
    std::sort(rtt_us.begin(), rtt_us.end());
    auto pct = [&](double q) {
        if (rtt_us.empty()) return 0.0;
        std::size_t rank = static_cast<std::size_t>(q * rtt_us.size() + 0.999999);   // nearest rank
        return rtt_us[std::min(rtt_us.size() - 1, rank == 0 ? 0 : rank - 1)];
    };
    double mean = 0;
    for (double v : rtt_us) mean += v / rtt_us.size();
    line("RTT count=%" PRIu64 " size=%" PRIu64 " p50_us=%.2f p90_us=%.2f p99_us=%.2f max_us=%.2f mean_us=%.2f"
         " errors=%" PRIu64,
         count, size, pct(0.50), pct(0.90), pct(0.99), rtt_us.empty() ? 0.0 : rtt_us.back(), mean, errors);
    return errors == 0 ? done : mismatch;
}

template <typename Chan>
int cmd_throughput_send(const args& a) {
    const std::uint64_t count = a.num(1), size = a.num(2), tm = a.num("--timeout-ms", ipc::default_timeout);
    Chan c;
    if (!c.connect(a.pos.at(0).c_str(), ipc::sender)) { line("ERROR connect sender"); return no_connection; }
    if (!wait_receivers(c, a)) return no_connection;
    bytes m = pattern(0, size);
    std::uint64_t sent = 0, failed = 0;
    auto t0 = clock_type::now();
    for (std::uint64_t k = 0; k < count; ++k) {
        if (size >= 8) std::memcpy(m.data(), &k, 8);   // little-endian hosts only (x86-64, aarch64)
        if (c.send(m.data(), m.size(), tm)) ++sent; else ++failed;
    }
    double s = seconds_since(t0);
    line("THROUGHPUT-SEND sent=%" PRIu64 " failed=%" PRIu64 " seconds=%.6f msgs_per_s=%.0f mib_per_s=%.1f",
         sent, failed, s, sent / s, sent * size / s / 1048576.0);
    return failed == 0 ? done : mismatch;
}

template <typename Chan>
int cmd_throughput_recv(const args& a) {
    Chan c;
    if (!c.connect(a.pos.at(0).c_str(), ipc::receiver)) { line("ERROR connect receiver"); return no_connection; }
    line("READY");
    const std::uint64_t count = a.num(1), tm = timeout_or_forever(a.num("--timeout-ms", 10000));
    std::uint64_t got = 0, lost = 0, next = 0, bytes_in = 0;
    clock_type::time_point first;
    for (; got < count; ++got) {
        ipc::buffer b = c.recv(tm);
        if (b.empty()) { line("TIMEOUT %" PRIu64, got); break; }
        if (got == 0) first = clock_type::now();   // clocked from the first message on
        bytes_in += b.size();
        if (b.size() >= 8) {
            std::uint64_t k = sequence_of(b.data(), b.size());
            if (k > next) lost += k - next;
            next = k + 1;
        }
    }
    // The first message starts the clock, so the rate is over got - 1 intervals.
    double s = got > 1 ? seconds_since(first) : 0;
    double rate = s > 0 ? (got - 1) / s : 0;
    line("THROUGHPUT-RECV received=%" PRIu64 " lost=%" PRIu64 " seconds=%.6f msgs_per_s=%.0f mib_per_s=%.1f",
         got, lost, s, rate, got ? rate * (bytes_in / got) / 1048576.0 : 0.0);
    return (got == count && lost == 0) ? done : mismatch;
}

template <typename Chan>
int cmd_count(const args& a) {
    Chan c;
    c.connect(a.pos.at(0).c_str(), ipc::sender);   // a refused ROUTE sender still counts
    line("COUNT %zu", c.recv_count());
    return done;
}

template <typename Chan>
int cmd_wait(const args& a) {
    Chan c;
    c.connect(a.pos.at(0).c_str(), ipc::sender);
    bool ok = c.wait_for_recv(a.num(1), timeout_or_forever(a.num(2)));
    line("WAIT %d %zu", ok ? 1 : 0, c.recv_count());
    return ok ? done : no_connection;
}

template <typename Chan>
int cmd_hold(const args& a) {
    const bool sender = a.pos.at(1) == "sender";
    Chan c;
    if (!c.connect(a.pos.at(0).c_str(), sender ? ipc::sender : ipc::receiver)) {
        line("ERROR connect %s", sender ? "sender" : "receiver");
        return no_connection;
    }
    line("READY");
    std::this_thread::sleep_for(std::chrono::seconds(a.num(2)));
    line("HELD");
    return done;
}

template <typename Chan>
int cmd_clear(const args& a) {
    Chan::clear_storage(a.pos.at(0).c_str());
    line("CLEARED");
    return done;
}

template <typename Chan>
int run(const std::string& cmd, const args& a) {
    if (cmd == "send") return cmd_send<Chan>(a);
    if (cmd == "recv") return cmd_recv<Chan>(a);
    if (cmd == "echo") return cmd_echo<Chan>(a);
    if (cmd == "ping") return cmd_ping<Chan>(a);
    if (cmd == "throughput-send") return cmd_throughput_send<Chan>(a);
    if (cmd == "throughput-recv") return cmd_throughput_recv<Chan>(a);
    if (cmd == "count") return cmd_count<Chan>(a);
    if (cmd == "wait") return cmd_wait<Chan>(a);
    if (cmd == "hold") return cmd_hold<Chan>(a);
    if (cmd == "clear") return cmd_clear<Chan>(a);
    line("ERROR unknown command %s", cmd.c_str());
    return usage;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: %s <command> <route|channel> <args...> [--option value ...]"
                             " (commands and formats at the top of libipc_peer.cpp)\n", argv[0]);
        return usage;
    }
    args a;
    for (int i = 3; i < argc; ++i) {
        if (std::strncmp(argv[i], "--", 2) == 0 && i + 1 < argc) { a.opt[argv[i]] = argv[i + 1]; ++i; }
        else a.pos.push_back(argv[i]);
    }
    const std::string cmd = argv[1], type = argv[2];
    try {
        if (type == "route") return run<ipc::route>(cmd, a);
        if (type == "channel") return run<ipc::channel>(cmd, a);
        line("ERROR type must be route or channel");
    } catch (const std::out_of_range&) {
        line("ERROR missing arguments for %s", cmd.c_str());
    } catch (const std::invalid_argument&) {
        line("ERROR a number expected in the arguments of %s", cmd.c_str());
    } catch (const std::exception& e) {
        line("ERROR %s", e.what());
    }
    return usage;
}
