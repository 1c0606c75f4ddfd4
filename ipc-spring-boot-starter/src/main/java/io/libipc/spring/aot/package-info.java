/**
 * What an AOT-processed application and a GraalVM native image need from the starter beyond its
 * beans: {@link io.libipc.spring.aot.IpcRuntimeHints} (JNA and the futex binding of
 * {@code ipc-core}), registered in {@code META-INF/spring/aot.factories}. Listener methods and
 * their payload types are registered through {@code @IpcListener} itself, which is
 * {@link org.springframework.aot.hint.annotation.Reflective}.
 */
package io.libipc.spring.aot;
