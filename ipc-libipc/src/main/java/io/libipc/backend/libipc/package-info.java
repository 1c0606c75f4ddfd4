/**
 * The {@link io.libipc.IpcBackend#LIBIPC} backend: {@link io.libipc.IpcChannel} over cpp-ipc
 * itself, through the {@code libipc_c} shim (our C++ source in {@code src/main/native}, the C ABI
 * of libipc's Python wrapper) bound with JNA direct mapping ({@code LibipcNative}). Found by the
 * core through {@link io.libipc.internal.engine.EngineProvider} ({@link LibipcEngineProvider}).
 *
 * <p>May use: the core's public API and its engine contract ({@code io.libipc.internal.engine}),
 * JNA. Nothing else of the core.
 */
package io.libipc.backend.libipc;
