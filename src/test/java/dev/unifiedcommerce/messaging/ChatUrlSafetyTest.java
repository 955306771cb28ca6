package dev.unifiedcommerce.messaging;

import dev.unifiedcommerce.platform.errors.Rejected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Chat webhook URLs cannot make the function call into its own network. Checked before any connection is opened,
 * with a resolver of the test's own: no traffic leaves this process.
 */
class ChatUrlSafetyTest {
    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static ChatUrls.Target target(String... addresses) {
        List<InetAddress> resolved = List.of(addresses).stream().map(ChatUrlSafetyTest::ip).toList();
        return ChatUrls.target(URI.create("https://chat.example.com/hook"), host -> resolved);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.1.2.3", "10.0.0.8", "100.64.0.1", "100.127.255.254", "127.0.0.1", "169.254.169.254", "172.16.0.1",
            "172.31.255.255", "192.0.0.8", "192.168.1.1", "198.18.0.1", "198.19.255.1", "224.0.0.1", "240.0.0.1", "255.255.255.255",
            // an IPv4-mapped address reaches us as the IPv4 address it carries (the JDK unwraps it) and is judged as that
            "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "64:ff9b::a00:1", "2002:a00:1::1", "::ffff:10.0.0.1",
            "::ffff:127.0.0.1", "::10.0.0.1", "::5db8:d822",
            "192.0.2.1", "192.88.99.1", "198.51.100.7", "203.0.113.9", "fec0::1", "2001::5efe:a00:1", "2001:db8::1", "100::1",
            "64:ff9b:1::a00:1"})
    void everySpecialPurposeAddressIsRefused(String address) {
        assertThatThrownBy(() -> target(address)).isInstanceOf(Rejected.class).hasMessageContaining("special-purpose");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "100.63.255.255", "172.32.0.1", "198.20.0.1", "2606:2800:220:1:248:1893:25c8:1946",
            "2001:4860:4860::8888", "2001:500:88:200::10"})
    void publicAddressesAreAllowed(String address) {
        assertThat(target(address).address()).isEqualTo(ip(address));
    }

    @Test
    void oneSpecialAddressAmongPublicOnesRefusesTheHost() {
        assertThatThrownBy(() -> target("93.184.216.34", "10.0.0.1")).isInstanceOf(Rejected.class);
    }

    @Test
    void theAddressCheckedIsTheAddressConnectedToEvenIfTheNameRebinds() {
        AtomicInteger lookups = new AtomicInteger();
        InetAddress first = ip("93.184.216.34"), then = ip("127.0.0.1");
        ChatUrls.Resolver rebinding = host -> lookups.getAndIncrement() == 0 ? List.of(first) : List.of(then);
        ChatUrls.Target t = ChatUrls.target(URI.create("https://rebind.example.com/hook"), rebinding);
        // the connection goes to the pinned, checked address; the name is not looked up again
        assertThat(t.address()).isEqualTo(ip("93.184.216.34"));
        assertThat(lookups).hasValue(1);
    }

    @Test
    void httpOtherPortsAndCredentialsAreRefusedOutsideTheLocalStack() {
        for (String url : List.of("http://chat.example.com/hook", "https://chat.example.com:8443/hook", "https://user:pw@chat.example.com/hook", "not a url")) {
            assertThatThrownBy(() -> ChatUrls.check(url, false)).as(url).isInstanceOf(Rejected.class);
        }
    }

    @Test
    void aNameThatDoesNotResolveInTimeIsRefused() {
        InetAddress publicAddress = ip("93.184.216.34");
        ChatUrls.Resolver slow = host -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(publicAddress);
        };
        assertThatThrownBy(() -> ChatUrls.target(URI.create("https://slow.example.com/hook"), slow)).isInstanceOf(Rejected.class)
                .hasMessageContaining("in time");
    }
}
