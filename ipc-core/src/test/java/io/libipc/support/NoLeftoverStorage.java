package io.libipc.support;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fails a test that leaves a test storage file behind (files of channels named by
 * {@link TestChannels#uniqueName} in this JVM that were not there before it ran), and removes what
 * it left so the next test starts clean.
 * Register with {@code @ExtendWith(NoLeftoverStorage.class)}.
 */
public final class NoLeftoverStorage implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoLeftoverStorage.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("before", TestChannels.leftovers());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(ExtensionContext context) throws Exception {
        List<Path> before = context.getStore(NS).get("before", List.class);
        List<Path> left = new ArrayList<>(TestChannels.leftovers());
        left.removeAll(before);
        if (!left.isEmpty()) {
            for (Path p : left) {
                java.nio.file.Files.deleteIfExists(p);
            }
            throw new AssertionError("test left storage files behind in " + TestChannels.options().storageDirectory()
                    + ": " + left);
        }
    }
}
