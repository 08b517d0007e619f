package io.github.mnistgate.mnist.fetch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HttpProxyTest {

    @Test
    void nonProxyHostsInMavenSyntax() {
        HttpProxy proxy = new HttpProxy(
                "proxy", 3128, null, null, "localhost| *.internal.example |10.*,ossci-datasets.s3.amazonaws.com");
        assertFalse(proxy.appliesTo("localhost"));
        assertFalse(proxy.appliesTo("LOCALHOST"));
        assertFalse(proxy.appliesTo("repo.internal.example"));
        assertFalse(proxy.appliesTo("10.1.2.3"));
        assertFalse(proxy.appliesTo("ossci-datasets.s3.amazonaws.com"));
        assertTrue(proxy.appliesTo("storage.googleapis.com"));
        assertTrue(proxy.appliesTo("internal.example.com"));
        assertTrue(proxy.appliesTo("110.1.2.3"));
        assertTrue(new HttpProxy("proxy", 8080).appliesTo("localhost"));
    }

    @Test
    void toStringHidesThePassword() {
        String text = new HttpProxy("proxy", 3128, "bob", "hunter2", null).toString();
        assertTrue(text.contains("bob"), text);
        assertFalse(text.contains("hunter2"), text);
    }
}
