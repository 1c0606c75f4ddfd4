package io.libipc.bench.harness;

/**
 * One figure: e.g. benchmark {@code rtt}, system {@code libipc-java}, size 32, metric
 * {@code rtt_p50_us}, value 0.65, unit {@code us}.
 *
 * @param benchmark what was measured ({@code rtt}, {@code throughput_1to1}, {@code throughput_1to3},
 *                  {@code wakeup}, {@code alloc}; a wait strategy other than the default adds
 *                  a suffix such as {@code rtt (portable)}, and the Spring starter's path
 *                  {@code rtt (spring)} or {@code rtt (spring json)}; request/reply is
 *                  {@code request_reply (bytes)} or {@code request_reply (json)})
 * @param system {@code libipc-java}, {@code aeron-ipc}, {@code uds}, {@code tcp}, {@code http}
 *               (request/reply only), or with cpp-ipc {@code libipc-java-backend},
 *               {@code libipc-java-cpp}, {@code cpp-ipc}
 * @param size message size in bytes
 * @param metric the figure's name
 * @param value the figure (a median over repetitions)
 * @param unit its unit
 */
public record Result(String benchmark, String system, int size, String metric, double value, String unit) {
}
