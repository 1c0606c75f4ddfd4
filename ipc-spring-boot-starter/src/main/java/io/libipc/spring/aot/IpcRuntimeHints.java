package io.libipc.spring.aot;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

import java.util.List;

/**
 * Native-image hints for the one native call of {@code ipc-core}: the futex system call, bound by
 * JNA direct mapping ({@code Native.register}) in {@value #FUTEX}. Used only by the FUTEX wait
 * strategy (and AUTO where it picks FUTEX): a process whose channels all use PORTABLE never loads
 * JNA and needs none of this.
 *
 * <p>What Java code can express, after the configuration JNA documents for native images
 * (its {@code lib/gvm} README, which its optional {@code jna-graalvm} artifact applies as a
 * GraalVM feature):
 * <ul>
 *   <li>JNI access to the JNA classes its dispatch library looks up or calls back
 *       ({@link #JNA_JNI_TYPES}), and to {@value #FUTEX}, whose native method JNA registers;</li>
 *   <li>reflection on the JNA classes it inspects ({@link #JNA_REFLECTION_TYPES}) and on
 *       {@value #FUTEX} (JNA finds its native methods by reflection);</li>
 *   <li>the dispatch library as a resource, for the platforms the futex binding supports
 *       ({@link #JNA_DISPATCH_LIBRARIES}): JNA extracts it from the jar and loads it.</li>
 * </ul>
 * Nothing here was tried in a native image: GraalVM cannot be installed on the machines this was
 * built on (see the README, "AOT and native images").
 */
public final class IpcRuntimeHints implements RuntimeHintsRegistrar {

    /** The class of {@code ipc-core} that binds the futex call (an internal class, named here only). */
    public static final String FUTEX = "io.libipc.internal.wait.Futex";

    /** JNA classes its native dispatch library reaches through JNI. */
    public static final List<String> JNA_JNI_TYPES = List.of(
            "com.sun.jna.Callback",
            "com.sun.jna.CallbackReference",
            "com.sun.jna.CallbackReference$AttachOptions",
            "com.sun.jna.FromNativeConverter",
            "com.sun.jna.IntegerType",
            "com.sun.jna.JNIEnv",
            "com.sun.jna.Native",
            "com.sun.jna.Native$ffi_callback",
            "com.sun.jna.NativeLong",
            "com.sun.jna.NativeMapped",
            "com.sun.jna.Pointer",
            "com.sun.jna.PointerType",
            "com.sun.jna.Structure",
            "com.sun.jna.Structure$ByValue",
            "com.sun.jna.Structure$FFIType",
            "com.sun.jna.Structure$FFIType$FFITypes",
            "com.sun.jna.WString",
            "com.sun.jna.ptr.PointerByReference");

    /** JNA classes it inspects by reflection. */
    public static final List<String> JNA_REFLECTION_TYPES = List.of(
            "com.sun.jna.CallbackProxy",
            "com.sun.jna.CallbackReference",
            "com.sun.jna.Klass",
            "com.sun.jna.Native",
            "com.sun.jna.NativeLong",
            "com.sun.jna.Structure",
            "com.sun.jna.ptr.IntByReference",
            "com.sun.jna.ptr.PointerByReference");

    /** JNA's dispatch library in its jar, for Linux x86-64 and aarch64. */
    public static final List<String> JNA_DISPATCH_LIBRARIES = List.of(
            "com/sun/jna/linux-x86-64/libjnidispatch.so",
            "com/sun/jna/linux-aarch64/libjnidispatch.so");

    /** Instantiated from {@code META-INF/spring/aot.factories}. */
    public IpcRuntimeHints() {
    }

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        // Declared and public members, as JNA's own configuration lists them.
        MemberCategory[] all = {MemberCategory.ACCESS_DECLARED_FIELDS, MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
                MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS, MemberCategory.INVOKE_DECLARED_METHODS,
                MemberCategory.INVOKE_PUBLIC_METHODS};
        for (String type : JNA_JNI_TYPES) {
            hints.jni().registerType(TypeReference.of(type), all);
        }
        for (String type : JNA_REFLECTION_TYPES) {
            hints.reflection().registerType(TypeReference.of(type), all);
        }
        hints.jni().registerType(TypeReference.of(FUTEX), MemberCategory.INVOKE_DECLARED_METHODS);
        hints.reflection().registerType(TypeReference.of(FUTEX), MemberCategory.INVOKE_DECLARED_METHODS);
        JNA_DISPATCH_LIBRARIES.forEach(hints.resources()::registerPattern);
    }
}
