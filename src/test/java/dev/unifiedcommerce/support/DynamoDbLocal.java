package dev.unifiedcommerce.support;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.net.URI;

/**
 * Amazon's DynamoDB Local (the Maven artifact), in this JVM, serving HTTP on 127.0.0.1 only. One per JVM:
 * tests and the local stack share this code. DynamoDB Local has no host option, so the Jetty connector is
 * bound to loopback before it starts.
 */
public final class DynamoDbLocal {
    private static DynamoDBProxyServer server;
    private static int port;

    private DynamoDbLocal() {}

    public static synchronized String start(int wantedPort) {
        if (server == null) {
            try {
                port = wantedPort > 0 ? wantedPort : freePort();
                server = ServerRunner.createServerFromCommandLineArgs(new String[]{"-inMemory", "-sharedDb", "-disableTelemetry", "-port", Integer.toString(port)});
                Field f = DynamoDBProxyServer.class.getDeclaredField("server");
                f.setAccessible(true);
                for (Connector c : ((Server) f.get(server)).getConnectors()) {
                    if (c instanceof ServerConnector sc) sc.setHost("127.0.0.1");
                }
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(DynamoDbLocal::stop));
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start", e);
            }
        }
        return endpoint();
    }

    public static String endpoint() { return "http://127.0.0.1:" + port; }

    public static synchronized void stop() {
        if (server == null) return;
        try {
            server.stop();
        } catch (Exception ignored) {
            // shutting down anyway
        }
        server = null;
    }

    /** A plain SDK client on DynamoDB Local, for tests that build their own service stack. */
    public static DynamoDbClient client() {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
